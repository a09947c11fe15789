from .applications import (  # noqa: F401
    Application,
    ApplicationEvent,
    HoursDeclaration,
    Invitation,
    MissionCapacity,
    Submission,
)
from .certificates import Certificate, CertificateBatch  # noqa: F401
from .choices import (  # noqa: F401
    ApplicationStatus,
    AuthorRole,
    MissionStatus,
    NeedPriority,
    NeedStatus,
    OrganisationKind,
    SkillCategory,
    WorkFormat,
)
from .feedback import Feedback  # noqa: F401
from .mail import OutgoingMail, TaskWorker  # noqa: F401
from .organisations import ImpactFollowUp, NeedProposal, OrganisationAccess, OrganisationMessage  # noqa: F401
from .pages import (  # noqa: F401
    InformationPage,
    MissionFormField,
    MissionIndexPage,
    MissionObjective,
    MissionPage,
    NeedIndexPage,
    NeedPage,
    TestimonialIndexPage,
    TestimonialPage,
)
from .people import Organisation, Volunteer  # noqa: F401
from .settings import PortalSettings  # noqa: F401
from .skills import MissionSkill, NeedSkill, RarityCount, Skill, VolunteerSkill  # noqa: F401
from .space import ApplicationMessage, VolunteerAccess  # noqa: F401
