"""A team session's public join code: short, read aloud, typed by hand, forgiving of look-alikes.

A code is 6 characters of Crockford's base32 alphabet: digits and capitals without I, L, O and U,
so that no two characters look alike on a projector (U is left out so codes spell fewer words).
Thirty-two symbols in six places give 32**6 = 1,073,741,824 codes (30 bits), drawn with
``secrets``. The code only lets a person join that team while it is open; guessing is kept
hopeless by ``dlcore.throttle``, not by the code's length alone.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 6
# Anything longer is refused before any work: a join box takes this as its max_chars too.
MAX_INPUT_CHARS = 32

# What people type for a character that is not in the alphabet but looks like one that is.
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Spaces and hyphens between the groups, including the typographic ones that a phone keyboard or
# a copy from a page gives (no-break space, non-breaking hyphen, en dash, minus sign).
_SEPARATORS = dict.fromkeys(map(ord, " \t\r\n-\u00a0\u2010\u2011\u2012\u2013\u2014\u2212"))
_CANONICAL = frozenset(ALPHABET)


def new_join_code() -> str:
    """A fresh random code; the caller makes sure no open team already has it (and draws again)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: object) -> str | None:
    """The canonical code a person meant by ``text``, or None when it cannot be a code.

    Forgives what people do when they copy a code from a screen: lower case, O for 0, I or L for 1,
    spaces and hyphens between groups. Refuses everything else, above all non-ASCII look-alikes
    (Cyrillic А, full-width ０, dotless ı): they are checked before upper-casing, since
    ``"ı".upper() == "I"`` would otherwise slip them in. Never raises, so it can take raw input.
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT_CHARS:
        return None
    compact = text.translate(_SEPARATORS)
    if len(compact) != LENGTH or not compact.isascii():
        return None
    code = compact.upper().translate(_LOOK_ALIKES)
    return code if _CANONICAL.issuperset(code) else None


def display(code: str) -> str:
    """The code as shown large and read aloud, in two groups of three: ``"ABC-123"``.

    ``normalize`` ignores the hyphen, so what is shown is also what may be typed.
    """
    if normalize(code) != code:
        raise ValueError(f"not a join code: {code!r}")
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}"
