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
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace

from dlcore.content import (
    APPROACH_IDS,
    CULTURAL_READINESS_IDS,
    IMPLEMENTATION_READINESS_IDS,
    KEY_QUESTION_IDS,
    STRATEGY_PROFILE_IDS,
    Guide,
)
from dlcore.responses import (
    LEADER_PERSON,
    MAX_ANSWER_CHARS,
    MAX_MILESTONES,
    MAX_NAME_CHARS,
    MILESTONE_FIELDS,
    MILESTONE_STATUSES,
    RATINGS,
    Milestone,
    Responses,
    milestone_number,
)

COLUMNS = ("respondent", "role", "step", "item_id", "item", "rating", "response")
TEXT_COLUMNS = ("respondent", "role", "item", "response")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
STEP_ITEMS = {
    "cultural_readiness": CULTURAL_READINESS_IDS,
    "approach": ("approach",),
    "key_questions": KEY_QUESTION_IDS,
    "implementation_readiness": IMPLEMENTATION_READINESS_IDS,
    "gap_reflection": CULTURAL_READINESS_IDS,
    "strategy_profile": (*STRATEGY_PROFILE_IDS, LEADER_PERSON),
    # A milestone's fields, each its own row: item_id "M3-owner" is milestone M3's owner (MILESTONE_FIELDS).
    "milestones": ("M1-milestone", "M1-owner", "M1-due", "M1-status"),
}
MILESTONE_FIELD_NAMES = {"milestone": "milestone", "owner": "owner", "due": "target date", "status": "status"}
RATED_STEPS = ("cultural_readiness", "implementation_readiness")
_KNOWN_ITEMS = {step: frozenset(ids) for step, ids in STEP_ITEMS.items()}  # for the per-row check
MAX_PROBLEMS_SHOWN = 5
MAX_PROBLEMS_KEPT = 50  # a file this wrong is refused; reading on would only pile up messages
# Rows below the header: one person's file has at most 165 answers (10 + 1 + 8 + 8 + 10 + 8, and four
# rows for each of 30 milestones); the rest is room for the blank lines a spreadsheet may leave.
# Reading stops at the first row beyond.
MAX_ANSWER_ROWS = 45 + len(MILESTONE_FIELDS) * MAX_MILESTONES
MAX_ROWS = MAX_ANSWER_ROWS + 100
ONE_PERSON = f"a responses CSV of one person has at most {MAX_ANSWER_ROWS}"
# The item cell: the guide's wording, 300 characters at most. (A step, id or rating this long is
# refused anyway, as unknown.)
MAX_CELL_CHARS = 2_000
# One row as it stands in the file, quotes and line breaks included. The longest this app writes is
# about 45,000: an answer of 20,000 double quotes is 40,002 characters once quoted, two names of 120
# and the guide's wording add at most a few thousand. Reading stops at a row longer than this, so
# one row never costs more than that much memory, however many cells the file crams into it.
MAX_ROW_CHARS = 4 * MAX_ANSWER_CHARS + 1_000
# The csv module's own limit on one cell, in characters once unquoted (131,072 unless changed). It is
# process-wide, so it is only ever raised, never lowered; a cell never exceeds its row.
FIELD_SIZE_LIMIT = MAX_ROW_CHARS
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
    for s in guide.cultural_readiness.statements:  # the text: a team plan's note of what was agreed
        rating, note = responses.cultural_readiness.get(s.id), responses.rationales.get(s.id, "")
        if rating is not None or note:
            rows.append(("cultural_readiness", s.id, s.text, rating, note))
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
        if e.id == "leader" and LEADER_PERSON in responses.strategy_profile:
            rows.append(("strategy_profile", LEADER_PERSON, f"{e.name}: the person who leads", None,
                         responses.strategy_profile[LEADER_PERSON]))
    for milestone_id, milestone in responses.milestone_list():
        for name in MILESTONE_FIELDS:
            value = getattr(milestone, name)
            if value or name == "status":  # the status row always: it says the milestone is there, even a new blank one
                rows.append(("milestones", f"{milestone_id}-{name}",
                             f"Milestone {milestone_number(milestone_id)}: {MILESTONE_FIELD_NAMES[name]}", None, value))
    return [
        {"respondent": responses.respondent, "role": responses.role, "step": step, "item_id": item_id,
         "item": item, "rating": "" if rating is None else str(rating), "response": response}
        for step, item_id, item, rating, response in rows
    ]


def write_csv(responses: Responses, guide: Guide) -> bytes:
    """The responses as UTF-8 CSV bytes, ready for a download button."""
    return write_rows(to_rows(responses, guide))


def write_rows(rows: Iterable[Mapping[str, str]]) -> bytes:
    """Rows in COLUMNS as UTF-8 CSV bytes, each text guarded against running as a spreadsheet formula."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: protect(v) if k in TEXT_COLUMNS else v for k, v in row.items()})
    return out.getvalue().encode("utf-8")


# Reading -------------------------------------------------------------------

def _check_bytes(data: bytes, max_bytes: int) -> None:
    """Size, emptiness and encoding, checked without holding a second copy of the file as text."""
    if len(data) > max_bytes:
        raise CsvError([f"The file is {len(data) / 1_000_000:.1f} MB; files up to "
                        f"{max_bytes / 1_000_000:.0f} MB can be loaded. Is this the responses CSV?"])
    if not data or data.isspace():
        raise CsvError(["The file is empty. Choose a responses CSV downloaded from this app."])
    if data.isascii():  # ASCII is UTF-8: nothing to decode twice
        return
    try:
        data.decode("utf-8-sig")  # decoded again, a piece at a time, as it is parsed
    except UnicodeDecodeError as exc:
        raise CsvError([f"The file is not UTF-8 text (the byte at position {exc.start} cannot be read). "
                        "If you edited it in a spreadsheet, save it as “CSV UTF-8” and try again."]) from None


def _refuse_binary(data: bytes) -> None:
    """A NUL in a file that is not a responses CSV marks binary data (a NUL typed into an answer is kept)."""
    if b"\x00" in data:
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


class _RowTooLong(Exception):
    """Raised from the csv reader's input once the row being read runs past MAX_ROW_CHARS."""


def _lines(data: bytes, used: list[int]) -> Iterator[str]:
    """The file's lines, decoded a piece at a time (never the whole file as text at once).

    ``used[0]`` counts the characters of the row being read (a row spans several lines when a
    cell holds line breaks); the caller sets it back to 0 after each row. A line is read no
    further than one character past what the row has left, so a 5 MB line is never held whole.
    """
    readline = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="").readline
    while line := readline(MAX_ROW_CHARS + 1 - used[0]):
        used[0] += len(line)
        if used[0] > MAX_ROW_CHARS:
            raise _RowTooLong
        yield line


def _unreadable(data: bytes, exc: Exception, n: int, line: int) -> CsvError:
    """Why row ``n``, which ends on line ``line`` of the file, could not be read."""
    _refuse_binary(data)
    if isinstance(exc, _RowTooLong) and n == 1:
        return CsvError([f"The header (row 1) is longer than {MAX_ROW_CHARS:,} characters, so this is not a "
                         "responses CSV. Choose a responses CSV downloaded from this app."])
    if isinstance(exc, _RowTooLong):
        return CsvError([f"Row {n} is longer than {MAX_ROW_CHARS:,} characters; an answer can hold up to "
                         f"{MAX_ANSWER_CHARS:,}. Is this the responses CSV?"])
    return CsvError([f"The file is not valid CSV near line {line}: {exc}."])


def _too_long(values: Row, n: int) -> str:
    """What is too long in row ``n`` (in the order of COLUMNS, formula guard removed)."""
    if len(values[RESPONSE]) > MAX_ANSWER_CHARS:
        return _long_answer(n, len(values[RESPONSE]))
    for i, what in ((RESPONDENT, "name"), (ROLE, "role")):
        if len(values[i]) > MAX_NAME_CHARS:
            return (f"Row {n}, column “{COLUMNS[i]}”: the {what} is {len(values[i]):,} characters long; "
                    f"a {what} can hold up to {MAX_NAME_CHARS:,}. Shorten it and load the file again.")
    return (f"Row {n}, column “item”: the text is {len(values[ITEM]):,} characters long; "
            f"this column holds up to {MAX_CELL_CHARS:,}. Is this the responses CSV?")


def _long_answer(n: int, length: int) -> str:
    return (f"Row {n}, column “response”: the answer is {length:,} characters long; an answer can hold up to "
            f"{MAX_ANSWER_CHARS:,}. Shorten it and load the file again.")


def _check_header(header: list[str]) -> list[str]:
    """What is wrong with the header: each problem once, and the columns it should have said once, at the end
    (not after every problem: a file with the wrong header filled a screen with the same list)."""
    names = Counter(h.strip() for h in header)  # in the header's order; one pass, however many columns
    problems = []
    for name, count in names.items():
        if len(problems) >= MAX_PROBLEMS_KEPT:
            break
        if count > 1:
            problems.append(f"The header (row 1) names the column “{_show(name)}” more than once.")
        if name not in COLUMNS:
            problems.append(f"The header (row 1) has a column “{_show(name)}” that this app does not know.")
    missing = [f"“{name}”" for name in COLUMNS if name not in names]
    if missing:
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} or {missing[-1]}"
        problems.append(f"The header (row 1) has no column {listed}.")
    if missing or any(name not in COLUMNS for name in names):  # a column named twice needs no list
        problems[-1] += f" The columns are: {', '.join(COLUMNS)}."
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


def read_rows(data: bytes, max_bytes: int = 5_000_000, max_rows: int = MAX_ROWS, *,
              at_most: str = ONE_PERSON) -> tuple[list[tuple[int, Row]], list[str]]:
    """The file's rows in the order of COLUMNS, numbered as a spreadsheet shows them, with the
    formula guard taken off the columns that are read back.

    File-level faults (size, encoding, not CSV, the header, a row over MAX_ROW_CHARS, more than
    ``max_rows`` rows below the header, blank ones included) raise CsvError, the row limit with
    ``at_most`` saying how many such a file holds. Rows of the wrong length or with a cell over
    its limit are returned as problems, so the caller can report them with the rest (up to
    MAX_PROBLEMS_KEPT, then CsvError at once). The file is read one row at a time: what it costs
    in memory is the rows kept, never its blank lines, a row's excess or rows past a limit.
    """
    _check_bytes(data, max_bytes)
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    used = [0]
    reader = csv.reader(_lines(data, used), strict=True)
    try:
        header = next(reader, None)
    except (csv.Error, _RowTooLong) as exc:
        raise _unreadable(data, exc, 1, reader.line_num) from None
    if header is None:
        raise CsvError(["The file is empty. Choose a responses CSV downloaded from this app."])
    problems = _check_header(header)
    if problems:
        _refuse_binary(data)
        raise CsvError(problems)
    names = [h.strip() for h in header]
    order = [names.index(name) for name in COLUMNS]
    in_order = order == list(range(len(COLUMNS)))  # as this app writes it: no reordering needed
    guarded = (RESPONDENT, ROLE, RESPONSE)  # the text read back ("item" is the guide's own wording)
    width = len(names)
    last = max_rows + 1  # the header is row 1
    numbered = []
    n, used[0] = 1, 0
    with paused_gc():
        try:
            for values in reader:
                used[0] = 0
                n += 1
                if n > last:
                    raise CsvError([f"The file has more than {max_rows:,} rows; {at_most}. "
                                    "Is this the responses CSV?"])
                if len(values) != width:
                    if values and values != [""]:  # else a blank line, as spreadsheets leave at the end
                        problems.append(f"Row {n} has {len(values)} values, but the header has {width} columns.")
                else:
                    if not in_order:
                        values = [values[i] for i in order]
                    for i in guarded:
                        if values[i][:1] == "'":
                            values[i] = values[i][1:]
                    # Four len() inline, not a call a row: a team file has 200,000 rows. A step, id or
                    # rating this long is refused anyway, as not a step, id or rating.
                    if (len(values[RESPONSE]) <= MAX_ANSWER_CHARS and len(values[ITEM]) <= MAX_CELL_CHARS
                            and len(values[RESPONDENT]) <= MAX_NAME_CHARS and len(values[ROLE]) <= MAX_NAME_CHARS):
                        numbered.append((n, values))
                        continue
                    problems.append(_too_long(values, n))
                if len(problems) >= MAX_PROBLEMS_KEPT:
                    raise CsvError(problems)
        except (csv.Error, _RowTooLong) as exc:
            raise _unreadable(data, exc, n + 1, reader.line_num) from None
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
    if step == "milestones":
        return _apply_milestone(responses, row, item_id, n)
    if item_id not in _KNOWN_ITEMS[step]:
        ids = STEP_ITEMS[step]
        return f"Row {n}, column “item_id”: “{_show(item_id)}” is not an item of {step}. Use {ids[0]} … {ids[-1]}."
    rating, problem = _rating(step, row[RATING], n)
    if problem:
        return problem
    if len(text) > MAX_ANSWER_CHARS:  # as read_rows refuses it: rows from the store come this way only
        return _long_answer(n, len(text))
    if step in ("cultural_readiness", "implementation_readiness"):  # the text: a rationale, or what was agreed
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


def _apply_milestone(responses: Responses, row: Row, item_id: str, n: int) -> str | None:
    """One field of one milestone (item_id "M3-owner"), checked as Responses.set_milestone checks it."""
    milestone_id, _, name = item_id.partition("-")
    try:
        number = milestone_number(milestone_id)
    except ValueError:
        number = None
    if number is None or name not in MILESTONE_FIELDS or number > 10 * MAX_MILESTONES:
        return (f"Row {n}, column “item_id”: “{_show(item_id)}” is not a milestone's field. Use M1-milestone, "
                f"M1-owner, M1-due or M1-status (M2-… for the second milestone, and so on).")
    _, problem = _rating("milestones", row[RATING], n)
    if problem:
        return problem
    value = row[RESPONSE].strip() if name in ("due", "status") else row[RESPONSE]
    if name == "status":
        by_label = {label.lower(): key for key, label in MILESTONE_STATUSES.items()}
        value = value if value in MILESTONE_STATUSES else by_label.get(value.lower(), value)
        if value not in MILESTONE_STATUSES:
            return (f"Row {n}, column “response”: “{_show(row[RESPONSE])}” is not a milestone status. "
                    f"Use one of: {', '.join(MILESTONE_STATUSES)}.")
    if milestone_id not in responses.milestones and len(responses.milestones) >= MAX_MILESTONES:
        return f"Row {n}: a plan holds up to {MAX_MILESTONES} milestones; {milestone_id} is one more."
    current = responses.milestones.get(milestone_id, Milestone())
    try:
        responses.set_milestone(milestone_id, replace(current, **{name: value}))
    except ValueError as exc:
        if name == "due":
            return f"Row {n}, column “response”: “{_show(value)}” is not a date. Write a target date as YYYY-MM-DD."
        return f"Row {n}, column “response”: {str(exc).split(': ', 1)[-1]}"
    return None
