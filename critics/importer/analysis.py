"""The derived fields of imported reviews, optionally computed in worker processes.

Every imported review gets exactly what the admin gives a review on save: score and
counted verdict (score_review) and the quote and text analysis (analyse_review_text).
The text analysis is pure Python and costs about a fifth of a millisecond even for a
one-sentence review, a large part of an import's time (docs/performance.md), so a large
file spreads it over worker processes while this process writes the batches already
analysed. Workers are started fresh ("spawn"), never forked from a process that may hold
database connections or threads, and they only compute: the texts go out, the quotes
and analyses come back. So this module imports no models at the top: a worker imports
it before Django is set up.
"""

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

# Below this many reviews, starting workers (about a second each) costs more than it saves.
PARALLEL_FROM = 2_000
MAX_AUTO_WORKERS = 4
# What analyse_review_text sets; a worker sends these back.
TEXT_FIELDS = ("quote", "analysis", "consensus_marks")


def default_workers() -> int:
    """One worker per CPU (at most 4): the importing process mostly waits on them."""
    return max(1, min(os.cpu_count() or 1, MAX_AUTO_WORKERS))


def derive_fields(reviews: list, *, workers: int = 1, progress, parallel_from=None):
    """Set score, counted verdict, quote and analysis on unsaved reviews."""
    with analysed_batches(
        reviews, batch_size=250, workers=workers, progress=progress, parallel_from=parallel_from
    ) as batches:
        for _ in batches:
            pass


@contextmanager
def analysed_batches(
    reviews: list, *, batch_size: int, workers: int, progress, parallel_from=None
) -> Iterator[Iterator[list]]:
    """Give an iterator over the reviews, a batch at a time, each batch's fields derived.

    With several workers, all batches are handed out on entry and later batches are
    analysed while the caller handles earlier ones.
    """
    from critics.services.consensus import analyse_review_text, name_words_of_films, score_review

    starts = range(0, len(reviews), batch_size)
    # The names aspect keywords must not be taken for, once per film of the file.
    film_ids = sorted({review.film_id for review in reviews if review.film_id})
    names: dict[int, frozenset[str]] = {}
    for first in range(0, len(film_ids), 500):
        names.update(name_words_of_films(film_ids[first : first + 500]))
    parallel_from = PARALLEL_FROM if parallel_from is None else parallel_from
    if workers <= 1 or len(reviews) < max(parallel_from, 1):
        for review in reviews:
            score_review(review)

        def in_this_process():
            for start in progress(starts, "Analysing and writing", len(starts)):
                batch = reviews[start : start + batch_size]
                for review in batch:
                    analyse_review_text(review, names=names.get(review.film_id, frozenset()))
                yield batch

        yield in_this_process()
        return

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        min(workers, len(starts)), mp_context=context, initializer=_start_worker
    ) as pool:
        # Scores first: the counted verdict is part of what the workers analyse. The
        # workers start (about a second each) while this process scores.
        pending = []
        for start in starts:
            batch = reviews[start : start + batch_size]
            for review in batch:
                score_review(review)
            texts = [
                (r.body, r.pull_quote, r.counted_verdict, names.get(r.film_id, frozenset()))
                for r in batch
            ]
            pending.append(pool.submit(_analyse_texts, texts))

        def from_workers():
            for start, future in zip(
                starts, progress(pending, "Analysing and writing", len(starts)), strict=True
            ):
                batch = reviews[start : start + batch_size]
                for review, values in zip(batch, future.result(), strict=True):
                    for name, value in zip(TEXT_FIELDS, values, strict=True):
                        setattr(review, name, value)
                yield batch

        try:
            yield from_workers()
        finally:
            for future in pending:
                future.cancel()


def _start_worker() -> None:
    import django

    django.setup()


def _analyse_texts(texts: list[tuple]) -> list[tuple]:
    from critics.models import Review
    from critics.services.consensus import analyse_review_text

    derived = []
    for body, pull_quote, counted_verdict, names in texts:
        review = Review(body=body, pull_quote=pull_quote, counted_verdict=counted_verdict)
        analyse_review_text(review, names=names)
        derived.append(tuple(getattr(review, name) for name in TEXT_FIELDS))
    return derived
