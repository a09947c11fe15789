"""Content languages as the models read them: a skill's name in the active language,
the name of a language. No HTTP, no admin: the page models, e-mails and the inbox alike."""

import re

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import get_language, get_language_info
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant


def default_content_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def other_content_languages():
    """``[(code, label)]`` of the content languages a skill can be named in, besides
    the default one (its ``name``)."""
    default = default_content_language()
    return [(code, label) for code, label in get_content_languages().items() if code != default]


def name_in(names, default, language=None):
    """The name for ``language`` (the active one by default), else ``default``."""
    language = language or get_language() or ""
    names = names or {}
    return names.get(language) or names.get(language.split("-")[0]) or default


def language_name(code):
    """The name of language ``code`` in the active language ("French" for "fr");
    the code itself when Django does not know it."""
    if not code:
        return ""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


class LocalizeFields:
    """``translatable_fields`` for wagtail-localize, built only when it asks (it is an
    optional extra): ``translated`` are offered to translators, ``synchronised`` copied
    from the source. Without wagtail-localize the attribute does not exist."""

    def __init__(self, translated, synchronised):
        self.translated, self.synchronised = translated, synchronised

    def __get__(self, instance, owner):
        try:
            from wagtail_localize.fields import SynchronizedField, TranslatableField
        except ImportError:
            raise AttributeError("translatable_fields") from None
        return [TranslatableField(name) for name in self.translated] + [
            SynchronizedField(name) for name in self.synchronised
        ]


def long_date(value, format_name="DATE_FORMAT"):
    """A date (or date and time) as the active language writes it in full; French
    writes the first of the month "1er" ("le 1er décembre 2026", not "le 1 décembre")."""
    if not value:
        return ""
    text = date_format(value, format_name)
    if (get_language() or "").startswith("fr") and value.day == 1:
        text = re.sub(r"(?<!\d)1(?=[\s\u00a0])", "1er", text, count=1)
    return text


# French elides "de" before a vowel ("d'Élodie") and contracts it with the articles "le"
# and "les" ("du Havre", "des Jardins"); a name put after "de" in a sentence needs it.
_FRENCH_DE = [
    (re.compile(r"\bde (?=[AEIOUYÀÂÄÆÉÈÊËÎÏÔŒÖÙÛÜaeiouyàâäæéèêëîïôœöùûü])"), "d'"),
    (re.compile(r"\bde Les (?=\w)"), "des "),
    (re.compile(r"\bde Le (?=\w)"), "du "),
]


def contract(text):
    """``text`` as French writes it once names are in (the active language's rules;
    only French has some here): "candidature de Élodie" → "candidature d'Élodie"."""
    if not (get_language() or "").startswith("fr"):
        return text
    for pattern, replacement in _FRENCH_DE:
        text = pattern.sub(replacement, text)
    return text
