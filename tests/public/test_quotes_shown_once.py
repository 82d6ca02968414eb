"""A quote the consensus shows is not printed a second time on its review's card."""

import pytest

from critics.services.consensus import recompute_film_consensus
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_film_page_prints_each_quote_once_and_other_cards_keep_theirs(client):
    film = factories.film(title="Twice Told", slug="twice-told")
    for n in range(8):
        factories.review(
            film=film,
            critic=factories.critic(name=f"Critic {n}"),
            rating="4/5" if n % 3 else "2/5",
            pull_quote=f"Quote number {n} about this film, said plainly.",
        )
    consensus = recompute_film_consensus(film.pk)
    shown = set(consensus.quote_review_ids) | {consensus.dissent_review_id} - {None}
    assert shown, "the consensus quotes some reviews"

    page = client.get(film.get_absolute_url()).content.decode()
    # As printed for readers (the JSON-LD for search engines describes every review).
    for review in film.reviews.all():
        occurrences = page.count(f"<p>{review.quote}</p>")
        assert occurrences == 1, (review.quote, occurrences)
    # A review the consensus does not quote keeps its quote on its card.
    unquoted = film.reviews.exclude(pk__in=shown).first()
    if unquoted is not None:
        assert f'<blockquote class="pull-quote"><p>{unquoted.quote}</p>' in page
