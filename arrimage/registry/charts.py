"""Charts of the « Concertation » page as SVG images, written as plain text.

Two shapes: horizontal bars (one bar per class or per organisation, its value written at its end) and the
heat map of the coverage matrix (one cell per theme and part of the territory, its number written in it,
its shade repeating the number). Every text taken from the data is escaped; the SVG carries a `<title>`
and a `<desc>` giving its figures, and draws on a white background so that it reads the same once turned
into a PNG. Colours are those of static/css/arrimage.css, with at least 4.5:1 contrast for texts and 3:1
for bars.

The charts of the analysis (`CHARTS`) are built from `territory_results`, like the rest of the page.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from arrimage.analysis.coverage import parts
from arrimage.analysis.results import Results
from arrimage.core.dates import long_date
from arrimage.territories.models import Urbanity

from .views.analysis_names import heat

# The palette of static/css/arrimage.css.
INK = "#1c2a30"
INK_MUTED = "#4b5b63"
SURFACE = "#ffffff"
LINE = "#d9d4ca"
TEAL = "#0b5a5a"
URBANITY_COLOURS = {"urban": "#1d4f91", "periurban": "#6b4c00", "rural": "#2f6b2f"}
# The shades of the heat map's steps (see static/css/analysis.css) and the colour of their numbers.
HEAT_FILLS = ("#fbeee3", "#e3efee", "#b9d9d6", "#7fb8b3", TEAL)
HEAT_TEXTS = (INK, INK, INK, INK, SURFACE)

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif'
CHARACTER_WIDTH = 0.6  # an upper estimate of a character's width, in ems, to make room for labels
TOP_ORGANIZATIONS = 10  # bars of the solicitation chart


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None when it cannot be computed) and the value as written."""

    label: str
    value: float | None
    text: str
    colour: str = TEAL


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _fit(text: str, characters: int) -> str:
    """The text cut to `characters`, with an ellipsis when it was longer."""
    return text if len(text) <= characters else text[: max(characters - 1, 1)].rstrip() + "…"


def _width(text: str, size: float) -> float:
    return len(text) * size * CHARACTER_WIDTH


def _pair(bar: Bar) -> str:
    return _("%(label)s: %(value)s") % {"label": bar.label, "value": bar.text}


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


TITLE_SIZE = 16
TITLE_LINE = 22


def _title_lines(title: str, width: float) -> list[str]:
    """The chart's title cut into lines that fit its width."""
    return textwrap.wrap(title, int((width - 32) / (TITLE_SIZE * CHARACTER_WIDTH))) or [""]


def _open(key: str, title: str, description: str, width: float, height: float) -> list[str]:
    """The start of the SVG: its size, its accessible name and description, its background and its title
    written on top (so that a downloaded image says what it shows)."""
    w, h = _number(width), _number(height)
    lines = "".join(
        f'<tspan x="16" y="{28 + number * TITLE_LINE}">{escape(line)}</tspan>'
        for number, line in enumerate(_title_lines(title, width))
    )
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
        f'aria-labelledby="{_attr(key)}-title" aria-describedby="{_attr(key)}-desc" font-family="{_attr(FONT)}" '
        f'class="chart-svg">',
        f'<title id="{_attr(key)}-title">{escape(title)}</title>',
        f'<desc id="{_attr(key)}-desc">{escape(description)}</desc>',
        f'<rect width="{w}" height="{h}" fill="{SURFACE}"/>',
        f'<text font-size="{TITLE_SIZE}" font-weight="600" fill="{INK}">{lines}</text>',
    ]


def _below_title(title: str, width: float) -> float:
    """Where the chart can start under its title."""
    return 28 + (len(_title_lines(title, width)) - 1) * TITLE_LINE + 12


def bar_chart(*, key: str, title: str, description: str, axis: str, bars: Sequence[Bar], empty: str = "") -> str:
    """Horizontal bars, longest for the largest value, each with its label on the left and its value
    written at its end. `key` makes the ids of the title and description unique on a page."""
    size = 13
    label_width = min(max((_width(bar.label, size) for bar in bars), default=80) + 16, 300)
    characters = int((label_width - 16) / (size * CHARACTER_WIDTH))
    width = 720.0
    left, right = 16 + label_width, width - 80
    axis_y = _below_title(title, width) + 12
    top, row = axis_y + 16, 32
    height = top + max(len(bars), 1) * row + 16
    parts_ = _open(key, title, description, width, height)
    parts_.append(f'<text x="16" y="{_number(axis_y)}" font-size="12" fill="{INK_MUTED}">{escape(axis)}</text>')
    if not bars:
        parts_.append(f'<text x="16" y="{top + 20}" font-size="{size}" fill="{INK}">{escape(empty)}</text>')
    largest = max((bar.value or 0.0 for bar in bars), default=0.0) or 1.0
    for number, bar in enumerate(bars):
        y = top + number * row
        length = (right - left) * (bar.value or 0.0) / largest
        parts_.append(f"<g><title>{escape(_pair(bar))}</title>")
        parts_.append(
            f'<text x="{_number(left - 8)}" y="{y + 15}" font-size="{size}" text-anchor="end" fill="{INK}">'
            f"{escape(_fit(bar.label, characters))}</text>"
        )
        parts_.append(
            f'<rect x="{_number(left)}" y="{y + 2}" width="{_number(length)}" height="20" fill="{_attr(bar.colour)}"/>'
        )
        parts_.append(
            f'<text x="{_number(left + length + 6)}" y="{y + 16}" font-size="{size}" fill="{INK}">'
            f"{escape(bar.text)}</text></g>"
        )
    parts_.append(
        f'<line x1="{_number(left)}" y1="{top}" x2="{_number(left)}" y2="{_number(height - 16)}" '
        f'stroke="{INK_MUTED}" stroke-width="1"/>'
    )
    parts_.append("</svg>")
    return "\n".join(parts_)


def heat_map(
    *,
    key: str,
    title: str,
    description: str,
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Sequence[Sequence[int]],
    step: Callable[[int], int],
    legend: Sequence[tuple[str, str]],
) -> str:
    """A matrix of cells: one row per label of `rows`, one column per label of `columns`, the number of
    `counts` written in each cell and its shade given by `step` (0 to 4). `legend` pairs the number
    written in a swatch of each step with what it means."""
    size, cell_width, cell_height = 12, 40, 24
    label_width = min(max((_width(label, size) for label in rows), default=80) + 16, 280)
    row_characters = int((label_width - 16) / (size * CHARACTER_WIDTH))
    column_characters = 28
    column_height = min(max((_width(label, size) for label in columns), default=40), _width("x" * 28, size))
    left = 16 + label_width
    width = max(left + len(columns) * cell_width + column_height * 0.72 + 24, 640)
    top = _below_title(title, width) + column_height * 0.72 + 24
    legend_top = top + len(rows) * cell_height + 24
    height = legend_top + 24 * len(legend) + 16
    parts_ = _open(key, title, description, width, height)
    for number, label in enumerate(columns):
        x = left + number * cell_width + cell_width / 2
        parts_.append(
            f'<text transform="translate({_number(x)},{_number(top - 8)}) rotate(-45)" font-size="{size}" '
            f'fill="{INK}"><title>{escape(label)}</title>{escape(_fit(label, column_characters))}</text>'
        )
    for row_number, label in enumerate(rows):
        y = top + row_number * cell_height
        parts_.append(
            f'<text x="{_number(left - 8)}" y="{_number(y + 16)}" font-size="{size}" text-anchor="end" fill="{INK}">'
            f"<title>{escape(label)}</title>{escape(_fit(label, row_characters))}</text>"
        )
        for column_number, count in enumerate(counts[row_number]):
            shade = step(count)
            x = left + column_number * cell_width
            parts_.append(
                f'<rect x="{_number(x)}" y="{_number(y)}" width="{cell_width}" height="{cell_height}" '
                f'fill="{HEAT_FILLS[shade]}" stroke="{SURFACE}" stroke-width="1"/>'
                f'<text x="{_number(x + cell_width / 2)}" y="{_number(y + 16)}" font-size="{size}" '
                f'text-anchor="middle" fill="{HEAT_TEXTS[shade]}">{count}</text>'
            )
    for number, (swatch, meaning) in enumerate(legend):
        y = legend_top + number * 24
        parts_.append(
            f'<rect x="16" y="{_number(y)}" width="{cell_width}" height="20" fill="{HEAT_FILLS[number]}" '
            f'stroke="{LINE}" stroke-width="1"/>'
            f'<text x="{16 + cell_width / 2:.0f}" y="{_number(y + 14)}" font-size="{size}" text-anchor="middle" '
            f'fill="{HEAT_TEXTS[number]}">{escape(swatch)}</text>'
            f'<text x="{16 + cell_width + 8}" y="{_number(y + 14)}" font-size="{size}" fill="{INK}">'
            f"{escape(meaning)}</text>"
        )
    parts_.append("</svg>")
    return "\n".join(parts_)


# The charts of the analysis -----------------------------------------------------------------------------


def _day(on: dt.date) -> str:
    return long_date(on)


def _values(bars: Sequence[Bar]) -> str:
    return " ; ".join(_pair(bar) for bar in bars)


def coverage_chart(results: Results, *, place: str) -> str:
    """The heat map of the coverage matrix: themes (rows) × parts of the territory (columns)."""
    s = results.snapshot
    matrix = results.matrix
    themes = {t.id: t.name for t in s.themes}
    names = {territory.id: territory.name for territory, _municipalities in parts(s)}
    counts = [
        [len(matrix.cell(theme_id, territory_id).concertation_ids) for territory_id in matrix.territory_ids]
        for theme_id in matrix.theme_ids
    ]
    return heat_map(
        key="chart-coverage",
        title=_("%(place)s: concertation bodies by theme, as of %(day)s") % {"place": place, "day": _day(s.on)},
        description=_(
            "Each cell gives the number of concertation bodies working on the theme (row) in that part of the "
            "territory (column); the darker the cell, the more bodies. An empty cell (0) is a gap."
        ),
        rows=[themes.get(theme_id, "") for theme_id in matrix.theme_ids],
        columns=[names.get(territory_id, "") for territory_id in matrix.territory_ids],
        counts=counts,
        step=heat,
        legend=[
            ("0", _("none")),
            ("1", _("one body")),
            ("2", _("two bodies")),
            ("3–4", _("three or four bodies")),
            ("5+", _("five bodies or more")),
        ],
    )


def equity_chart(results: Results, *, place: str) -> str:
    """Concertation bodies per 1,000 inhabitants in urban, periurban and rural municipalities."""
    bars = [
        Bar(
            label=str(Urbanity(row.key).label) if row.key in Urbanity.values else _("Unknown"),
            value=row.concertations_per_1000,
            text=number_format(row.concertations_per_1000, 2) if row.concertations_per_1000 is not None else "—",
            colour=URBANITY_COLOURS.get(row.key, INK_MUTED),
        )
        for row in results.equity.by_urbanity
    ]
    description = _(
        "One bar per kind of place: concertation bodies per 1,000 inhabitants in urban, periurban and rural "
        "municipalities. A body counts in every kind of place it reaches."
    )
    return bar_chart(
        key="chart-equity",
        title=_("%(place)s: concertation bodies per 1,000 inhabitants by kind of place, as of %(day)s")
        % {"place": place, "day": _day(results.snapshot.on)},
        description=f"{description} {_values(bars)}".strip(),
        axis=_("Concertation bodies per 1,000 inhabitants"),
        bars=bars,
        empty=_("No municipality of this territory is known."),
    )


def load_chart(results: Results, *, place: str) -> str:
    """The organisations holding the most seats, with their number of seats."""
    names = {o.id: o.name for o in results.snapshot.organizations}
    top = results.load.organizations[:TOP_ORGANIZATIONS]
    bars = [
        Bar(label=names.get(count.id, "") or "—", value=float(count.seats), text=number_format(count.seats))
        for count in top
    ]
    description = ngettext(
        "The organisation holding the most seats on that date, with its number of seats.",
        "The %(count)d organisations holding the most seats on that date, with their number of seats.",
        len(bars),
    ) % {"count": len(bars)}
    return bar_chart(
        key="chart-load",
        title=_("%(place)s: organisations holding the most seats, as of %(day)s")
        % {"place": place, "day": _day(results.snapshot.on)},
        description=f"{description} {_values(bars)}".strip(),
        axis=_("Seats held"),
        bars=bars,
        empty=_("No seat is held on that date."),
    )


@dataclass(frozen=True)
class Chart:
    """A chart of the page: how to draw it, whether the page shows it, and the name of its downloads."""

    slug: str
    draw: Callable[..., str]  # (results, *, place) → the SVG
    inline: bool  # shown on the page (the others are offered as downloads only)
    label: str | Promise  # "Download … (%(format)s)"
    has_data: Callable[[Results], bool]


CHARTS: dict[str, Chart] = {
    chart.slug: chart
    for chart in (
        Chart(
            "couverture",
            coverage_chart,
            inline=False,
            label=gettext_lazy("Download the heat map of the themes covered (%(format)s)"),
            has_data=lambda results: bool(results.matrix.theme_ids and results.matrix.territory_ids),
        ),
        Chart(
            "sollicitation",
            load_chart,
            inline=True,
            label=gettext_lazy("Download the chart of the organisations holding the most seats (%(format)s)"),
            has_data=lambda results: bool(results.load.organizations),
        ),
        Chart(
            "equite",
            equity_chart,
            inline=True,
            label=gettext_lazy("Download the chart of the equity between kinds of places (%(format)s)"),
            has_data=lambda results: bool(results.equity.by_urbanity),
        ),
    )
}
