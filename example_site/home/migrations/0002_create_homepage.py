from django.db import migrations

from wagtail_skilldonation import compat


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    # Replace Wagtail's "Welcome" page (a plain Page) with our home page.
    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2).delete()
    homepage_content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    homepage = HomePage.objects.create(
        title="Savoir partagé",
        draft_title="Savoir partagé",
        slug="home",
        content_type=homepage_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.first(),
    )
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost",
        root_page=homepage,
        is_default_site=True,
        site_name="Savoir partagé",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        compat.WAGTAILCORE_MIGRATION,
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
