from wagtail.snippets.models import register_snippet

from .viewsets import SkillDonationViewSetGroup

register_snippet(SkillDonationViewSetGroup)
