"""Certificate codes: 80 random bits in Crockford's base32, ``XXXX-XXXX-XXXX-XXXX``,
read back forgivingly (case, dashes, look-alike letters)."""

import secrets

# Crockford's base32: no I, L, O, U, so a code read aloud or retyped survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_BITS = 80


def new_code():
    number = secrets.randbits(CODE_BITS)
    chars = []
    for _position in range(CODE_BITS // 5):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    raw = "".join(chars)
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_code(value):
    """What a person typed → the stored form (case, dashes, look-alike letters)."""
    raw = (value or "").upper().translate(str.maketrans("ILO", "110"))
    raw = "".join(ch for ch in raw if ch in ALPHABET)
    if len(raw) != CODE_BITS // 5:
        return None
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
