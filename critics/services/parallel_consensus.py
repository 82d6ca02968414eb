"""The whole-catalogue consensus rebuild spread over worker processes (PostgreSQL).

One process rebuilds about 25,000 reviews a second, most of it Python; PostgreSQL
serves several connections at once, so ranges of films go to fresh ("spawn") worker
processes, each with its own connection. Each range is the same transaction the
one-process rebuild runs (recompute_film_range), so the stored rows are the same.
SQLite allows one writer at a time, so this is for PostgreSQL only. A worker imports
this module before Django is set up, so it imports no models at the top.
"""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from django.db import connection


def recompute_every_film_consensus_in_processes(*, jobs: int, films_per_batch: int = 500) -> int:
    """Rebuild every film's consensus in ``jobs`` processes; returns the number of films."""
    from critics.services.consensus import film_ranges

    if connection.vendor != "postgresql":
        raise ValueError("rebuilding in several processes needs PostgreSQL")
    ranges, count = film_ranges(films_per_batch)
    # The workers read the settings afresh; under the test runner the database in use
    # is not the one the settings name, so they are told which one.
    database = connection.settings_dict["NAME"]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max(1, min(jobs, len(ranges))),
        mp_context=context,
        initializer=_start_worker,
        initargs=(database,),
    ) as pool:
        for _ in pool.map(_recompute_range, ranges):
            pass  # re-raises a worker's error here
    return count


def _start_worker(database: str) -> None:
    import django

    django.setup()
    from django.db import connections

    connections["default"].settings_dict["NAME"] = database


def _recompute_range(bounds: tuple[int, int]) -> None:
    from critics.services.consensus import recompute_film_range

    recompute_film_range(*bounds)
