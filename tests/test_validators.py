import pytest
from django.core.exceptions import ValidationError

from wagtail_skilldonation.validators import (
    luhn_ok,
    normalise_identifier,
    validate_rna,
    validate_siren_or_siret,
)


@pytest.mark.parametrize(
    "value",
    [
        "92414635000013",  # Savoir partagé's SIRET
        "924146350",  # its SIREN
        "924 146 350 00013",  # as editors paste it
        "732829320",  # a well-known SIREN
        "35600000049837",  # La Poste establishment: digit sum multiple of 5
    ],
)
def test_valid_siren_siret(value):
    validate_siren_or_siret(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("92414635000014", "siret_checksum"),  # last digit changed
        ("924146351", "siret_checksum"),
        ("9241463500001", "siret_format"),  # 13 digits
        ("92414635A00013", "siret_format"),
        ("", "siret_format"),
        ("35600000049838", "siret_checksum"),  # La Poste prefix, wrong sum
    ],
)
def test_invalid_siren_siret(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_siren_or_siret(value)
    assert excinfo.value.code == code


@pytest.mark.parametrize("value", ["W751271238", "w751271238", " W751 271 238 "])
def test_valid_rna(value):
    validate_rna(value)


@pytest.mark.parametrize("value", ["751271238", "W75127123", "W7512712380", "X751271238", "W75127123A"])
def test_invalid_rna(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_rna(value)
    assert excinfo.value.code == "rna_format"
    assert "W" in str(excinfo.value.messages[0])


def test_luhn_and_normalise():
    assert luhn_ok("4539578763621486")
    assert not luhn_ok("4539578763621487")
    assert normalise_identifier(" w751.271-238 ") == "W751271238"


def test_error_messages_are_translated():
    from django.utils import translation

    with translation.override("fr"):
        with pytest.raises(ValidationError) as excinfo:
            validate_rna("123")
        assert "suivie de 9 chiffres" in excinfo.value.messages[0]
