"""The issuer's keys for open credentials: Ed25519 (JOSE ``EdDSA``), kept in the
certificates' private storage (``credential-keys/<kid>.pem``: never in the database,
never served, shared by every app server when the storage is), the newest signing.
A rotation adds a key; the retired ones stay in the published JWKS, so credentials
they signed still verify. ``skilldonation_setup`` makes the first one; issuing makes
one if none exists yet (said in the log)."""

import logging
from datetime import UTC, datetime
from secrets import token_hex

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.base import ContentFile
from joserfc import jwt
from joserfc.jwk import OKPKey

from ..models.certificates import certificate_storage

logger = logging.getLogger(__name__)
FOLDER = "credential-keys"
ALGORITHM = "EdDSA"


def _names():
    storage = certificate_storage()
    try:
        _folders, files = storage.listdir(FOLDER)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(name for name in files if name.endswith(".pem"))


def kids():
    """Every key's id, oldest first (an id starts with its creation time)."""
    return [name[: -len(".pem")] for name in _names()]


def create():
    """Add a key, which signs from now on; returns its id."""
    kid = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{token_hex(3)}"
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    certificate_storage().save(f"{FOLDER}/{kid}.pem", ContentFile(pem))
    return kid


def load(kid):
    with certificate_storage().open(f"{FOLDER}/{kid}.pem", "rb") as fh:
        return OKPKey.import_key(fh.read(), {"kid": kid, "use": "sig", "alg": ALGORITHM})


def signing_key():
    """The newest key (made now if there is none)."""
    found = kids()
    if not found:
        logger.warning("No key to sign open credentials: one is made now (run skilldonation_setup to make it first)")
        return load(create())
    return load(found[-1])


def jwks():
    """The public keys, retired ones included: what verifiers read."""
    return {"keys": [load(kid).as_dict(private=False) for kid in kids()]}


def sign(claims):
    """``claims`` as a compact JWT signed with the newest key."""
    key = signing_key()
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": key.kid}
    return jwt.encode(header, claims, key, algorithms=[ALGORITHM])
