"""Objectives and extra questions become translatable (wagtail-localize translates
child rows only when they are ``TranslatableMixin``): each existing row gets its own
translation key and its mission's locale."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    for model_name, parent in (("MissionObjective", "mission_id"), ("MissionFormField", "page_id")):
        model = apps.get_model("wagtail_skilldonation", model_name)
        rows = list(model.objects.all())
        locales = dict(Page.objects.filter(pk__in={getattr(r, parent) for r in rows}).values_list("pk", "locale_id"))
        for row in rows:
            row.translation_key = uuid.uuid4()
            row.locale_id = locales[getattr(row, parent)]
        model.objects.bulk_update(rows, ["translation_key", "locale_id"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_skilldonation", "0013_skill_names_and_references"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        *(
            operation
            for model_name in ("missionobjective", "missionformfield")
            for operation in (
                migrations.AddField(model_name, "translation_key", models.UUIDField(editable=False, null=True)),
                migrations.AddField(
                    model_name,
                    "locale",
                    models.ForeignKey(
                        editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                        related_name="+", to="wagtailcore.locale", verbose_name="locale",
                    ),
                ),
            )
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        *(
            operation
            for model_name in ("missionobjective", "missionformfield")
            for operation in (
                migrations.AlterField(model_name, "translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                migrations.AlterField(
                    model_name,
                    "locale",
                    models.ForeignKey(
                        editable=False, on_delete=django.db.models.deletion.PROTECT,
                        related_name="+", to="wagtailcore.locale", verbose_name="locale",
                    ),
                ),
                migrations.AlterUniqueTogether(model_name, {("translation_key", "locale")}),
            )
        ),
    ]
