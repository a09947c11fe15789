from django.db import migrations


def places_in_order(apps, schema_editor):
    """Objectives and extra questions created without a place (the demo's, among
    others) get one, in the order they were created, after those that had one."""
    for model_name, parent in (("MissionObjective", "mission_id"), ("MissionFormField", "page_id")):
        model = apps.get_model("wagtail_skilldonation", model_name)
        parents = model.objects.filter(sort_order__isnull=True).values_list(parent, flat=True).distinct()
        for parent_id in list(parents):
            siblings = model.objects.filter(**{parent: parent_id})
            last = max((s for s in siblings.values_list("sort_order", flat=True) if s is not None), default=-1)
            for row in siblings.filter(sort_order__isnull=True).order_by("pk"):
                last += 1
                model.objects.filter(pk=row.pk).update(sort_order=last)


class Migration(migrations.Migration):
    dependencies = [("wagtail_skilldonation", "0010_portal_footer_and_skill_slugs")]

    operations = [migrations.RunPython(places_in_order, migrations.RunPython.noop, elidable=True)]
