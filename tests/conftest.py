import os

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from hypothesis import Phase
from hypothesis import settings as hypothesis_settings
from wagtail.models import Site

# The example site's URLs depend on WAGTAIL_I18N_ENABLED when first imported: import
# them now, under the suite's settings, not lazily under a test's multilingual override.
import example_site.urls  # noqa: E402,F401
from tests.factories import ApplicationFactory, MissionPageFactory, NeedPageFactory, add_page  # noqa: F401
from wagtail_skilldonation.models import (
    Application,
    MissionIndexPage,
    NeedIndexPage,
    Organisation,
    Skill,
    SkillCategory,
    TestimonialIndexPage,
    Volunteer,
)

# The wagtail-localize tests need its apps installed: they run with
# `--ds=tests.settings_localize` (CI's localize job), and are not collected otherwise.
collect_ignore = [] if "wagtail_localize" in django_settings.INSTALLED_APPS else ["localize"]

# `make mutation` runs each test once per mutant: a failing example is all it needs,
# shrinking it (minutes for the matching properties) is wasted there.
hypothesis_settings.register_profile("mutation", phases=[Phase.explicit, Phase.reuse, Phase.generate], max_examples=10)
# CI's second and third runs (PostgreSQL, Wagtail 7.4) check the same properties on
# another database or release: fewer examples there, the full exploration on the first.
hypothesis_settings.register_profile("repeat", max_examples=5)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """The long tests (``slow``, ``browser``) first. pytest-django then groups the tests
    by how they use the database, keeping this order inside each group: the long ones
    start early on both workers instead of ending the run on one while the other waits."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None and item.get_closest_marker("browser") is None)


def _mutation_slot_database():
    """A test database per worker slot of `make mutation`: its workers are forked
    after the settings named one file per process, and each mutant's run would
    otherwise destroy its sibling's database. Reused from one mutant to the next."""
    import fcntl
    import tempfile

    global _slot_lock
    for slot in range(32):
        lock = open(os.path.join(tempfile.gettempdir(), f"skilldonation-mutation-{slot}.lock"), "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            continue
        _slot_lock = lock  # held until this process ends
        return os.path.join(tempfile.gettempdir(), f"skilldonation-mutation-{slot}.sqlite3")
    raise RuntimeError("no free test database slot")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from django.conf import settings

    database = settings.DATABASES["default"]
    if os.environ.get("SKILLDONATION_MUTATION") and database["ENGINE"].endswith("sqlite3"):
        import shutil

        name = database.setdefault("TEST", {})["NAME"] = _mutation_slot_database()
        # A fresh copy of the migrated template (see `make mutation`) for each run:
        # seconds of migrations saved per mutant.
        shutil.copyfile(os.environ["SKILLDONATION_MUTATION"], name)
    else:
        from django.db import connections

        from tests.template_db import install

        install(connections["default"])


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and Wagtail's caches must not leak between tests."""
    from django.core.cache import cache

    from wagtail_skilldonation.mail import outbox

    cache.clear()
    outbox._silent_until = 0.0  # a silent mail server met by an earlier test is not this one's


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def skills(db):
    data = [
        ("Graphisme", SkillCategory.COMMUNICATION),
        ("Rédaction", SkillCategory.COMMUNICATION),
        ("Développement web", SkillCategory.TECHNICAL),
        ("Stratégie", SkillCategory.STRATEGY),
        ("Mentorat", SkillCategory.TRAINING),
    ]
    return {name: Skill.objects.create(name=name, category=category) for name, category in data}


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Les Jardins", siret="92414635000013", rna="W751271238")


@pytest.fixture
def mission_index(home):
    return add_page(home, MissionIndexPage(title="Missions", slug="missions"))


@pytest.fixture
def need_index(home):
    return add_page(home, NeedIndexPage(title="Needs", slug="needs"))


@pytest.fixture
def testimonial_index(home):
    return add_page(home, TestimonialIndexPage(title="Testimonials", slug="testimonials"))


def _page_maker(factory_class, parent, organisation):
    """``make(skills=(), **fields)``: a page of ``factory_class`` under ``parent``,
    for ``organisation`` unless told; numbered from 0 in each test."""
    factory_class.reset_sequence(0)

    def make(skills=(), **fields):
        fields.setdefault("organisation", organisation)
        return factory_class(parent=parent, skills=skills, **fields)

    return make


@pytest.fixture
def make_mission(mission_index, organisation):
    return _page_maker(MissionPageFactory, mission_index, organisation)


@pytest.fixture
def make_need(need_index, organisation):
    return _page_maker(NeedPageFactory, need_index, organisation)


@pytest.fixture
def volunteer(db):
    return Volunteer.objects.create(first_name="Camille", last_name="Martin", email="Camille.Martin@example.org")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "password")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def form_data(mission=None, **overrides):
    """What a person filling the application form in would send."""
    import time

    from wagtail_skilldonation.applications.forms import started_token

    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": "camille.martin@example.org",
        "phone": "",
        "postcode": "75003",
        "city": "Paris",
        "format": "remote",
        "availability_hours": "8",
        "message": "Je serais ravie d'aider.",
        "proposals": "on",
        "website": "",
        "started": started_token(mission, at=time.time() - 30),
    }
    if mission is not None and "skills" not in overrides:
        data["skills"] = [s.pk for s in mission.skills.all()[:1]]
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def open_mission(make_mission, skills):
    import datetime

    from django.utils import timezone

    return make_mission(
        title="Campagne",
        skills=[skills["Graphisme"], skills["Rédaction"]],
        places_available=2,
        application_deadline=timezone.localdate() + datetime.timedelta(days=10),
        contact_email="contact@jardins.example",
    )


@pytest.fixture
def application(open_mission):
    """Inès Martin's application to ``open_mission``, written in French."""
    volunteer = Volunteer.objects.create(first_name="Inès", last_name="Martin", email="ines@example.org")
    return Application.objects.create(mission=open_mission, volunteer=volunteer, language="fr")


@pytest.fixture
def accepted(open_mission):
    """An application accepted on ``open_mission`` (no e-mail sent)."""
    return ApplicationFactory(
        mission=open_mission,
        volunteer__first_name="Léa",
        volunteer__last_name="B",
        volunteer__email="lea@example.org",
        status="accepted",
    )


@pytest.fixture
def completed(open_mission):
    """Léa's application to ``open_mission``, accepted then completed with 3 hours."""
    return ApplicationFactory(
        mission=open_mission,
        volunteer__first_name="Léa",
        volunteer__last_name="B",
        volunteer__email="lea@example.org",
        status="completed",
        hours=3,
    )


@pytest.fixture
def editor_factory(db, django_user_model):
    """An admin user holding only these permissions of the app (and admin access)."""
    from django.contrib.auth.models import Group, Permission

    def make(*codenames):
        name = "-".join(codenames) or "none"
        user = django_user_model.objects.create_user(f"editor-{name}", password="x")
        group = Group.objects.create(name=f"editors-{name}")
        group.permissions.set(Permission.objects.filter(codename__in=["access_admin", *codenames]))
        user.groups.add(group)
        return user

    return make


def _transactional(item):
    marker = item.get_closest_marker("django_db") if item is not None else None
    return marker is not None and bool(marker.kwargs.get("transaction") or "live_server" in item.fixturenames)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with the database emptied; the tests after it expect
    what the migrations made (the Site, the root page, the groups). pytest-django runs
    transactional tests last, but pytest-xdist's work stealing can hand a worker
    ordinary tests after one: then the migrated data is put back at once (a transactional
    test next puts it back itself)."""
    yield
    if not _transactional(item) or nextitem is None or _transactional(nextitem):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
