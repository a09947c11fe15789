"""How the matching reads a place: the département of a postcode, a town's name
compared without case, accents of capitals or extra spaces; and how search reads words."""

import re
import unicodedata


def department(postcode):
    """The French département a postcode belongs to (three digits overseas)."""
    postcode = (postcode or "").strip()
    return postcode[:3] if postcode[:2] in ("97", "98") else postcode[:2]


def normalise_city(city):
    """How the matching compares cities: "  Évry " and "ÉVRY" are the same place."""
    return " ".join((city or "").split()).casefold()


_WORD = re.compile(r"[a-z0-9]+")
_POSTCODE = re.compile(r"^\d{5}$")
# Words whose final s or x is not a plural's (compared after the accents go).
_NOT_PLURAL = ("ss", "us", "is", "os", "as")


def search_words(text, query=False):
    """``text`` as the search index and the search box both read it, on every database:
    without case or accents, hyphens as spaces ("Saint-Denis" is "saint denis"), the
    plural's final s or x dropped ("formations" finds "formation"), and each postcode
    followed by its département; in a ``query`` a postcode is its département alone
    ("69001" finds a mission in 69007)."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", (text or "").casefold()) if not unicodedata.combining(ch))
    words = []
    for word in _WORD.findall(text):
        if _POSTCODE.match(word):
            words += [f"departement{department(word)}"] if query else [word, f"departement{department(word)}"]
        elif len(word) > 3 and word[-1] in "sx" and not word.endswith(_NOT_PLURAL):
            words.append(word[:-1])
        else:
            words.append(word)
    return " ".join(words)
