"""Per-IP rate limits counted in Django's cache (shared between processes when the
cache is). Addresses are never stored: keys hold a salted HMAC of them."""

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from .conf import get_setting


def client_ip(request):
    """The visitor's address. Behind ``TRUSTED_PROXIES`` reverse proxies (each appends
    the address it saw to ``X-Forwarded-For``), the one the outermost of ours saw; with
    none (the default) the socket's, so a forged header changes nothing."""
    proxies = get_setting("TRUSTED_PROXIES")
    remote = request.META.get("REMOTE_ADDR", "")
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def allow(request, scope, limit, window):
    """Count one hit of ``scope`` for this request's client; False once over ``limit``
    hits in ``window`` seconds."""
    return allow_key(scope, client_ip(request), limit, window)


def allow_key(scope, value, limit, window):
    """The same count for any ``value`` (an e-mail address, case-folded), kept hashed."""
    key = f"wagtail_skilldonation:{scope}:{salted_hmac(f'wagtail_skilldonation.{scope}', value).hexdigest()}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
