"""Admin forms of the app's pages and snippets (their ``base_form_class``)."""

from django.utils.translation import gettext as _
from taggit.utils import parse_tags
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm


class ReportsUnknownSkills:
    """The skill vocabulary is curated (``free_tagging = False``): Wagtail's tag field
    then drops a name it does not know without a word. Say which, keep the form."""

    def clean(self):
        cleaned = super().clean()
        if "skills" not in self.fields or "skills" in self.errors:
            return cleaned
        typed = parse_tags(self.data.get(self.add_prefix("skills"), "") or "")
        kept = set(cleaned.get("skills") or [])
        unknown = [name for name in typed if name not in kept]
        if unknown:
            self.add_error(
                "skills",
                _(
                    "Unknown skills: %(names)s. Pick existing ones (their names as listed), or add them under "
                    "Skill donation › Skills first."
                )
                % {"names": ", ".join(unknown)},
            )
        return cleaned


class PortalPageForm(ReportsUnknownSkills, WagtailAdminPageForm):
    pass


class MissionPageForm(PortalPageForm):
    """Tells the page whether the editor saves a draft (Wagtail defers required fields
    then) so its own publish-only checks wait too."""

    def _post_clean(self):
        self.instance._saving_draft = self.is_deferred_validation
        try:
            super()._post_clean()
        finally:
            self.instance._saving_draft = False


class VolunteerForm(ReportsUnknownSkills, WagtailAdminModelForm):
    pass
