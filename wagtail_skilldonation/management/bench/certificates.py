"""render_certificate_pdf against bare WeasyPrint."""

import statistics
import time

from django.conf import settings
from django.db import connection
from django.utils import timezone


def bench_certificates_impl(count):
    import resource

    from weasyprint import CSS, HTML

    from wagtail_skilldonation import certificates
    from wagtail_skilldonation.certificates.files import stored_pdf

    items = build_certificate_data(count)
    certificates.render_certificate_pdf(items[0])  # fonts, stylesheet, templates: warm

    def rss_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # The same final HTML through WeasyPrint alone, with the same shared fonts;
    # the two are interleaved so neither gets the warmer caches.
    fonts = certificates.font_config()
    css = CSS(
        string=certificates.rendering._read_site_file(settings.STATIC_URL + certificates.rendering.STYLESHEET).decode(),
        font_config=fonts,
    )
    HTML(string=certificates.render_certificate_html(items[0])).write_pdf(stylesheets=[css], font_config=fonts)
    start_rss = rss_mb()
    app_times, bare_times, stored_times = [], [], []
    for certificate in items:
        t0 = time.perf_counter()
        certificates.render_certificate_pdf(certificate)
        app_times.append((time.perf_counter() - t0) * 1000)
        html = certificates.render_certificate_html(certificate)
        t0 = time.perf_counter()
        HTML(string=html).write_pdf(stylesheets=[css], font_config=fonts)
        bare_times.append((time.perf_counter() - t0) * 1000)
        # What a download costs now: the file kept at issue, read from storage.
        t0 = time.perf_counter()
        stored_pdf(certificate)
        stored_times.append((time.perf_counter() - t0) * 1000)
    growth = rss_mb() - start_rss
    return {
        "bench": "certificates",
        "db": connection.vendor,
        "count": count,
        "ms_per_pdf": round(statistics.median(app_times), 2),
        "bare_ms_per_pdf": round(statistics.median(bare_times), 2),
        "download_ms_per_pdf": round(statistics.median(stored_times), 3),
        "render_vs_download": round(statistics.median(app_times) / statistics.median(stored_times), 1),
        "rss_growth_mb": round(growth, 1),
    }


def build_certificate_data(count):
    from wagtail_skilldonation import applications, certificates
    from wagtail_skilldonation.demo import build
    from wagtail_skilldonation.models import Application, MissionPage, Volunteer

    build()  # the demo's association, missions and skills
    mission = MissionPage.objects.get(slug="consultation-strategie-ong")
    mission.places_available = count + 10
    mission.save()
    skills = list(mission.skills.all())
    items = []
    for i in range(count):
        volunteer = Volunteer.objects.create(
            first_name="Bénévole",
            last_name=f"n°{i}",
            email=f"cert{i}@bench.example",
            consent_at=timezone.now(),
        )
        application = Application.objects.create(
            mission=mission,
            volunteer=volunteer,
            language="fr" if i % 3 else "en",
        )
        application.skills_offered.set(skills[: 1 + i % len(skills)])
        # Through the production path: accepted, then completed with its hours.
        applications.change_status(application, "accepted", notify=False)
        applications.change_status(application, "completed", hours=10 + i % 30, notify=False)
        items.append(certificates.issue(application, notify=False))
    return items
