"""The PDF of an issued certificate: rendered once from the stored facts, kept in the
certificates' storage with its SHA-256, served from there, and compared byte for byte
with a copy someone uploads."""

import errno
import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Certificate
from .rendering import render_certificate_pdf

CHUNK = 64 * 1024
FOLDER = "certificates"


class NotStored(ValidationError):
    """The storage refused the file (full, read-only…): nothing of it is left there."""


def store_pdf(certificate):
    """Render the PDF from the stored facts and keep it with its hash and size. A
    storage that fails mid-write (a full disk) leaves no part of a file behind, and
    says so in words an editor can act on (``NotStored``)."""
    pdf = render_certificate_pdf(certificate)
    storage = certificate.pdf.storage
    name = storage.get_available_name(
        certificate.pdf.field.generate_filename(certificate, f"{FOLDER}/{certificate.code}.pdf")
    )
    try:
        name = storage.save(name, ContentFile(pdf))
    except OSError as error:
        if storage.exists(name):  # the part written before the disk filled up
            storage.delete(name)
        full = error.errno in (errno.ENOSPC, errno.EDQUOT)
        raise NotStored(
            _(
                "The certificate could not be stored (%(reason)s): nothing was issued. "
                "Free some space in the certificates' storage, then issue it again."
            )
            % {"reason": _("disk full") if full else (error.strerror or str(error))},
            code="disk_full" if full else "storage",
        ) from error
    certificate.pdf.name = name
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


def orphan_files(older_than=timedelta(hours=1), now=None):
    """PDFs in the certificates' storage that no certificate names: what a worker
    killed while issuing left (its certificate's transaction rolled back, its file
    written). A file younger than ``older_than`` may be one being issued right now (the
    file is written before its row commits): left alone."""
    storage = Certificate._meta.get_field("pdf").storage
    try:
        _folders, files = storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return []
    names = [f"{FOLDER}/{name}" for name in files]
    named = set(Certificate.objects.filter(pdf__in=names).values_list("pdf", flat=True))
    cutoff = (now or timezone.now()) - older_than
    found = []
    for name in names:
        if name in named:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            continue
        if modified <= cutoff:
            found.append(name)
    return found


def remove_orphan_files():
    """Delete ``orphan_files()``; returns how many (``skilldonation_purge``)."""
    storage = Certificate._meta.get_field("pdf").storage
    found = orphan_files()
    for name in found:
        storage.delete(name)
    return len(found)
