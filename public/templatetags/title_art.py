"""Title art: what a film without a poster shows instead of a grey box.

An SVG drawn from the film's title alone (no query, so lists stay at their query
counts): the title set in up to four lines on a background picked from the title's
letters, so a film keeps its colours wherever it is shown. It repeats the title that
sits beside it, so it is hidden from screen readers.
"""

import hashlib
import textwrap

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

# Dark backgrounds that keep white text above 7:1 (WCAG AAA) in both themes.
BACKGROUNDS = ("#1f3a5f", "#4a1f3d", "#1f4a3a", "#5a2a1a", "#2f2a5a", "#3d3d1f", "#1f4550")
WIDTH, HEIGHT = 200, 300
MAX_LINES = 4
LINE_CHARS = 11


def _lines(title: str) -> list[str]:
    lines = textwrap.wrap(title, LINE_CHARS, break_long_words=True) or [title[:LINE_CHARS]]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: LINE_CHARS - 1] + "…"
    return lines


@register.simple_tag
def title_art(title: str, size_class: str = "") -> str:
    digest = hashlib.sha256(title.encode()).digest()
    background = BACKGROUNDS[digest[0] % len(BACKGROUNDS)]
    lines = _lines(title)
    font_size = 30 if max(len(line) for line in lines) <= 8 else 24
    top = HEIGHT / 2 - (len(lines) - 1) * font_size * 0.6
    text = format_html_join(
        "",
        '<tspan x="{}" y="{}">{}</tspan>',
        ((WIDTH // 2, round(top + n * font_size * 1.2), line) for n, line in enumerate(lines)),
    )
    return format_html(
        '<svg class="poster title-art {}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'aria-hidden="true" focusable="false"><rect width="100%" height="100%" rx="8" '
        'fill="{}"/><text fill="#ffffff" font-size="{}" font-weight="700" '
        'text-anchor="middle" font-family="system-ui, sans-serif">{}</text></svg>',
        size_class,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        background,
        font_size,
        text,
    )
