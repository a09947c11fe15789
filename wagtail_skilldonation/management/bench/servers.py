"""What must agree between app servers sharing one database and one cache
(``skilldonation_bench load --servers 2``): each server is asked directly, on its own
port, and their answers compared."""

import re
import urllib.parse

from django.urls import reverse
from django.utils.html import escape

from ..loadtest import request

# What differs between two answers of one server too: the visitor's CSRF token, the
# form's signed clock, a CSP nonce.
_PER_REQUEST = re.compile(rb'(name="(?:csrfmiddlewaretoken|started)" value=|nonce=)"[^"]*"')


def _page(port, path):
    status, body, _cookies = request(port, "GET", path)
    return status, _PER_REQUEST.sub(rb'\1""', body)


def cached_parts_agree(ports, paths):
    """The same page, cached parts and all, from every server (tokens aside)."""
    for path in paths:
        answers = {_page(port, path) for port in ports}
        if len(answers) != 1 or next(iter(answers))[0] != 200:
            return False
    return True


def publish_seen_everywhere(ports, page, admin_headers):
    """A draft is saved; every server shows (and caches) the page as it was; an editor
    publishes the draft through the first server's admin; the other servers show the
    new title at once, on the page and in its listing."""
    old, new = escape(page.title).encode(), escape(f"{page.title} (revue)").encode()
    page.title = f"{page.title} (revue)"
    page.save_revision()
    before = [_page(port, page.url)[1] for port in ports]
    if not all(old in body and new not in body for body in before):
        return False
    query = urllib.parse.urlencode({"id": page.pk, "next": "/admin/"})
    token = admin_headers["X-CSRFToken"]
    status = request(
        ports[0],
        "POST",
        f"{reverse('wagtail_bulk_action', args=['wagtailcore', 'page', 'publish'])}?{query}",
        body=urllib.parse.urlencode({"csrfmiddlewaretoken": token}),
        headers=admin_headers,
    )[0]
    parent = page.get_parent()
    return status == 302 and all(new in _page(port, path)[1] for port in ports[1:] for path in (page.url, parent.url))


def rate_limit_shared(ports, limit):
    """One visitor verifying codes, each request to the next server: refused at the
    ``limit + 1``-th in all, not at each server's own."""
    path = reverse("wagtail_skilldonation:certificate_verify", args=["ZZZZ-ZZZZ-ZZZZ"])
    # As the load balancer forwards it: the visitor's address, then its own.
    headers = {"X-Forwarded-For": "10.250.0.1, 127.0.0.1"}
    statuses = [request(ports[i % len(ports)], "GET", path, headers=headers)[0] for i in range(limit + 2)]
    return 429 not in statuses[:limit] and statuses[limit:] == [429, 429]
