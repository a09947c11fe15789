"""Factories for the suite's records (factory_boy): volunteers, organisations, skills,
pages added under their index and published, and applications in any status.

An application in a later status is walked there through ``lifecycle`` (accepted, then
completed with its hours), as an editor would: its events, places and hours ledger
are the ones the app writes, never set by hand.
"""

from contextlib import contextmanager

import factory
from factory.django import DjangoModelFactory
from modelsearch.index import insert_or_update_object
from wagtail.models import ReferenceIndex

from wagtail_skilldonation import applications
from wagtail_skilldonation.demo.data import PATHS  # the statuses passed through to reach each one
from wagtail_skilldonation.models import (
    Application,
    MissionPage,
    NeedPage,
    Organisation,
    Skill,
    SkillCategory,
    Volunteer,
)


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    category = SkillCategory.OTHER


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = "Les Jardins"
    siret = "92414635000013"
    rna = "W751271238"


class VolunteerFactory(DjangoModelFactory):
    class Meta:
        model = Volunteer

    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Volunteer {n}")
    email = factory.Sequence(lambda n: f"volunteer{n}@example.org")


@contextmanager
def tasks_dropped():
    """In this thread, tasks queued meanwhile are dropped (a dummy backend keeps them)."""
    from django_tasks import task_backends
    from django_tasks.backends.dummy import DummyBackend

    real = task_backends["default"]
    task_backends["default"] = DummyBackend("default", {})
    try:
        yield
    finally:
        task_backends["default"] = real


def add_page(parent, page, skills=()):
    """``page`` added under ``parent``, with ``skills``, published and read back.

    Each save queues Wagtail's index updates (search, references) for the page, and the
    portal queues the search one again after the publish (``portal.search``): five
    times the same work for the one page a test needs, a third of the suite's time. The
    page is indexed once, as published: what those tasks leave in the end."""
    if skills:
        page.skills.add(*skills)
    with tasks_dropped():  # publishing queues nothing else (portal/signal_handlers.py)
        parent.add_child(instance=page)
        page.save_revision().publish()
    insert_or_update_object(page)
    ReferenceIndex.create_or_update_for_object(page)
    page.refresh_from_db()
    return page


class PageFactory(factory.Factory):
    """A page under ``parent`` (its index), published; ``skills`` tags it."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")

    @classmethod
    def _create(cls, model_class, parent, skills=(), **fields):
        return add_page(parent, model_class(**fields), skills)


class MissionPageFactory(PageFactory):
    class Meta:
        model = MissionPage

    title = factory.Sequence(lambda n: f"Mission {n}")
    slug = factory.Sequence(lambda n: f"mission-{n}")


class NeedPageFactory(PageFactory):
    class Meta:
        model = NeedPage

    title = factory.Sequence(lambda n: f"Need {n}")
    slug = factory.Sequence(lambda n: f"need-{n}")


class ApplicationFactory(DjangoModelFactory):
    """``status`` (default submitted) is reached through ``lifecycle.change_status``,
    without e-mails; ``hours`` are those entered at completion."""

    class Meta:
        model = Application

    volunteer = factory.SubFactory(VolunteerFactory)

    @classmethod
    def _create(cls, model_class, status="submitted", hours=None, **fields):
        application = super()._create(model_class, **fields)
        for step in PATHS[status]:
            extra = {"hours": hours} if step == "completed" and hours is not None else {}
            applications.change_status(application, step, notify=False, **extra)
        return application
