"""#34: a page's view restrictions are read in one query (Wagtail reads the ancestors,
then their restrictions), and say what Wagtail's own method says: the page's, its
ancestors', and for an alias, its source page's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

pytestmark = pytest.mark.django_db


def both(page):
    """Ours (one query), then Wagtail's, as sets of restriction ids."""
    with CaptureQueriesContext(connection) as captured:
        ours = {restriction.pk for restriction in page.get_view_restrictions()}
    assert len(captured.captured_queries) == 1
    return ours, {restriction.pk for restriction in Page.get_view_restrictions(page)}


def test_restrictions_of_the_page_its_ancestors_and_an_alias_source(mission_index, make_mission, home):
    free, locked = make_mission(title="Libre"), make_mission(title="Fermée")
    assert both(free) == (set(), set())
    own = PageViewRestriction.objects.create(page=locked, restriction_type="password", password="x")
    assert both(locked) == ({own.pk}, {own.pk})
    above = PageViewRestriction.objects.create(page=mission_index, restriction_type="login")
    assert both(free) == ({above.pk}, {above.pk})
    assert both(locked) == ({own.pk, above.pk}, {own.pk, above.pk})
    # An alias answers with its source page's restrictions, wherever the alias lives.
    elsewhere = mission_index.copy(to=home, update_attrs={"slug": "ailleurs", "title": "Ailleurs"})
    PageViewRestriction.objects.filter(page=elsewhere).delete()
    alias = locked.specific.create_alias(parent=elsewhere, update_slug="alias-fermee")
    assert both(alias.specific) == ({own.pk}, {own.pk})
    # The alias's own ancestors count; a restriction on another branch is not this page's.
    there = PageViewRestriction.objects.create(page=elsewhere, restriction_type="login")
    assert both(alias.specific) == ({own.pk, there.pk}, {own.pk, there.pk})
    assert both(free) == ({above.pk}, {above.pk})
