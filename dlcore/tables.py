"""The numbers behind each chart, as rows for a table beside it."""

from __future__ import annotations

from dlcore.content import Guide, Statement


def rating_rows(statements: list[Statement], ratings: dict[str, int], guide: Guide) -> list[dict[str, object]]:
    """One row per statement: number, short label, full text, rating (None when not yet rated)."""
    labels = guide.rating_scale.labels
    return [
        {
            "#": n,
            "Statement": s.short,
            "Rating": ratings.get(s.id),
            "Meaning": labels[ratings[s.id]] if s.id in ratings else guide.rating_scale.not_rated,
            "Full statement": s.text,
        }
        for n, s in enumerate(statements, start=1)
    ]
