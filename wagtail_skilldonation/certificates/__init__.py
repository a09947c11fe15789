"""Certificates: codes, issuing and revoking, public links, the PDF, and the pages
that check and serve them.

``codes``, ``issuing``, ``links``, ``rendering``, ``signing`` and ``emails`` are the
domain; ``views`` (public) and ``admin_views`` (editors) call it. The domain's API is
re-exported here, e.g. ``wagtail_skilldonation.certificates.render_certificate_pdf``.
"""

from .codes import ALPHABET, CODE_BITS, new_code, normalise_code  # noqa: F401
from .issuing import CertificateError, issue, revoke  # noqa: F401
from .links import (  # noqa: F401
    DOWNLOAD_SALT,
    download_token,
    download_url,
    token_matches,
    verification_url,
)
from .rendering import (  # noqa: F401
    SiteFilesFetcher,
    certificate_context,
    font_config,
    render_certificate_html,
    render_certificate_pdf,
    stylesheet,
    write_pdf,
)
