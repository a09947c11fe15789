from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from .admin_views import invite_view
from .inbox import ApplicationAdmin
from .viewsets import SkillDonationViewSetGroup

register_snippet(SkillDonationViewSetGroup)
modeladmin_register(ApplicationAdmin)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "skilldonation/invite/<int:mission_id>/<int:volunteer_id>/",
            invite_view,
            name="wagtail_skilldonation_invite",
        )
    ]
