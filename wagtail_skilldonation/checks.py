"""System checks (``manage.py check``): what would make the portal wrong without an
error anywhere. Checks that read the database run with ``check --database default``
(and at ``migrate``), as Django's own database checks do."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.utils.translation import gettext as _

from .matching.copy import drift


@register(Tags.database)
def matching_copy_in_step(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    try:
        found = drift()
    except DatabaseError:  # not migrated yet: nothing to compare
        return []
    if not any(found.values()):
        return []
    return [
        Warning(
            _(
                "The matching's copy of volunteer columns is out of step (%(volunteers)d "
                "volunteers, %(rows)d skill rows): rankings and their explanations read stale data."
            )
            % {"volunteers": found["volunteers"], "rows": found["skill_rows"]},
            hint=_(
                "Run `python manage.py skilldonation_rebuild_matching` (after bulk imports, "
                "QuerySet.update() or raw SQL on volunteers or applications)."
            ),
            id="wagtail_skilldonation.W001",
        )
    ]
