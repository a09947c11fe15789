"""The PDF of an issued certificate: rendered once from the stored facts, kept in the
certificates' storage with its SHA-256, served from there, and compared byte for byte
with a copy someone uploads."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from ..models import Certificate
from .rendering import render_certificate_pdf

CHUNK = 64 * 1024


def store_pdf(certificate):
    """Render the PDF from the stored facts and keep it with its hash and size."""
    pdf = render_certificate_pdf(certificate)
    certificate.pdf.save(f"certificates/{certificate.code}.pdf", ContentFile(pdf), save=False)
    certificate.sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.size = len(pdf)
    certificate.save(update_fields=["pdf", "sha256", "size"])
    return pdf


def stored_pdf(certificate):
    """The PDF as issued; ``None`` once the holder's name was withheld (the file
    carried it). A certificate issued before files were kept gets its file now, once."""
    if certificate.is_withheld:
        return None
    if not certificate.pdf:
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if not locked.pdf:  # nobody stored it meanwhile
                return store_pdf(locked)
            certificate = locked
    with certificate.pdf.open("rb") as fh:
        return fh.read()


def sha256_of(uploaded):
    """SHA-256 of an uploaded file, read in chunks (never kept)."""
    digest = hashlib.sha256()
    for chunk in uploaded.chunks(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def forget_pdf(certificate):
    """Delete the stored file (it shows the holder's name); the hash stays, so a copy
    the holder kept can still be checked."""
    if certificate.pdf:
        certificate.pdf.storage.delete(certificate.pdf.name)
