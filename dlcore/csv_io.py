"""The responses CSV of DESIGN.md: written so a spreadsheet runs no formula, read back exactly.

Reading never changes anything the caller holds: it returns a new Responses or
raises CsvError whose message says, in plain words, what is wrong and where
(row numbers as a spreadsheet shows them, the header being row 1).

Parsing uses the standard library's ``csv`` module. The formula guard is the
project's own rule (not a library's) because the round trip depends on its
exact inverse: libraries such as defusedcsv leave a leading ``'`` unescaped,
so text that itself begins with ``'`` would not come back.
"""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from dlcore.content import (
    APPROACH_IDS,
    CULTURAL_READINESS_IDS,
    IMPLEMENTATION_READINESS_IDS,
    KEY_QUESTION_IDS,
    STRATEGY_PROFILE_IDS,
    Guide,
)
from dlcore.responses import RATINGS, Responses

COLUMNS = ("respondent", "role", "step", "item_id", "item", "rating", "response")
TEXT_COLUMNS = ("respondent", "role", "item", "response")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
STEP_ITEMS = {
    "cultural_readiness": CULTURAL_READINESS_IDS,
    "approach": ("approach",),
    "key_questions": KEY_QUESTION_IDS,
    "implementation_readiness": IMPLEMENTATION_READINESS_IDS,
    "gap_reflection": CULTURAL_READINESS_IDS,
    "strategy_profile": STRATEGY_PROFILE_IDS,
}
RATED_STEPS = ("cultural_readiness", "implementation_readiness")
_KNOWN_ITEMS = {step: frozenset(ids) for step, ids in STEP_ITEMS.items()}  # for the per-row check
MAX_PROBLEMS_SHOWN = 5
# A row as the reader hands it on: its values in the order of COLUMNS (a list per row is
# much cheaper than a dict when a team file has 200,000 of them).
Row = Sequence[str]
RESPONDENT, ROLE, STEP, ITEM_ID, ITEM, RATING, RESPONSE = range(len(COLUMNS))


class CsvError(ValueError):
    """An upload that is not a responses CSV; ``problems`` lists what and where."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        text = "\n".join(f"- {p}" for p in shown) if len(problems) > 1 else problems[0]
        if more:
            text += f"\n- … and {more} more problem{'s' if more > 1 else ''}."
        super().__init__(text)


def _show(value: str, limit: int = 40) -> str:
    """A value from the file, shortened for a message."""
    value = value.replace("\n", " ").replace("\r", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def protect(text: str) -> str:
    """Prefix one ``'`` so a spreadsheet shows the text instead of running it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unprotect(text: str) -> str:
    return text[1:] if text.startswith("'") else text


# Writing -------------------------------------------------------------------

def to_rows(responses: Responses, guide: Guide) -> list[dict[str, str]]:
    """One row per answered item, in the order of the guide."""
    rows: list[tuple[str, str, str, int | None, str]] = []
    for s in guide.cultural_readiness.statements:
        if s.id in responses.cultural_readiness:
            rows.append(("cultural_readiness", s.id, s.text, responses.cultural_readiness[s.id], ""))
    if responses.approach is not None:
        rows.append(("approach", "approach", guide.implementation_readiness.approach_label, None,
                     responses.approach))
    for item_id in KEY_QUESTION_IDS:
        if item_id in responses.key_questions:
            q = guide.key_question(item_id)
            rows.append(("key_questions", item_id, f"{q.issue}: {' '.join(q.questions)}", None,
                         responses.key_questions[item_id]))
    for s in guide.implementation_readiness.statements:
        rating = responses.implementation_readiness.get(s.id)
        rationale = responses.rationales.get(s.id, "")
        if rating is not None or rationale:
            rows.append(("implementation_readiness", s.id, s.text, rating, rationale))
    for item_id in responses.gap_areas or []:
        rows.append(("gap_reflection", item_id, guide.statement(item_id).text, None,
                     responses.gap_reflections.get(item_id, "")))
    for e in guide.implementation_planning.elements:
        if e.id in responses.strategy_profile:
            rows.append(("strategy_profile", e.id, e.name, None, responses.strategy_profile[e.id]))
    return [
        {"respondent": responses.respondent, "role": responses.role, "step": step, "item_id": item_id,
         "item": item, "rating": "" if rating is None else str(rating), "response": response}
        for step, item_id, item, rating, response in rows
    ]


def write_csv(responses: Responses, guide: Guide) -> bytes:
    """The responses as UTF-8 CSV bytes, ready for a download button."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in to_rows(responses, guide):
        writer.writerow({k: protect(v) if k in TEXT_COLUMNS else v for k, v in row.items()})
    return out.getvalue().encode("utf-8")


# Reading -------------------------------------------------------------------

def _decode(data: bytes, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise CsvError([f"The file is {len(data) / 1_000_000:.1f} MB; files up to "
                        f"{max_bytes / 1_000_000:.0f} MB can be loaded. Is this the responses CSV?"])
    if not data.strip():
        raise CsvError(["The file is empty. Choose a responses CSV downloaded from this app."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvError([f"The file is not UTF-8 text (the byte at position {exc.start} cannot be read). "
                        "If you edited it in a spreadsheet, save it as “CSV UTF-8” and try again."]) from None
    return text


def _refuse_binary(text: str) -> None:
    """A NUL in a file that is not a responses CSV marks binary data (a NUL typed into an answer is kept)."""
    if "\x00" in text:
        raise CsvError(["The file contains binary data, so it is not a CSV file. "
                        "Choose a responses CSV downloaded from this app."])


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that hold no cycles.

    A team file of 10,000 people is 200,000 rows; without this, collections triggered by the
    allocations scan everything already in memory again and again and reading takes 2-3x longer.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse(text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return [row for row in reader]
    except csv.Error as exc:
        raise CsvError([f"The file is not valid CSV near line {reader.line_num}: {exc}."]) from None


def _check_header(header: list[str]) -> list[str]:
    names = [h.strip() for h in header]
    expected = ", ".join(COLUMNS)
    problems = []
    for name in dict.fromkeys(names):
        if names.count(name) > 1:
            problems.append(f"The header (row 1) names the column “{_show(name)}” more than once.")
        if name not in COLUMNS:
            problems.append(f"The header (row 1) has a column “{_show(name)}” that this app does not know. "
                            f"The columns are: {expected}.")
    for name in COLUMNS:
        if name not in names:
            problems.append(f"The header (row 1) has no column “{name}”. The columns are: {expected}.")
    return problems


_RATING_TEXT = {str(r): r for r in RATINGS}


def _rating(step: str, raw: str, n: int) -> tuple[int | None, str | None]:
    if step in RATED_STEPS and raw in _RATING_TEXT:  # the common case, as this app writes it
        return _RATING_TEXT[raw], None
    value = raw.strip()
    if not value:
        return None, None
    if step not in RATED_STEPS:
        return None, f"Row {n}, column “rating”: {step} takes no rating, but “{_show(value)}” is given. Leave it empty."
    # isascii: "²" and "①" are digits to str.isdigit() but int() refuses them, and "٣" would pass as 3.
    if value.isascii() and value.isdigit() and int(value) in RATINGS:
        return int(value), None
    return None, (f"Row {n}, column “rating”: “{_show(value)}” is not a rating. Use 1, 2, 3 or 4, "
                  "or leave it empty for not yet rated.")


def read_rows(data: bytes, max_bytes: int = 5_000_000) -> tuple[list[tuple[int, Row]], list[str]]:
    """The file's rows in the order of COLUMNS, numbered as a spreadsheet shows them, with the
    formula guard taken off the columns that are read back.

    File-level faults (size, encoding, not CSV, the header) raise CsvError; rows of the wrong
    length are returned as problems, so the caller can report them with the rest.
    """
    text = _decode(data, max_bytes)
    try:
        with paused_gc():
            rows = _parse(text)
    except CsvError:
        _refuse_binary(text)
        raise
    if not rows:
        raise CsvError(["The file is empty. Choose a responses CSV downloaded from this app."])
    header, records = rows[0], rows[1:]
    problems = _check_header(header)
    if problems:
        _refuse_binary(text)
        raise CsvError(problems)
    names = [h.strip() for h in header]
    order = [names.index(name) for name in COLUMNS]
    in_order = order == list(range(len(COLUMNS)))  # as this app writes it: no reordering needed
    guarded = (RESPONDENT, ROLE, RESPONSE)  # the text read back ("item" is the guide's own wording)
    width = len(names)
    numbered = []
    with paused_gc():
        for n, values in enumerate(records, start=2):
            if len(values) != width:
                if values and values != [""]:  # else a blank line, as spreadsheets leave at the end
                    problems.append(f"Row {n} has {len(values)} values, but the header has {width} columns.")
                continue
            if not in_order:
                values = [values[i] for i in order]
            for i in guarded:
                if values[i][:1] == "'":
                    values[i] = values[i][1:]
            numbered.append((n, values))
    return numbered, problems


def read_csv(data: bytes, max_bytes: int = 5_000_000) -> Responses:
    """A new Responses from the bytes of a responses CSV, or CsvError saying what is wrong."""
    rows, problems = read_rows(data, max_bytes)
    return apply_rows(rows, problems)


def responses_from_rows(rows: Iterable[Mapping[str, str]]) -> Responses:
    """A new Responses from rows shaped like ``to_rows`` gives them (the store reads these back).

    The same checks as a CSV upload, so anything that could not have been written is refused
    with CsvError instead of half-loaded. Rows are numbered from 1 in messages.
    """
    return apply_rows(((n, [row.get(name, "") for name in COLUMNS]) for n, row in enumerate(rows, start=1)), [])


def apply_rows(rows: Iterable[tuple[int, Row]], problems: list[str]) -> Responses:
    """One person's answers from numbered rows; ``problems`` may already hold (and keeps receiving) the caller's.

    Raises CsvError with every problem found, so nothing is half-loaded.
    """
    responses = Responses()
    seen: dict[tuple[str, str], int] = {}
    people: dict[tuple[str, str], int] = {}
    for n, row in rows:
        key = (row[STEP].strip(), row[ITEM_ID].strip())
        problem = _apply(responses, row, key, n)
        if problem:
            problems.append(problem)
            continue
        if key in seen:
            problems.append(f"Row {n} repeats {key[0]} {key[1]}, already given in row {seen[key]}.")
        seen.setdefault(key, n)
        people.setdefault((row[RESPONDENT], row[ROLE]), n)
        if len(problems) > 50:
            break
    if len(people) > 1:
        (first, r1), (second, r2) = list(people.items())[:2]
        problems.append(f"The file holds answers from more than one person (“{_show(' / '.join(first))}” in row {r1}, "
                        f"“{_show(' / '.join(second))}” in row {r2}). The planning guide loads one person’s answers.")
    if problems:
        raise CsvError(problems)
    if people:
        responses.respondent, responses.role = next(iter(people))
    return responses


def _apply(responses: Responses, row: Row, key: tuple[str, str], n: int) -> str | None:
    """Put row ``n``'s answer into ``responses``; return a problem instead if the row is wrong."""
    (step, item_id), text = key, row[RESPONSE]
    if step not in STEP_ITEMS:
        return (f"Row {n}, column “step”: “{_show(step)}” is not a step of the guide. "
                f"Use one of: {', '.join(STEP_ITEMS)}.")
    if item_id not in _KNOWN_ITEMS[step]:
        ids = STEP_ITEMS[step]
        return f"Row {n}, column “item_id”: “{_show(item_id)}” is not an item of {step}. Use {ids[0]} … {ids[-1]}."
    rating, problem = _rating(step, row[RATING], n)
    if problem:
        return problem
    if step == "cultural_readiness":
        if text:
            return f"Row {n}, column “response”: cultural readiness statements take a rating only, not text."
        if rating is not None:
            responses.rate(item_id, rating)
    elif step == "implementation_readiness":
        if rating is not None:
            responses.rate(item_id, rating)
        responses.write("rationales", item_id, text)
    elif step == "approach":
        if text.strip() not in APPROACH_IDS:
            return (f"Row {n}, column “response”: “{_show(text)}” is not an approach. "
                    f"Use one of: {', '.join(APPROACH_IDS)}.")
        responses.choose_approach(text.strip())
    elif step == "gap_reflection":
        responses.choose_gap_areas([*(responses.gap_areas or []), item_id])
        responses.write("gap_reflections", item_id, text)
    else:
        responses.write(step, item_id, text)
    return None
