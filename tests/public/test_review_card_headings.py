"""Review cards are headed by who wrote the review and where, then its own headline;
the stand-in for an unnamed author reads "Unsigned review, <outlet>", never a name."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def card_headers(html: str) -> list[str]:
    return re.findall(r'<header class="review-card-head">(.*?)</header>', html, re.S)


def test_a_signed_review_card_names_critic_and_outlet_then_its_headline(client):
    paper = factories.publication(name="Sight Lines")
    critic = factories.critic(name="Bo Chen")
    review = factories.review(critic=critic, publication=paper, headline="A luminous return")
    (header,) = card_headers(client.get(review.film.get_absolute_url()).content.decode())
    heading = re.search(r'<h3 class="review-card-title">(.*?)</h3>', header).group(1)
    assert heading == (
        f'<a href="{critic.get_absolute_url()}">Bo Chen</a>, '
        f'<a href="{paper.get_absolute_url()}">Sight Lines</a>'
    )
    assert f'<a href="{review.get_absolute_url()}">A luminous return</a>' in header
    assert "Review of" not in header


def test_an_unsigned_review_card_says_so_with_its_outlet(client):
    paper = factories.publication(name="The Daily Screen")
    staff = factories.critic(name="Unattributed (source 7)", is_unattributed=True)
    review = factories.review(critic=staff, publication=paper)
    page = client.get(review.film.get_absolute_url()).content.decode()
    (header,) = card_headers(page)
    assert (
        f'<h3 class="review-card-title">Unsigned review, '
        f'<a href="{paper.get_absolute_url()}">The Daily Screen</a></h3>'
    ) in header
    assert "Unattributed" not in page
    assert f'aria-label="{review.film} — Unsigned review, The Daily Screen"' in page


def test_cards_of_one_film_by_different_critics_read_differently(client):
    film = factories.film(title="Heat")
    for name in ("Ann Lee", "Bo Chen", "Cy Diaz"):
        factories.review(film=film, critic=factories.critic(name=name))
    headers = card_headers(client.get(film.get_absolute_url()).content.decode())
    assert len(set(headers)) == 3
