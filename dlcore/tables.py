"""The numbers behind each chart, as rows for a table beside it."""

from __future__ import annotations

from dlcore.content import Guide, Statement


def rating_rows(statements: list[Statement], ratings: dict[str, int], guide: Guide) -> list[dict[str, object]]:
    """One row per statement: its number, its full text, its rating (None when not yet rated) and what that
    rating means. The full text, not the chart's short label: the table is for those who cannot see the chart."""
    labels = guide.rating_scale.labels
    return [
        {
            "#": n,
            "Statement": s.text,
            "Rating": ratings.get(s.id),
            "Meaning": labels[ratings[s.id]] if s.id in ratings else guide.rating_scale.not_rated,
        }
        for n, s in enumerate(statements, start=1)
    ]
