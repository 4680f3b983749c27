"""A bar chart as inline SVG, drawn on the server: it needs no JavaScript and nothing from the web.

One group of bars per paper (in date order), one bar per role of money (Kosten, Förderung,
Eigenanteil, ...). Groups whose resolution was later rescinded are drawn pale and say so. The
SVG scales to the width of its container, so it fits a phone screen; the colour key is HTML
(:func:`legend`) so that it wraps there.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape
from typing import Optional

from markupsafe import Markup

from . import labels

COLOURS = {
    "cost": "#b3261e",
    "funding": "#2e7d32",
    "own_share": "#1f5fa8",
    "savings": "#c77c00",
    "refund": "#7b1fa2",
    "revenue": "#00838f",
    "other": "#757575",
}
FONT = 14
LEFT, RIGHT, TOP, BOTTOM = 84, 12, 16, 62
PLOT_HEIGHT = 200
GROUP_WIDTH = 120


@dataclass
class Group:
    """One paper on the chart: its label, date and sums by role (in cents)."""

    label: str
    date: str = ""
    values: dict[str, int] = field(default_factory=dict)
    note: str = ""  # shown under the date, e.g. "aufgehoben" or "Rücknahme"
    ended: bool = False  # rescinded or amended later: the bars are drawn pale
    href: Optional[str] = None


def nice_step(maximum: float, ticks: int = 4) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``ticks`` gridlines."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def shorten(label: str, width: float) -> str:
    """Cut a label to what fits under its group (about 0.6 em per character)."""
    fits = max(4, int(width / (FONT * 0.6)))
    return label if len(label) <= fits else label[:fits - 1] + "…"


def legend(groups: list[Group]) -> Markup:
    """The colour key as HTML, so that it wraps on narrow screens."""
    items = "".join(
        f'<li><span class="farbe" style="background:{COLOURS.get(role, "#757575")}"></span>'
        f"{escape(labels.label(labels.ROLES, role))}</li>" for role in roles_of(groups))
    return Markup(f'<ul class="legende">{items}</ul>') if items else Markup("")


def roles_of(groups: list[Group]) -> list[str]:
    """The roles present, in the order of :data:`labels.ROLES`, unknown ones last."""
    roles = [role for role in labels.ROLES if any(role in g.values for g in groups)]
    return roles + sorted({r for g in groups for r in g.values} - set(roles))


def _text(x, y, content, anchor="middle", size=FONT, extra="") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
            f"{escape(content)}</text>")


def bar_chart(groups: list[Group], title: str) -> Markup:
    """The SVG markup of the chart, or an empty string when no group has any sum."""
    roles = roles_of(groups)
    if not groups or not roles:
        return Markup("")
    maximum = max(v for g in groups for v in g.values.values())
    step = nice_step(maximum)
    top_value = step * math.ceil(maximum / step) or step
    width = LEFT + RIGHT + GROUP_WIDTH * max(len(groups), 3)
    height = TOP + PLOT_HEIGHT + BOTTOM
    plot_width = width - LEFT - RIGHT
    group_width = plot_width / len(groups)
    bar_width = min(26.0, group_width * 0.8 / len(roles))

    def y_of(cents: float) -> float:
        return TOP + PLOT_HEIGHT - PLOT_HEIGHT * cents / top_value

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" style="max-width: {width * 1.25:.0f}px; min-width: {width * 0.7:.0f}px" '
        f'role="img" aria-labelledby="chart-title" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    # Grid and axis labels
    tick = 0.0
    while tick <= top_value + 1e-9:
        y = y_of(tick)
        parts.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#ddd" stroke-width="1"/>')
        parts.append(_text(LEFT - 6, y + 4, labels.euro_short(tick), anchor="end", size=FONT - 1))
        tick += step
    # Bars
    for index, group in enumerate(groups):
        centre = LEFT + group_width * (index + 0.5)
        present = [r for r in roles if r in group.values]
        start = centre - bar_width * len(present) / 2
        pale = ' fill-opacity="0.35" stroke-dasharray="3 2"' if group.ended else ""
        for offset, role in enumerate(present):
            value = group.values[role]
            y = y_of(value)
            colour = COLOURS.get(role, "#757575")
            tip = f"{group.label}: {labels.label(labels.ROLES, role)} {labels.euro(cents=value)}"
            parts.append(
                f'<rect x="{start + offset * bar_width:.1f}" y="{y:.1f}" width="{bar_width - 2:.1f}" '
                f'height="{TOP + PLOT_HEIGHT - y:.1f}" fill="{colour}" stroke="{colour}"{pale}>'
                f"<title>{escape(tip)}</title></rect>")
        label = _text(centre, TOP + PLOT_HEIGHT + 18, shorten(group.label, group_width),
                      extra=' font-weight="bold"')
        if group.href:
            label = f'<a href="{escape(group.href)}">{label}</a>'
        parts.append(label)
        parts.append(_text(centre, TOP + PLOT_HEIGHT + 35, group.date, size=FONT - 1))
        if group.note:
            parts.append(_text(centre, TOP + PLOT_HEIGHT + 52, group.note, size=FONT - 1,
                               extra=' fill="#b3261e"'))
    parts.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{TOP + PLOT_HEIGHT}" '
                 f'y2="{TOP + PLOT_HEIGHT}" stroke="#333"/>')
    parts.append("</svg>")
    return Markup("\n".join(parts))
