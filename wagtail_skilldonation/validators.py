"""Identifiers of French organisations (SIREN/SIRET with Luhn, RNA), and the cleaning
every public text field gets."""

import re

from django.core.exceptions import ValidationError
from django.forms import Textarea
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
# browsers send CRLF, the database keeps LF). And the bidirectional embeddings,
# overrides and isolates (U+202A–U+202E, U+2066–U+2069): "Ana\u202egpj.exe" shows
# as "Anaexe.jpg" in a list, a certificate or a spreadsheet.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


NUL_MESSAGE = _("Null characters are not allowed.")


def has_nul(*texts):
    """A NUL byte in any of ``texts``: PostgreSQL refuses it (a 500 where a clear error
    is due), so it is refused before it reaches a query."""
    return any("\x00" in (text or "") for text in texts)


def strip_control_characters(text):
    """What a visitor typed, without the control characters that break e-mail headers,
    terminals and spreadsheet exports (``A\x01\x1b[31mB`` → ``A[31mB``), nor those that
    reorder what a reader sees."""
    return CONTROL_RE.sub("", text.replace("\r\n", "\n"))


def clean_texts(cleaned_data, fields=None):
    """``strip_control_characters`` on every text of a form's cleaned data, lists too;
    with the form's ``fields``, a one-line field (a name, a town: any widget but a
    textarea) also loses its line breaks and tabs, which would end up in e-mail headers
    and CSV rows. Every public and volunteer form cleans through this."""
    for name, value in cleaned_data.items():
        if isinstance(value, str):
            value = strip_control_characters(value)
            field = (fields or {}).get(name)
            if field is not None and not isinstance(field.widget, Textarea):
                value = " ".join(value.split())
            cleaned_data[name] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            cleaned_data[name] = [strip_control_characters(v) for v in value]
    return cleaned_data


class CleanTexts:
    """A form mixin: ``clean_texts`` on what it cleaned."""

    def clean(self):
        return clean_texts(super().clean(), self.fields)
