"""Geometry for the two server-rendered SVG pictures of a story page.

Plain numbers computed here, drawn by `templates/charts.html.j2` as rects and text (labels
escaped by Jinja like everything else): no charting library, nothing to vendor, nothing for the
browser to fetch, and the picture is in the page even with scripts off.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

WIDTH = 640
LABEL = 150  # left margin for outlet names
ROW = 26


def voice_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Horizontal bars: voices per article (distinct speakers), the exclusive ones darker."""
    top = max([r["voices"] for r in rows] + [1])
    scale = (WIDTH - LABEL - 140) / top  # room for the "N (M only here)" label
    bars = [
        {
            **r,
            "y": i * ROW + 4,
            "w": round(r["voices"] * scale, 1),
            "xw": round(r["exclusive"] * scale, 1),
        }
        for i, r in enumerate(rows)
    ]
    return {"width": WIDTH, "height": len(rows) * ROW + 8, "label": LABEL, "bars": bars}


def _when(date: str) -> datetime | None:
    """A published date as a naive UTC datetime; None when it cannot be read."""
    try:
        when = datetime.fromisoformat(date.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            when = datetime.fromisoformat(date.strip()[:10])
        except ValueError:
            return None
    # Dates with an offset are compared in UTC; dates without one are taken as UTC too.
    return when if when.tzinfo is None else when.astimezone(UTC).replace(tzinfo=None)


def readable(when: datetime) -> str:
    """ "11 Jun 2025, 14:05", or "11 Jun 2025" at midnight (a date given without a time)."""
    day = f"{when.day} {when:%b %Y}"
    return day if (when.hour, when.minute) == (0, 0) else f"{day}, {when:%H:%M}"


def timeline(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One row per article, a dot at its publication time on a shared axis; None when fewer
    than two articles have readable dates, or all the same time: one dot on an axis of no
    length says nothing a sentence would not."""
    dated = [(r, w) for r in rows if (w := _when(r["date"])) is not None]
    if len(dated) < 2:
        return None
    first = min(w for _, w in dated)
    last = max(w for _, w in dated)
    if first == last:
        return None
    span = (last - first).total_seconds()
    inner = WIDTH - LABEL - 40
    points = [
        {
            **r,
            "y": i * ROW + 14,
            "x": round(LABEL + 10 + (w - first).total_seconds() / span * inner, 1),
        }
        for i, (r, w) in enumerate(sorted(dated, key=lambda rw: rw[1]))
    ]
    return {
        "width": WIDTH,
        "height": len(points) * ROW + 30,
        "label": LABEL,
        "points": points,
        "first": readable(first),
        "last": readable(last),
        "axis_y": len(points) * ROW + 4,
    }
