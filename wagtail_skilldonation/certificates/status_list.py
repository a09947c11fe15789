"""Revocation that verifiers check without us knowing who asks: a W3C Bitstring Status
List. Certificate ``pk`` sits at index ``pk % SIZE`` of list ``pk // SIZE`` (no column
to assign, no race); a revoked certificate's bit is 1. The list is read from the
certificates at each request, gzip-compressed, base64url-encoded (multibase ``u``),
and served as a signed ``BitstringStatusListCredential``."""

import base64
import gzip

from django.urls import reverse
from django.utils import timezone

from ..links import absolute_url
from ..models import Certificate
from . import jsonld

SIZE = 131072  # the specification's minimum: 16 KB, so one entry says nothing of its holder


def position(certificate):
    """(list number, index in it)."""
    return divmod(certificate.pk, SIZE)


def list_url(number):
    return absolute_url(reverse("wagtail_skilldonation:credential_status_list", args=[number]))


def entry(certificate):
    """The credential's ``credentialStatus``."""
    number, index = position(certificate)
    url = list_url(number)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def bits(number):
    """The list's bytes: bit ``i`` (the most significant bit of byte 0 is index 0) is
    set when that certificate is revoked."""
    data = bytearray(SIZE // 8)
    revoked = Certificate.objects.filter(
        revoked_at__isnull=False, pk__gte=number * SIZE, pk__lt=(number + 1) * SIZE
    ).values_list("pk", flat=True)
    for pk in revoked:
        index = pk - number * SIZE
        data[index // 8] |= 0x80 >> (index % 8)
    return bytes(data)


def encoded(number):
    compressed = gzip.compress(bits(number), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode(encoded_list):
    """The bytes of an ``encodedList`` (what a verifier does; the tests use it)."""
    value = encoded_list[1:] if encoded_list.startswith("u") else encoded_list
    return gzip.decompress(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))


def is_set(data, index):
    return bool(data[index // 8] & (0x80 >> (index % 8)))


def credential(number, issuer_id):
    url = list_url(number)
    return {
        "@context": [jsonld.VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": timezone.now().replace(microsecond=0).isoformat(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded(number),
        },
    }
