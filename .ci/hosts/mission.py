# A published mission on the host site (run by `manage.py shell -c`): what the visitor sees.
import datetime

from wagtail_skilldonation.models import MissionIndexPage, MissionPage, Skill

index = MissionIndexPage.objects.get()
mission = index.add_child(
    instance=MissionPage(
        title="Refaire le site du Refuge",
        slug="refaire-le-site",
        intro="Un site clair pour présenter nos ateliers.",
        places_available=2,
        application_deadline=datetime.date.today() + datetime.timedelta(days=30),
    )
)
mission.skills.add(*Skill.objects.all()[:2])
mission.save_revision().publish()
print("== the host's mission:", mission.url)
