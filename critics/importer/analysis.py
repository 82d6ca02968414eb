"""The derived fields of imported reviews, optionally computed in worker processes.

Every imported review gets exactly what the admin gives a review on save: score and
counted verdict (score_review) and the quote and text analysis (analyse_review_text).
The text analysis is pure Python and costs about half a millisecond even for a
one-sentence review, much of an import's time (docs/performance.md), so a large file
may spread it over worker processes (the command's --workers). Workers are started
fresh ("spawn"), never forked from a process that may hold database connections or
threads, and they only compute: the texts go out, the quotes and analyses come back.
So this module imports no models at the top: a worker imports it before Django is set up.
"""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

# Below this many reviews, starting workers (about a second each) costs more than it saves.
PARALLEL_FROM = 2_000
CHUNK = 250


def derive_fields(reviews: list, *, workers: int = 1, progress, parallel_from=None):
    """Set score, counted verdict, quote and analysis on unsaved reviews."""
    from critics.services.consensus import analyse_review_text, score_review

    for review in reviews:
        score_review(review)
    parallel_from = PARALLEL_FROM if parallel_from is None else parallel_from
    if workers <= 1 or len(reviews) < max(parallel_from, 1):
        for review in progress(reviews, "Analysing texts", len(reviews)):
            analyse_review_text(review)
        return
    starts = range(0, len(reviews), CHUNK)
    chunks = [
        [(r.body, r.pull_quote, r.counted_verdict) for r in reviews[start : start + CHUNK]]
        for start in starts
    ]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        min(workers, len(chunks)), mp_context=context, initializer=_start_worker
    ) as pool:
        results = pool.map(_analyse_texts, chunks)
        for start, derived in zip(
            starts, progress(results, "Analysing texts", len(chunks)), strict=True
        ):
            for review, (quote, analysis) in zip(
                reviews[start : start + CHUNK], derived, strict=True
            ):
                review.quote, review.analysis = quote, analysis


def _start_worker() -> None:
    import django

    django.setup()


def _analyse_texts(texts: list[tuple]) -> list[tuple]:
    from critics.models import Review
    from critics.services.consensus import analyse_review_text

    derived = []
    for body, pull_quote, counted_verdict in texts:
        review = Review(body=body, pull_quote=pull_quote, counted_verdict=counted_verdict)
        analyse_review_text(review)
        derived.append((review.quote, review.analysis))
    return derived
