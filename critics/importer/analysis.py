"""The derived fields of imported reviews, optionally computed in worker processes.

Every imported review gets exactly what the admin gives a review on save: score and
counted verdict (score_review) and the quote and text analysis (analyse_review_text).
The text analysis is pure Python and costs about half a millisecond for a one-sentence
review, the largest part of an import's time (docs/performance.md), so a large file
spreads it over worker processes: the rows certain to be new are handed to them while
the file is still being checked (TextWorkers), the rest as the import builds its
reviews, and this process writes the batches already analysed. Workers are started
fresh ("spawn"), never forked from a process that may hold database connections or
threads, and they only compute, with the engine alone (consensus through
services.review_text, no Django to set up): the texts go out, the quotes and
analyses come back. So this module imports no models at the top.
"""

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext

# Below this many reviews, starting workers (half a second each) costs more than it saves.
PARALLEL_FROM = 2_000
MAX_AUTO_WORKERS = 4
WORKER_NICENESS = 10


def default_workers() -> int:
    """One worker per CPU (at most 4): the importing process mostly waits on them."""
    return max(1, min(os.cpu_count() or 1, MAX_AUTO_WORKERS))


@contextmanager
def analysed_batches(
    items: list,
    *,
    build: Callable | None = None,
    batch_size: int,
    workers: int,
    progress,
    parallel_from=None,
    ahead: "TextWorkers | None" = None,
) -> Iterator[Iterator[list]]:
    """Give an iterator over the reviews, a batch at a time, each batch's fields derived.

    items are the unsaved reviews, or what build(item) makes each one from: reviews
    are built a batch at a time, so the workers have the first batch at once rather
    than after every review of the file is built. With several workers, every batch
    is handed out on entry and later batches are analysed while the caller handles
    earlier ones. ``ahead``: the workers the check already gave rows to (their results
    are used, and their processes).
    """
    from critics.services.consensus import analyse_review_text, score_review

    starts = range(0, len(items), batch_size)
    names = _NameWords()

    def reviews_of(start: int) -> list:
        batch = items[start : start + batch_size]
        batch = batch if build is None else [build(item) for item in batch]
        for review in batch:
            score_review(review)
        names.look_up(batch)
        return batch

    large = len(items) >= max(PARALLEL_FROM if parallel_from is None else parallel_from, 1)
    own = ahead is None or not ahead.parallel or not (ahead.started or large)
    if own and (workers <= 1 or not large):

        def in_this_process():
            for start in progress(starts, "Analysing and writing", len(starts)):
                batch = reviews_of(start)
                for review in batch:
                    analyse_review_text(review, names=names.of(review))
                yield batch

        yield in_this_process()
        return

    with TextWorkers(min(workers, len(starts))) if own else nullcontext(ahead) as text_workers:
        # Scores first: the counted verdict is part of what the workers analyse.
        pending = []
        for start in starts:
            batch = reviews_of(start)
            texts = [(r.body, r.pull_quote, r.counted_verdict, names.of(r)) for r in batch]
            pending.append((batch, text_workers.results(texts)))

        def from_workers():
            for batch, results in progress(pending, "Analysing and writing", len(pending)):
                for review, (future, index) in zip(batch, results, strict=True):
                    for name, value in future.result()[index].items():
                        setattr(review, name, value)
                yield batch

        try:
            yield from_workers()
        finally:
            for _, results in pending:
                for future, _ in results:
                    future.cancel()


class TextWorkers:
    """Worker processes for the text analysis, which can start before the file is checked.

    The check hands over the rows certain to become new reviews (those of films the
    import creates) as it reads them (analyse_ahead), so their analysis runs while the
    rest of the file is checked. The import then takes each result whose input is
    exactly its review's (text, pull quote, counted verdict, film's names) and has the
    others analysed: a row the check read differently is analysed again, never given
    another review's analysis.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self._pool = None
        self._ahead: dict[tuple, tuple] = {}

    @property
    def parallel(self) -> bool:
        return self.workers > 1

    @property
    def started(self) -> bool:
        return self._pool is not None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._ahead.clear()

    def analyse_ahead(self, planned: list) -> None:
        """Start analysing the planned reviews of films the import creates.

        Only those: a row of a stored film may turn out to be a review already stored.
        """
        from critics.services.consensus import name_words, rating_outcome

        texts = []
        for item in planned:
            if item.film.pk is not None:
                continue
            # As score_review finds it: a new publication has no scale yet.
            scale = item.publication.rating_scale if item.publication else None
            _, verdict = rating_outcome(item.row.rating, scale, item.row.verdict)
            # A new review's pull quote is blank; its film's names are the title's words.
            texts.append((item.row.text, "", verdict, name_words(item.film.title)))
        if texts:
            future = self._submit(texts)
            for index, text in enumerate(texts):
                self._ahead.setdefault(text, (future, index))

    def results(self, texts: list[tuple]) -> list[tuple]:
        """(future, index in its result) of each text's analysis; the ones not
        analysed ahead are handed to the workers now."""
        # get, not pop: reviews with the same input (one text syndicated to two
        # publications, say) have the same analysis; nothing changes it once set.
        found = [self._ahead.get(text) for text in texts]
        missing = [text for text, got in zip(texts, found, strict=True) if got is None]
        if missing:
            future = self._submit(missing)
            indexes = iter(range(len(missing)))
            found = [got or (future, next(indexes)) for got in found]
        return found

    def _submit(self, texts: list[tuple]):
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
            )
        return self._pool.submit(_analyse_texts, texts)


class _NameWords:
    """The words never taken for aspect keywords in a review's text (its film's title
    and credited names), read from the catalogue once per film.

    A film this import creates has no credits yet: its title's words, as the admin
    finds once it is saved.
    """

    def __init__(self):
        self._stored: dict[int, frozenset[str]] = {}
        self._new: dict[int, frozenset[str]] = {}

    def look_up(self, reviews: list) -> None:
        from critics.services.consensus import name_words_of_films

        wanted = {r.film_id for r in reviews if r.film_id and r.film_id not in self._stored}
        if wanted:
            found = name_words_of_films(sorted(wanted))
            self._stored.update({film_id: found.get(film_id, frozenset()) for film_id in wanted})

    def of(self, review) -> frozenset[str]:
        from critics.services.consensus import name_words

        if review.film_id:
            return self._stored[review.film_id]
        film = getattr(review, "film", None)  # unsaved, or none at all
        if film is None:
            return frozenset()
        if id(film) not in self._new:
            self._new[id(film)] = name_words(film.title)
        return self._new[id(film)]


def _start_worker() -> None:
    # The importing process has the longer chain of work (checking, building, writing,
    # then the consensus): when the CPUs are all busy it goes first, the workers take
    # the rest.
    os.nice(WORKER_NICENESS)
    # Only the engine: no Django to set up. The model file is read once per worker.
    from consensus.classifier import default_model

    default_model()


def _analyse_texts(texts: list[tuple]) -> list[dict]:
    from critics.services.review_text import text_fields

    return [
        text_fields(review_id=0, body=body, pull_quote=pull_quote, verdict=verdict, names=names)
        for body, pull_quote, verdict, names in texts
    ]
