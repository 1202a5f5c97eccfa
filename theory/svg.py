"""SVG for driver diagrams and fishbones, from ``theory.layout``. The page shows it and the export
downloads the very same markup.

Styling is in presentation attributes, not CSS, so the exported file looks the same wherever it is
opened. Every label is a ``<text data-label="...">`` whose ``<tspan>`` lines join to the full label.
Each node is a ``<g data-node="key">``; on the page, ``static/js/theory.js`` makes the ones that
have an editor focusable and opens that editor on Enter or a click.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from theory.layout import (
    FONT,
    LINE,
    PAD,
    PILL_HEIGHT,
    PILL_PAD,
    SMALL_FONT,
    SMALL_LINE,
    Box,
    DriverLayout,
    FishboneLayout,
    Label,
)

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
INK, MUTED, LINE_COLOUR, ACCENT = "#1d2433", "#5d6677", "#8a94a6", "#1f5fbf"
COLUMN_FILL = ("#14213d", "#e3f0ff", "#eef6ff", "#ffffff")
COLUMN_INK = ("#ffffff", INK, INK, INK)
STATUS_COLOURS = {
    "not_tested": ("#eef1f6", "#5d6677"),
    "testing": ("#e3f0ff", "#174ea6"),
    "adapting": ("#fff1d6", "#7a4a00"),
    "adopted": ("#e3f4ea", "#1d7a46"),
    "abandoned": ("#fdecea", "#b42318"),
    "ready_to_spread": ("#f1e9fb", "#5b3a8c"),
}


def _a(value) -> str:
    return quoteattr(str(value))


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(width: float, height: float, title: str, test_id: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img" aria-labelledby="{test_id}-title" '
        f'data-testid="{test_id}" font-family={_a(FONT_FAMILY)} font-size="{FONT}">',
        f'<title id="{test_id}-title">{escape(title)}</title>',
        f'<rect x="0" y="0" width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>',
    ]


def _text(
    lines: list[str],
    x: float,
    y: float,
    *,
    label: str,
    anchor: str = "start",
    line_height: float = LINE,
    **attrs,
) -> str:
    extra = "".join(f" {k.replace('_', '-')}={_a(v)}" for k, v in attrs.items() if v is not None)
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{0 if i == 0 else _n(line_height)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" data-label={_a(label)}{extra}>{spans}</text>'
    )


def _node(key: str, kind: str) -> str:
    # The whole box or label answers a click, not only the strokes of its glyphs.
    return f'<g data-node={_a(key)} data-kind={_a(kind)} pointer-events="bounding-box">'


def driver_diagram_svg(layout: DriverLayout, *, title: str) -> str:
    out = _open(layout.width, layout.height, title, "driver-diagram")
    for x, heading in layout.headings:
        out.append(_text([heading], x, 30, label=heading, anchor="middle", font_weight="700", fill=MUTED))
    out.append(f'<g fill="none" stroke="{LINE_COLOUR}" stroke-width="1.5">')
    for connector in layout.connectors:
        out.append(f'<path d="{connector.path}" data-link={_a(f"{connector.source}>{connector.target}")}/>')
    out.append("</g>")
    for box in layout.boxes:
        kind = ("aim", "primary", "secondary", "idea")[box.column]
        fill, ink = COLUMN_FILL[box.column], COLUMN_INK[box.column]
        stroke = ACCENT if box.column else "#14213d"
        if box.tone in STATUS_COLOURS and box.column == 3:  # the idea's testing status
            stroke = STATUS_COLOURS[box.tone][1]
        dash = ' stroke-dasharray="5 4"' if box.muted else ""
        out.append(_node(box.key, kind))
        out.append(
            f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.width)}" height="{_n(box.height)}" rx="6" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>'
        )
        x, y = box.x + 10, box.y + 10 + FONT
        weight = "700" if box.column == 0 else None
        out.append(_text(box.lines, x, y, label=box.text, fill=ink, font_weight=weight))
        if box.badge:
            out.extend(_status_pill(box, x))
        elif box.note_lines:
            note_y = y + len(box.lines) * LINE + 4
            out.append(_note(box.note_lines, x, note_y, MUTED))
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _note(lines: list[str], x: float, y: float, colour: str) -> str:
    return _text(
        lines,
        x,
        y,
        label=" ".join(lines),
        line_height=SMALL_LINE,
        font_size=SMALL_FONT,
        fill=colour,
        data_note="true",
    )


def _status_pill(box: Box, x: float) -> list[str]:
    """An idea's testing status as a pill under its title, as the pages show statuses; the note after it."""
    background, ink = STATUS_COLOURS.get(box.tone, ("#eef1f6", MUTED))
    top = box.y + PAD + len(box.lines) * LINE + 4
    baseline = top + PILL_HEIGHT / 2 + SMALL_FONT * 0.35
    out = [
        f'<rect x="{_n(x)}" y="{_n(top)}" width="{_n(box.badge_width)}" height="{PILL_HEIGHT}" '
        f'rx="{PILL_HEIGHT / 2:g}" fill="{background}" data-status={_a(box.tone)}/>',
        _text(
            [box.badge],
            x + PILL_PAD,
            baseline,
            label=box.badge,
            font_size=SMALL_FONT,
            font_weight="700",
            fill=ink,
            data_pill="true",
        ),  # fmt: skip
    ]
    if box.note_lines and box.note_beside_badge:
        out.append(_note(box.note_lines, x + box.badge_width + 6, baseline, MUTED))
    elif box.note_lines:
        out.append(_note(box.note_lines, x, top + PILL_HEIGHT + 2 + SMALL_FONT, MUTED))
    return out


def _fish_label(label: Label) -> str:
    if label.kind == "effect":
        return _text(
            label.lines,
            label.x,
            label.y,
            label=label.text,
            anchor="middle",
            fill="#ffffff",
            font_weight="700",
        )
    if label.kind == "category":
        return _text(
            label.lines,
            label.x,
            label.y,
            label=label.text,
            anchor="middle",
            fill="#ffffff",
            font_weight="600",
        )
    if label.kind == "sub_cause":
        return _text(
            label.lines,
            label.x,
            label.y,
            label=label.text,
            anchor="end",
            line_height=label.line_height,
            font_size=SMALL_FONT,
            fill=MUTED,
            font_style="italic",
        )
    return _text(
        label.lines,
        label.x,
        label.y,
        label=label.text,
        anchor="end",
        fill=ACCENT if label.strong else INK,
        font_weight="700" if label.strong else None,
    )


def fishbone_svg(layout: FishboneLayout, *, title: str) -> str:
    out = _open(layout.width, layout.height, title, "fishbone")
    widths = {"spine": 3, "bone": 2, "tick": 1.2}
    out.append(f'<g stroke="{INK}" stroke-linecap="round">')
    for line in layout.lines:
        colour = INK if line.kind in ("spine", "bone") else LINE_COLOUR
        out.append(
            f'<line x1="{_n(line.x1)}" y1="{_n(line.y1)}" x2="{_n(line.x2)}" y2="{_n(line.y2)}" '
            f'stroke="{colour}" stroke-width="{widths[line.kind]}"/>'
        )
    out.append("</g>")
    for frame in layout.frames:
        fill = "#b42318" if frame.kind == "effect" else "#14213d"
        out.append(
            f'<rect x="{_n(frame.x)}" y="{_n(frame.y)}" width="{_n(frame.width)}" '
            f'height="{_n(frame.height)}" rx="6" fill="{fill}" data-frame={_a(frame.key)}/>'
        )
    for badge in layout.badges:
        fill = ACCENT if badge.strong else "#eef1f6"
        ink = "#ffffff" if badge.strong else INK
        label = f"{badge.votes} vote{'s' if badge.votes != 1 else ''}"
        out.append(
            f"<g data-votes={_a(badge.key)}><title>{label}</title>"
            f'<rect x="{_n(badge.x - 13)}" y="{_n(badge.y - 8)}" width="26" height="16" rx="8" fill="{fill}" '
            f'stroke="{LINE_COLOUR}"/>'
            f'<text x="{_n(badge.x)}" y="{_n(badge.y + 4)}" text-anchor="middle" font-size="{SMALL_FONT}" '
            f'font-weight="700" fill="{ink}">▲{badge.votes}</text></g>'
        )
    for label in layout.labels:
        kind = label.kind if label.kind != "sub_cause" else "sub-cause"
        out.append(_node(label.key, kind))
        out.append(_fish_label(label))
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
