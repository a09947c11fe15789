"""An organisation's partnership summary, in its space and as a PDF it can keep or
show its board: missions, volunteers, hours received and their valuation, objectives
reached, and what lasted. The figures are the impact report's (``figures.impact``)
for that organisation: one source for the report, the editor's panel and this."""

import datetime

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from wagtail.models import Site

from ..certificates.rendering import write_pdf
from ..models import MissionPage, PortalSettings
from ..organisations.space import contact_required, own_organisation, page
from .figures import impact


def summary(organisation):
    today = timezone.localdate()
    missions = MissionPage.objects.one_per_mission().filter(organisation=organisation).live()
    return {
        "organisation": organisation,
        "today": today,
        "all_time": impact(organisation=organisation),
        "years": [
            (year, impact(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), organisation=organisation))
            for year in range(today.year, today.year - 3, -1)
        ],
        "missions": [m.localized for m in missions.order_by("-start_date", "title")],
        "portal": PortalSettings.for_site(site)
        if (site := Site.objects.filter(is_default_site=True).first())
        else None,
    }


@contact_required
def partnership(request, pk):
    organisation = own_organisation(request, pk)
    return page(request, "partnership", **summary(organisation))


@contact_required
def partnership_pdf(request, pk):
    organisation = own_organisation(request, pk)
    html = render_to_string(
        "wagtail_skilldonation/organisation_space/partnership_pdf.html",
        {**summary(organisation), "language": get_language()},
    )
    response = HttpResponse(write_pdf(html), content_type="application/pdf")
    name = slugify(organisation.name) or "organisation"
    response["Content-Disposition"] = f'attachment; filename="partnership-{name}-{timezone.localdate():%Y-%m-%d}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
