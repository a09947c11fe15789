"""Per-IP rate limits counted in Django's cache (shared between processes when the
cache is). Addresses are never stored: keys hold a salted HMAC of them."""

from django.core.cache import cache
from django.utils.crypto import salted_hmac


def allow(request, scope, limit, window):
    """Count one hit of ``scope`` for this request's IP; False once over ``limit``
    hits in ``window`` seconds."""
    return allow_key(scope, request.META.get("REMOTE_ADDR", ""), limit, window)


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
