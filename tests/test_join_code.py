"""Join codes: six characters without look-alikes, typed back forgivingly, anything else refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlcore.join_code import ALPHABET, LENGTH, MAX_INPUT_CHARS, display, new_join_code, normalize

codes = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH)


# The alphabet and new codes -------------------------------------------------------------


def test_the_alphabet_is_crockfords_base32():
    """32 distinct characters: digits and capitals without I, L, O and U."""
    assert 32 == len(set(ALPHABET)) == len(ALPHABET)
    assert set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") - set("ILOU") == set(ALPHABET)


def test_a_new_code_is_six_characters_of_the_alphabet():
    """Every new code has the canonical shape, so it normalizes to itself."""
    for _ in range(200):
        code = new_join_code()
        assert LENGTH == len(code)
        assert code == normalize(code)


def test_new_codes_are_drawn_at_random():
    """A thousand draws from 2**30 codes do not repeat (a fixed or short-cycled draw would)."""
    assert 1000 == len({new_join_code() for _ in range(1000)})


def test_every_character_of_the_alphabet_turns_up_in_new_codes():
    """All 32 characters are drawn, not a subset (6,000 characters: missing one by chance is ~1e-80)."""
    assert set(ALPHABET) == set("".join(new_join_code() for _ in range(1000)))


# What people type -------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("ABC123", "ABC123"),
    ("abc123", "ABC123"),
    ("AbC-123", "ABC123"),
    ("ABC 123", "ABC123"),
    ("  abc 123 \n", "ABC123"),
    ("a-b-c-1-2-3", "ABC123"),
    ("ABC\u2013123", "ABC123"),  # en dash, as a phone keyboard makes of a hyphen
    ("ABC\u00a0123", "ABC123"),  # no-break space, as copied from a page
    ("O0oO0o", "000000"),  # O and o are read as zero
    ("IiLl11", "111111"),  # I and L, either case, are read as one
    ("HELL0W", "HE110W"),
    ("zzzzzz", "ZZZZZZ"),
], ids=repr)
def test_what_people_type_is_read_as_the_code_they_meant(typed, expected):
    """Case, look-alike letters, spaces and hyphens are forgiven."""
    assert expected == normalize(typed)


@pytest.mark.parametrize("typed", [
    "",
    "   ",
    "---",
    "ABC12",  # too short
    "ABC1234",  # too long
    "ABCU23",  # U is not in the alphabet
    "ABC_23", "ABC.23", "ABC/23", "AB+123", "AB'123", "AB%123", "AB;123",  # punctuation
    "\u0410BC123",  # Cyrillic А
    "\u0421AB123",  # Cyrillic С
    "ABC\uff11\uff12\uff13",  # full-width digits １２３
    "\u0131BC123",  # dotless ı, which upper-cases to I
    "\u017fBC123",  # long ſ, which upper-cases to S
    "\u212aBC123",  # Kelvin sign K
    "ABC\u0661\u0662\u0663",  # Arabic-Indic digits
    "ABC123\u200b",  # zero-width space
    "ABC12\x00",
    "ABC" + "-" * MAX_INPUT_CHARS + "123",  # would be a code, but is longer than any typing of one
    "A" * 10_000,
], ids=repr)
def test_what_cannot_be_a_code_is_refused(typed):
    """Wrong length, characters outside the alphabet, non-ASCII look-alikes and long input give None."""
    assert None is normalize(typed)


@pytest.mark.parametrize("value", [None, 123456, b"ABC123", ["ABC123"]], ids=repr)
def test_what_is_not_text_is_refused(value):
    """A query parameter that is missing or of another type gives None, not an exception."""
    assert None is normalize(value)


def test_input_up_to_the_limit_is_read():
    """Separators may pad a code up to MAX_INPUT_CHARS characters in all."""
    typed = "ABC123".center(MAX_INPUT_CHARS)
    assert MAX_INPUT_CHARS == len(typed)
    assert "ABC123" == normalize(typed)
    assert None is normalize(typed + " ")


# Display ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "shown"), [("ABC123", "ABC-123"), ("000000", "000-000"), ("ZYXWVT", "ZYX-WVT")])
def test_a_code_is_shown_in_two_groups_of_three(code, shown):
    assert shown == display(code)


@pytest.mark.parametrize("code", ["abc123", "ABC-123", "ABCU23", "ABC12", "", "ABCO23"], ids=repr)
def test_only_a_canonical_code_is_displayed(code):
    """Showing a code that is not canonical is a bug in the caller, said at once."""
    with pytest.raises(ValueError, match="not a join code"):
        display(code)


# Properties -------------------------------------------------------------------------------


@given(codes)
def test_what_is_shown_reads_back_as_the_code(code):
    """normalize(display(c)) == c: what the facilitator shows is what participants may type."""
    assert code == normalize(display(code))
    assert code == normalize(display(code).lower())


@given(st.text(max_size=64))
def test_normalize_never_raises_and_gives_a_code_or_none(text):
    """Any text at all gives None or a canonical code."""
    result = normalize(text)
    assert result is None or (LENGTH == len(result) and set(result) <= set(ALPHABET))


@given(codes, st.lists(st.sampled_from([" ", "-"]), min_size=LENGTH + 1, max_size=LENGTH + 1))
def test_separators_anywhere_are_ignored(code, separators):
    """A space or hyphen before, between or after any characters changes nothing."""
    typed = "".join(s + c for s, c in zip(separators[:-1], code, strict=True)) + separators[-1]
    assert code == normalize(typed)
