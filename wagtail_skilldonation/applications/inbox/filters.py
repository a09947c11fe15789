"""The inbox's own filters: what is waiting (``applications.waiting``), the language
applied in."""

from django.contrib.admin import SimpleListFilter
from django.utils.translation import gettext_lazy as _

from ...models import Application
from ...models.languages import language_name
from .. import waiting


class WaitingFilter(SimpleListFilter):
    """The work the admin home counts (``waiting``), one click from each count."""

    title = _("what is waiting")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [(key, label) for key, label, _q in waiting.kinds()]

    def queryset(self, request, queryset):
        condition = waiting.condition(self.value())
        return queryset.filter(condition) if condition is not None else queryset


class LanguageFilter(SimpleListFilter):
    """The languages applications were written in, each by its name (an application
    from before languages were recorded has none: "Not recorded", never an empty link)."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        codes = Application.objects.order_by("language").values_list("language", flat=True).distinct()
        return [(code or "-", language_name(code) or _("Not recorded")) for code in codes]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(language="" if value == "-" else value)
