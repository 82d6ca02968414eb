"""EXPLAIN ANALYZE every SQL query of every public page, on a big PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reviews_full \\
        .venv/bin/python bench/explain_public_pages.py [--repeat 3] [--show-plans]

Read-only: it renders each page with Django's test client (the page cache switched
off, so the view really runs), records the queries, then runs EXPLAIN (ANALYZE,
BUFFERS) on each SELECT inside a transaction that is rolled back. Pages are chosen
from the data: the film with most reviews, the most prolific critic, the biggest
publication, the most used tag, page 500 of the films list in each order, and so on.

Prints one Markdown row per page: queries, the page's render time (median of
--repeat, after one warm-up), the summed execution time of its queries, the slowest
query, and every sequential scan of a table over 10,000 rows (the verdict).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviews_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from taggit.models import Tag  # noqa: E402

from critics.models import Article, Critic, Publication, Review  # noqa: E402
from films.models import Film, Person  # noqa: E402

BIG_TABLE_ROWS = 10_000


def pages() -> list[tuple[str, str]]:
    film = Film.objects.annotate(n=Count("reviews")).order_by("-n").first()
    critic = Critic.objects.annotate(n=Count("reviews")).order_by("-n").first()
    publication = Publication.objects.annotate(n=Count("reviews")).order_by("-n").first()
    review = Review.objects.published().filter(film=film).order_by("-publish_at").first()
    article = Article.objects.published().order_by("-publish_at").first()
    tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
    person = Person.objects.annotate(n=Count("credits")).order_by("-n").first()
    year = Film.objects.exclude(release_year=None).values_list("release_year", flat=True)[0]
    # Page 500, or the last page of a smaller catalogue.
    deep = min(500, -(-Film.objects.count() // 24))
    deep_publication = min(500, -(-publication.n // 20))
    urls = [
        ("home", "/"),
        ("films, consensus", "/films/"),
        (f"films, consensus, page {deep}", f"/films/?page={deep}"),
        (f"films, newest, page {deep}", f"/films/?sort=newest&page={deep}"),
        (f"films, title, page {deep}", f"/films/?sort=title&page={deep}"),
        ("films, tag + year", f"/films/?tag={tag.slug}&year={year}&sort=newest"),
        ("films, tag, last page", f"/films/?tag={tag.slug}&page=last"),
        (f"film ({film.n} reviews)", film.get_absolute_url()),
        ("film reviews, last page", f"{film.get_absolute_url()}reviews/?page=last"),
        ("review", review.get_absolute_url()),
        ("critics", "/critics/"),
        ("critics, last page", "/critics/?page=last"),
        (f"critic ({critic.n} reviews)", critic.get_absolute_url()),
        ("critic, last page", f"{critic.get_absolute_url()}?page=last"),
        (f"publication ({publication.n} reviews)", publication.get_absolute_url()),
        (
            f"publication, page {deep_publication}",
            f"{publication.get_absolute_url()}?page={deep_publication}",
        ),
        ("news", "/news/"),
        ("tag", f"/tags/{tag.slug}/"),
        ("person", person.get_absolute_url()),
        ("search, a common word", "/search/?q=film"),
        ("search, a title", f"/search/?q={film.title.split()[0]}"),
        ("reviews feed", "/reviews/feed/"),
        ("film feed", f"{film.get_absolute_url()}feed/"),
        ("critic feed", f"{critic.get_absolute_url()}feed/"),
        ("news feed", "/news/feed/"),
        ("sitemap", "/sitemap.xml"),
    ]
    if article:
        urls.insert(17, ("article", article.get_absolute_url()))
    return urls


def big_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s",
            [BIG_TABLE_ROWS],
        )
        return {row[0] for row in cursor.fetchall()}


def explain(sql: str) -> tuple[float, str]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    execution = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
    return execution, plan


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--show-plans", action="store_true")
    parser.add_argument("--only", help="only pages whose name contains this")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Needs PostgreSQL: set DATABASE_URL.")
    big = big_tables()
    middleware = [m for m in settings.MIDDLEWARE if "PageCache" not in m and "RateLimit" not in m]
    client = Client()
    print("| Page | Queries | Render ms (median) | SQL ms | Slowest query ms | Seq scans |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    with override_settings(MIDDLEWARE=middleware, ALLOWED_HOSTS=["*"]):
        for name, url in pages():
            if args.only and args.only not in name:
                continue
            client.get(url)
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            selects = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
            total, slowest, scans = 0.0, 0.0, set()
            for sql in selects:
                ms, plan = explain(sql)
                total += ms
                slowest = max(slowest, ms)
                scans.update(t for t in re.findall(r"Seq Scan on (\w+)", plan) if t in big)
                if args.show_plans:
                    print(f"\n-- {name}: {ms:.1f} ms\n{sql}\n{plan}\n")
            print(
                f"| {name} `{url}` | {len(captured.captured_queries)} | "
                f"{statistics.median(times):.0f} | {total:.1f} | {slowest:.1f} | "
                f"{', '.join(sorted(scans)) or 'none'} |"
            )


if __name__ == "__main__":
    main()
