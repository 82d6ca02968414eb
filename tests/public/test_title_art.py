"""A film without a poster shows art made from its title, never a grey box."""

import pytest

from public.templatetags.title_art import BACKGROUNDS, title_art
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_film_without_a_poster_shows_its_title_as_art_on_its_page_and_in_lists(client):
    film = factories.film(title="The Long Goodbye of Everyone", slug="long-goodbye")
    page = client.get(film.get_absolute_url()).content.decode()
    art = page[page.index('<svg class="poster title-art') :]
    art = art[: art.index("</svg>")]
    assert "The Long" in art and "Goodbye of" in art  # the title, set over lines
    assert 'aria-hidden="true"' in art  # the title is read once, from the heading
    assert "poster-placeholder" not in page
    assert '<svg class="poster title-art' in client.get("/films/").content.decode()


def test_title_art_keeps_its_colours_and_escapes_the_title():
    first, again = title_art("<Heat>", "poster-small"), title_art("<Heat>", "poster-small")
    assert first == again
    assert any(f'fill="{colour}"' in first for colour in BACKGROUNDS)
    assert "&lt;Heat&gt;" in first and "<Heat>" not in first


def test_a_very_long_title_is_cut_to_four_lines_with_an_ellipsis():
    art = title_art("A Film Whose Title Goes On And On Far Beyond Any Poster's Room")
    assert art.count("<tspan") == 4
    assert "…" in art
