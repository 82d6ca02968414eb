"""The score histogram colours each bar by the verdict its scores give (the verdicts'
own colours, from the stylesheet), prints each count, and says which band is which."""

import re
from pathlib import Path

import pytest

from critics.services.consensus import recompute_film_consensus
from tests import factories

pytestmark = pytest.mark.django_db


def test_histogram_bars_carry_their_band_and_count(client):
    film = factories.film(title="Rated")
    for rating in ("1/5", "2.5/5", "3.5/5", "4.5/5", "9/10"):  # 20, 50, 70, 90, 90
        factories.review(film=film, rating=rating)
    recompute_film_consensus(film.pk)
    page = client.get(film.get_absolute_url()).content.decode()
    svg = re.search(
        r'<svg class="chart-svg"[^>]*aria-label="Score distribution.*?</svg>', page, re.S
    ).group(0)
    bands = re.findall(r'class="bar bar-(\w+)"', svg)
    assert bands == ["negative", "mixed", "positive", "positive"]
    assert re.findall(r'<text class="bar-count"[^>]*>(\d+)</text>', svg) == ["1", "1", "1", "2"]
    assert "Negative: below 40" in page and "Mixed: 40–59" in page
    assert "Positive: 60 and above" in page


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_bars_take_the_verdict_colours_and_stand_out_in_both_themes():
    css = (Path(__file__).resolve().parents[2] / "static/css/site.css").read_text()
    light_block, dark_block = re.findall(r":root \{(.*?)\}", css, re.S)[:2]
    light = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", light_block))
    dark = {**light, **dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", dark_block))}
    for band in ("positive", "mixed", "negative"):
        # The same custom property as the verdict badges (.verdict-positive and so on).
        assert re.search(rf"\.bar-{band} \{{ fill: var\(--{band}-text\)", css)
        assert re.search(rf"\.verdict-{band} \{{ color: var\(--{band}-text\)", css)
        for theme in (light, dark):
            # WCAG 1.4.11: graphics at least 3:1 against the panel they sit on; the
            # counts above the bars are text in --fg, at least 4.5:1.
            assert contrast(theme[f"{band}-text"], theme["surface"]) >= 3, (band, theme)
    for theme in (light, dark):
        assert contrast(theme["fg"], theme["surface"]) >= 4.5
