"""How the matching reads a place: the département of a postcode, a town's name
compared without case, accents of capitals or extra spaces."""


def department(postcode):
    """The French département a postcode belongs to (three digits overseas)."""
    postcode = (postcode or "").strip()
    return postcode[:3] if postcode[:2] in ("97", "98") else postcode[:2]


def normalise_city(city):
    """How the matching compares cities: "  Évry " and "ÉVRY" are the same place."""
    return " ".join((city or "").split()).casefold()
