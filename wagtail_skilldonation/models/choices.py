"""Choice lists shared by several models (and by the public filters)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SkillCategory(models.TextChoices):
    STRATEGY = "strategy", _("Strategy & management consulting")
    TRAINING = "training", _("Training & mentoring")
    TECHNICAL = "technical", _("Technical services (IT, web, data)")
    COMMUNICATION = "communication", _("Content creation & communication")
    OTHER = "other", pgettext_lazy("skill category", "Other")


class WorkFormat(models.TextChoices):
    REMOTE = "remote", _("Remote")
    ON_SITE = "on_site", _("On site")
    BOTH = "both", _("Remote or on site")

    @classmethod
    def compatible_with(cls, wanted):
        """Formats a mission may have to suit someone who wants ``wanted``."""
        if wanted == cls.BOTH:
            return [cls.REMOTE, cls.ON_SITE, cls.BOTH]
        return [wanted, cls.BOTH]


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    NGO = "ngo", _("NGO")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", pgettext_lazy("organisation kind", "Other")


class NeedPriority(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class NeedStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    IN_PROGRESS = "in_progress", _("Being addressed")
    MET = "met", _("Met")


class MissionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FULL = "full", _("Full")
    CLOSED = "closed", _("Closed")
    COMPLETED = "completed", _("Completed")

    @property
    def takes_applications(self):
        """A mission shown so takes applications (a full one, onto its waiting list)."""
        return self in ACTIVE_MISSION_STATUSES


# A volunteer accepted on a mission in one of these is busy with it.
ACTIVE_MISSION_STATUSES = (MissionStatus.OPEN, MissionStatus.FULL)


class AuthorRole(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    BENEFICIARY = "beneficiary", _("Beneficiary")
    PARTNER = "partner", _("Partner")


class ApplicationStatus(models.TextChoices):
    # Typed with an address the portal knows: nobody may act on it until the owner of
    # the address confirms by the e-mailed link (then it is submitted).
    UNCONFIRMED = "unconfirmed", _("Waiting for the address's confirmation")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITING_LIST = "waiting_list", _("Waiting list")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")
