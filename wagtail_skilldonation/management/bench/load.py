"""gunicorn + the task worker under concurrent clients, then the records checked."""

import os
import random
import tempfile
import time
import uuid

from django.db import connection

from wagtail_skilldonation.conf import get_setting


def bench_load_impl(seconds, clients, post_clients, applicants, repeated, places, processes, servers, workers):
    """The demo, served by ``servers`` gunicorn instances (``processes`` each; behind
    haproxy when more than one) and ``workers`` task workers; reads at ``clients``
    concurrent clients, then ``applicants`` + ``repeated`` applications at
    ``post_clients``, then editors accepting all at once; then the records, read back,
    and with several servers, what they must agree on."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.urls import reverse
    from wagtail.models import Site

    from wagtail_skilldonation.demo import build
    from wagtail_skilldonation.management import loadtest
    from wagtail_skilldonation.management.bench import servers as between
    from wagtail_skilldonation.models import (
        Application,
        MissionIndexPage,
        MissionPage,
        OutgoingMail,
        Submission,
        Volunteer,
    )

    build()
    index = MissionIndexPage.objects.get()
    target = MissionPage(
        title="Mission de charge",
        slug="mission-de-charge",
        intro="Pour la mesure.",
        places_available=places,
        status="open",
        estimated_hours=10,
        format="both",
    )
    index.add_child(instance=target)
    target.save_revision().publish()
    demo_mission = MissionPage.objects.get(slug="consultation-strategie-ong")
    password = uuid.uuid4().hex
    get_user_model().objects.create_superuser("bench-editor", "editor@bench.example", password)
    home = Site.objects.get(is_default_site=True).root_page
    mail_dir = tempfile.mkdtemp(prefix="skilldonation-bench-mail-")
    os.makedirs(os.path.join(mail_dir, "mail"))
    lines = []
    topology = {"servers": servers, "processes": processes, "task_workers": workers}
    agree = {}
    with loadtest.Server(processes, os.path.join(mail_dir, "mail"), servers, workers) as server:
        pages = loadtest.hammer(
            server.port,
            {
                "home (bare page)": home.url,
                "mission index": index.url,
                "mission": demo_mission.url,
            },
            clients,
            seconds,
        )
        bare_rps = pages["home (bare page)"]["rps"]
        for name, figures in pages.items():
            lines.append(
                {
                    "bench": "load",
                    "db": connection.vendor,
                    **topology,
                    "clients": clients,
                    "page": name,
                    **figures,
                    "rps_ratio": round(figures["rps"] / bare_rps, 2),
                }
            )
        people = [
            {"first_name": "Charge", "last_name": str(i), "email": f"charge{i}@bench.example"}
            for i in range(applicants)
        ]
        # People applying again (their address is known: the form waits for their
        # confirmation by e-mail), sent among the first ones.
        sent = people + people[:repeated]
        order = list(range(len(sent)))
        random.Random(7).shuffle(order)
        prepared = [
            loadtest.prepare_application(server.port, target.url, sent[i], f"10.{i // 250}.{i % 250}.{1 + n % 200}")
            for n, i in enumerate(order)
        ]
        time.sleep(get_setting("MIN_FILL_SECONDS") + 0.5)  # people read before they send
        posted = loadtest.post_all(server.port, target.url, prepared, post_clients)
        lines.append(
            {
                "bench": "load",
                "db": connection.vendor,
                **topology,
                "clients": post_clients,
                "page": "application (POST)",
                **posted,
            }
        )
        headers = loadtest.admin_session(server.port, "bench-editor", password)
        pending = Application.objects.filter(mission=target).values_list("pk", flat=True)
        accept_urls = [reverse("wagtail_skilldonation_application_modeladmin_transition", args=[pk]) for pk in pending]
        accept_errors = loadtest.accept_all(server.port, accept_urls, headers, clients)
        mail_seconds = loadtest.wait_for_mail(timeout=600)
        if servers > 1:
            agree = {
                "cached_parts_agree": between.cached_parts_agree(server.ports, [index.url, demo_mission.url]),
                "rate_limit_shared": between.rate_limit_shared(server.ports, get_setting("VERIFY_RATE_LIMIT")[0]),
                "publish_seen_everywhere": between.publish_seen_everywhere(server.ports, demo_mission, headers),
            }
    stored = Application.objects.filter(mission=target).count()
    volunteers = Volunteer.objects.filter(email__endswith="@bench.example", email__startswith="charge")
    duplicates = (
        Volunteer.objects.values("email").annotate(n=Count("pk")).filter(n__gt=1).count()
        + Application.objects.values("mission", "volunteer").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    submissions = Submission.objects.filter(mission=target).count()
    accepted = Application.objects.filter(mission=target, status="accepted").count()
    mails = OutgoingMail.objects.values("status").annotate(n=Count("pk"))
    by_status = {row["status"]: row["n"] for row in mails}
    delivered = loadtest.delivered_messages(os.path.join(mail_dir, "mail"))
    files = len(delivered)
    target = MissionPage.objects.get(pk=target.pk)  # places_taken is cached on the instance
    result = {
        "bench": "load",
        "summary": "records after the load",
        "db": connection.vendor,
        "cache": "redis" if os.environ.get("REDIS_URL") else "files",
        **topology,
        "mission_rps_vs_bare": round(pages["mission"]["rps"] / bare_rps, 2),
        "applications_expected": applicants,
        "applications_stored": stored,
        "volunteers_stored": volunteers.count(),
        "forms_sent": len(sent),
        "forms_kept": submissions,
        "duplicates": duplicates,
        "places": places,
        "accepted": accepted,
        "capacity_count": target.places_taken,
        "accept_errors": accept_errors,
        "mails": by_status,
        "mail_files": files,
        "mail_double_sent": files - len(set(delivered)),
        "mail_drained_s": round(mail_seconds, 1),
    }
    errors = sum(line.get("errors", 0) for line in lines) + accept_errors
    result["checks"] = {
        "no_errors": errors == 0,
        "none_lost": stored == applicants and submissions == len(sent) and volunteers.count() == applicants,
        "none_duplicated": duplicates == 0,
        "capacity_exact": accepted == places == target.places_taken,
        "every_mail_delivered": set(by_status) <= {"sent", "cancelled"} and files == by_status.get("sent", 0) > 0,
        "none_sent_twice": len(set(delivered)) == files,
        **agree,
    }
    lines.append(result)
    return lines
