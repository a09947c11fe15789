"""Identifiers of French organisations (SIREN/SIRET with Luhn, RNA), and the cleaning
every public text field gets."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share one SIREN and use a digit-sum rule instead of Luhn.
LA_POSTE_SIREN = "356000000"
RNA_RE = re.compile(r"^W\d{9}$")


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def normalise_identifier(value):
    """Editors paste identifiers with spaces or dots ("924 146 350 00013")."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def validate_siren_or_siret(value):
    value = normalise_identifier(value)
    if not value.isdigit() or len(value) not in (9, 14):
        raise ValidationError(_("Enter a SIREN (9 digits) or a SIRET (14 digits)."), code="siret_format")
    if len(value) == 14 and value.startswith(LA_POSTE_SIREN):
        if value == LA_POSTE_SIREN + "99999" or sum(map(int, value)) % 5 == 0:
            return
    elif luhn_ok(value):
        return
    raise ValidationError(
        _("This SIREN/SIRET number is not valid (checksum mismatch)."),
        code="siret_checksum",
    )


def validate_rna(value):
    if not RNA_RE.match(normalise_identifier(value)):
        raise ValidationError(
            _("Enter an RNA number: the letter W followed by 9 digits (e.g. W751271238)."),
            code="rna_format",
        )


# C0 and C1 control characters, DEL; tab and newline are kept (carriage returns go:
# browsers send CRLF, the database keeps LF).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control_characters(text):
    """What a visitor typed, without the control characters that break e-mail headers,
    terminals and spreadsheet exports (``A\x01\x1b[31mB`` → ``A[31mB``)."""
    return CONTROL_RE.sub("", text.replace("\r\n", "\n"))


def clean_texts(cleaned_data):
    """``strip_control_characters`` on every text of a form's cleaned data, lists too."""
    for name, value in cleaned_data.items():
        if isinstance(value, str):
            cleaned_data[name] = strip_control_characters(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            cleaned_data[name] = [strip_control_characters(v) for v in value]
    return cleaned_data
