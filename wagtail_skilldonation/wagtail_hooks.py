from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from .inbox import ApplicationAdmin
from .viewsets import SkillDonationViewSetGroup

register_snippet(SkillDonationViewSetGroup)
modeladmin_register(ApplicationAdmin)
