"""Information pages (legal notice, privacy, contact): the footer and the application
form link them."""

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models

import wagtail_skilldonation.models.pages.base
from wagtail_skilldonation import compat


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_skilldonation", "0019_testimonial_source_feedback"),
        compat.WAGTAILCORE_MIGRATION,
        migrations.swappable_dependency(compat.PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="InformationPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=compat.PAGE_MODEL,
                    ),
                ),
                ("body", wagtail.fields.RichTextField(verbose_name="body")),
            ],
            options={
                "verbose_name": "information page",
                "verbose_name_plural": "information pages",
            },
            bases=(wagtail_skilldonation.models.pages.base.PortalPageMixin, "wagtailcore.page", models.Model),
        ),
    ]
