"""Demo review rows, with the derived fields every saved review carries.

Score, counted verdict and its source come from ``score_review`` and the quote and text
analysis from ``analyse_review_text``, the functions a normal save uses, each called
once per distinct input (rating, scale and verdict; body, pull quote and verdict) and
then reused. A review is by a top critic when its critic is one, or when it appeared
in a top publication: as in real data, one critic's status differs between outlets.
"""

import time as clock
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from critics.models import Critic, Publication, Review
from critics.services.consensus import analyse_review_text, score_review
from demo.data import plan
from demo.data.text import BARE_RATINGS, HEADLINES, RATINGS, Body
from films.models import Film

LAST_REVIEW_DAY = date(2025, 6, 30)
KINDS = ("rating", "bare", "verdict only", "override", "unrated")
KIND_WEIGHTS = (64, 9, 14, 5, 3)
EMPTY_BODY_SHARE = 0.05
PULL_QUOTE_SHARE = 0.15
FREELANCE_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class Derived:
    """What analyse_review_text set on a review: {attribute name: value}."""

    values: dict


def text_fields() -> tuple[str, ...]:
    """The review fields analyse_review_text sets (quote, analysis, ...), found by trying it.

    Asked rather than listed, so a derived field added to the service later is carried
    by demo reviews too.
    """
    probe = Review(body="The acting is superb. The plot drags badly.", counted_verdict="mixed")
    fields = [
        field.attname
        for field in Review._meta.concrete_fields
        if not getattr(field, "generated", False)
    ]
    before = {name: getattr(probe, name) for name in fields}
    analyse_review_text(probe)
    return tuple(name for name in fields if getattr(probe, name) != before[name])


class ReviewRow(NamedTuple):
    film_id: int
    critic_id: int
    publication_id: int | None
    headline: str
    body: str
    pull_quote: str
    published_on: date
    rating: str
    score: Decimal | None
    verdict: str | None
    counted_verdict: str | None
    verdict_source: str | None
    is_top_critic: bool
    publish_at: datetime
    derived: Derived  # last: the writer maps it to the quote and analysis columns


class ReviewMaker:
    """Makes review rows for films, remembering derived fields per distinct input."""

    def __init__(self, *, rng, pool, critics, outlets, publications):
        self.rng = rng
        self.pool = pool
        self.critics: list[Critic] = critics
        self.outlets: list[tuple[int, ...]] = outlets
        self.publications: list[Publication] = publications
        self.cumulative = plan.critic_cumulative_weights(rng, len(critics))
        self._scores: dict[tuple, tuple] = {}
        self._texts: dict[tuple, Derived] = {}
        self.text_fields = text_fields()
        self.analysis_seconds = 0.0

    @property
    def distinct_texts(self) -> int:
        return len(self._texts)

    def for_film(self, film: Film, count: int) -> Iterator[ReviewRow]:
        rng = self.rng
        quality = rng.betavariate(4, 2.5)
        for critic_index in plan.pick_critics(rng, self.cumulative, count):
            roll = rng.random()
            lean = (
                "positive"
                if roll < quality
                else "negative"
                if roll < quality + (1 - quality) * 0.6
                else "mixed"
            )
            yield self._row(film, critic_index, lean)

    def _row(self, film: Film, critic_index: int, lean: str) -> ReviewRow:
        rng = self.rng
        critic = self.critics[critic_index]
        outlets = self.outlets[critic_index]
        publication = None
        if outlets and rng.random() >= FREELANCE_SHARE:
            publication = self.publications[rng.choice(outlets)]
        kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
        rating, verdict = "", None
        source_given: str | None = None
        if kind == "bare" and publication is not None and publication.rating_scale:
            rating = rng.choice(BARE_RATINGS[publication.rating_scale][lean])
        elif kind in ("rating", "bare", "override"):
            rating = rng.choice(RATINGS[lean])
        if kind == "verdict only":  # the critic's own fresh/rotten, without a rating
            verdict, source_given = lean, Review.VerdictSource.CRITIC
        elif kind == "override":  # the editor read the text differently from the rating
            verdict = "mixed" if lean != "mixed" else "positive"
            source_given = Review.VerdictSource.EDITOR
        score, counted, source = self._score(rating, verdict, source_given, publication)

        body: Body | None = None
        body_index = -1
        if rng.random() >= EMPTY_BODY_SHARE:
            body_index = rng.randrange(len(self.pool[lean]))
            body = self.pool[lean][body_index]
        quoted = body is not None and rng.random() < PULL_QUOTE_SHARE
        derived = self._text(lean, body_index, body, quoted, counted)

        if film.release_date is None:  # every demo film is made with one (catalogue.films)
            raise ValueError(f"demo film {film.pk} has no release date")
        day = film.release_date + timedelta(days=int(rng.triangular(-14, 700, 0)))
        if day > LAST_REVIEW_DAY:
            day = LAST_REVIEW_DAY - timedelta(days=rng.randrange(30))
        # Reviews go live between 06:00 and 22:00.
        publish_at = datetime.combine(day, time.min, tzinfo=UTC) + timedelta(
            seconds=rng.randrange(6 * 3600, 22 * 3600)
        )
        return ReviewRow(
            film_id=film.pk,
            critic_id=critic.pk,
            publication_id=publication.pk if publication else None,
            headline=rng.choice(HEADLINES[lean]),
            body=body.text if body else "",
            pull_quote=body.quote if body is not None and quoted else "",
            published_on=day,
            rating=rating,
            score=score,
            verdict=verdict,
            counted_verdict=counted,
            verdict_source=source,
            is_top_critic=critic.is_top_critic
            or bool(publication is not None and publication.is_top_publication),
            derived=derived,
            publish_at=publish_at,
        )

    def _score(
        self, rating: str, verdict: str | None, source: str | None, publication: Publication | None
    ) -> tuple[Decimal | None, str | None, str | None]:
        key = (rating, verdict, source, publication.rating_scale if publication else None)
        if (found := self._scores.get(key)) is None:
            review = Review(
                rating=rating, verdict=verdict, verdict_source=source, publication=publication
            )
            score_review(review)
            counted = str(review.counted_verdict) if review.counted_verdict else None
            source = str(review.verdict_source) if review.verdict_source else None
            found = self._scores[key] = (review.score, counted, source)
        return found

    def _text(
        self, lean: str, body_index: int, body: Body | None, quoted: bool, counted: str | None
    ) -> Derived:
        key = (lean, body_index, quoted, counted)
        if (found := self._texts.get(key)) is None:
            started = clock.perf_counter()
            review = Review(
                body=body.text if body else "",
                pull_quote=body.quote if body is not None and quoted else "",
                counted_verdict=counted,
            )
            analyse_review_text(review)
            found = self._texts[key] = Derived(
                {name: getattr(review, name) for name in self.text_fields}
            )
            self.analysis_seconds += clock.perf_counter() - started
        return found
