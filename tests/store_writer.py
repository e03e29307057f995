"""Answers by round, and a writer process the store tests kill: ``python -m tests.store_writer URL TOKEN``.

The process saves round 0, prints "saved", then keeps saving rounds 1, 2, ... until it is
killed with SIGKILL, as a crash or an out-of-memory kill would end it. Every round changes
every item, so a session left half-written would show answers from two rounds.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from dlcore import Responses, Store, load_guide
from dlcore.content import APPROACH_IDS
from dlcore.csv_io import RATED_STEPS, STEP_ITEMS, responses_from_rows
from dlcore.responses import MILESTONE_STATUSES

ITEMS = [(step, item_id) for step, ids in STEP_ITEMS.items() for item_id in ids]  # every kind of item (M1's fields)


def answer_row(step: str, item_id: str, n: int) -> dict[str, str]:
    """Round ``n``'s answer to one item, as a row of the responses CSV."""
    rating = str(n % 4 + 1) if step in RATED_STEPS else ""
    fixed = {"cultural_readiness": "", "approach": APPROACH_IDS[n % len(APPROACH_IDS)],
             "M1-due": f"2027-01-{n % 28 + 1:02d}", "M1-status": list(MILESTONE_STATUSES)[n % len(MILESTONE_STATUSES)]}
    text = fixed.get(step, fixed.get(item_id, f"{item_id}, round {n}"))
    return {"respondent": "", "role": "", "step": step, "item_id": item_id, "rating": rating, "response": text}


def answers_at(n: int, items: Iterable[tuple[str, str]] = ITEMS) -> Responses:
    """Round ``n``'s answers to ``items``, signed "round n" so a reader can tell the round."""
    responses = responses_from_rows(answer_row(step, item_id, n) for step, item_id in items)
    responses.respondent = f"round {n}"
    return responses


def main(url: str, token: str) -> None:
    store, guide = Store(url), load_guide()
    previous = store.save(token, answers_at(0), guide)
    print("saved", flush=True)
    n = 1
    while True:
        previous = store.save(token, answers_at(n), guide, previous=previous)
        n += 1


if __name__ == "__main__":
    main(*sys.argv[1:3])
