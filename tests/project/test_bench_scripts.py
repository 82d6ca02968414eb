"""The HTTP benchmark and load test pick real pages, read wrk right, and fail when they should.

bench/http_pages.py and bench/load_mixed.py run for minutes against a big database;
these tests run their parts on a tiny demo catalogue and on recorded wrk output.
"""

import importlib
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from bench import http_harness, load_mixed

# Recorded from wrk 4.1.0 with bench/wrk/mixed.lua over one good and one missing path.
WRK_OUTPUT_WITH_404S = """\
Running 1s test @ http://127.0.0.1:18765
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.25ms    1.83ms   9.85ms   71.37%
    Req/Sec   618.05     63.09   760.00     65.00%
  Latency Distribution
     50%    2.81ms
     75%    4.29ms
     90%    5.97ms
     99%    8.98ms
  1231 requests in 1.00s, 425.12KB read
  Non-2xx or 3xx responses: 616
Requests/sec:   1229.79
Transfer/sec:    424.71KB
WRK_RESULT {"requests": 1231, "duration_us": 1000981, "bytes": 435325, "latency_us": \
{"p50": 2805, "p95": 6737, "p99": 8978, "mean": 3251.5, "max": 9847}, "errors": \
{"connect": 0, "read": 0, "write": 0, "timeout": 0, "status": 616}, "status": \
{"2xx": 615, "3xx": 0, "4xx": 616, "5xx": 0, "404": 616, "429": 0, "other": 0}}
"""


def wrk_output(*, ok=1000, status_5xx=0, status_429=0, timeouts=0, read_errors=0) -> str:
    """wrk's output for a run with the given answers and socket errors."""
    socket_line = (
        f"  Socket errors: connect 0, read {read_errors}, write 0, timeout {timeouts}\n"
        if timeouts or read_errors
        else ""
    )
    answered = ok + status_5xx + status_429
    return (
        f"  {answered} requests in 10.00s, 1.00MB read\n{socket_line}"
        f'WRK_RESULT {{"requests": {answered}, "duration_us": 10000000, "bytes": 1048576, '
        '"latency_us": {"p50": 12000, "p95": 41000, "p99": 80000, "mean": 15000.0, '
        '"max": 99000}, '
        f'"errors": {{"connect": 0, "read": {read_errors}, "write": 0, "timeout": {timeouts}, '
        f'"status": {status_5xx + status_429}}}, '
        f'"status": {{"2xx": {ok}, "3xx": 0, "4xx": {status_429}, "5xx": {status_5xx}, '
        f'"404": 0, "429": {status_429}, "other": 0}}}}\n'
    )


def test_wrk_results_are_read_from_the_lua_summary():
    result = http_harness.parse_wrk_output(WRK_OUTPUT_WITH_404S)

    assert result.requests == 1231
    assert result.rps == pytest.approx(1229.79, rel=0.001)
    assert (result.p50_ms, result.p95_ms, result.p99_ms) == (2.805, 6.737, 8.978)
    assert result.status["2xx"] == 615
    assert result.non_2xx == 616
    assert result.server_errors == 0
    assert result.socket_error_count == 0


def test_output_without_the_lua_summary_is_refused_not_read_as_zero():
    with pytest.raises(ValueError, match="WRK_RESULT"):
        http_harness.parse_wrk_output(WRK_OUTPUT_WITH_404S.split("WRK_RESULT")[0])


def test_a_clean_load_run_passes_the_check():
    assert load_mixed.load_failures(http_harness.parse_wrk_output(wrk_output())) == []


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        (wrk_output(status_5xx=1), "5xx"),
        (wrk_output(timeouts=3), "socket errors"),
        (wrk_output(read_errors=1), "socket errors"),
        (WRK_OUTPUT_WITH_404S, "neither 2xx nor 5xx"),
        (wrk_output(ok=0), "no request"),
    ],
)
def test_the_load_check_fails_on_server_errors_socket_errors_and_missing_pages(output, reason):
    failures = load_mixed.load_failures(http_harness.parse_wrk_output(output))

    assert any(reason in failure for failure in failures), failures


def test_the_limiter_check_needs_429s_some_successes_and_no_5xx():
    assert (
        load_mixed.limiter_failures(
            http_harness.parse_wrk_output(wrk_output(ok=150, status_429=900))
        )
        == []
    )
    never_refused = load_mixed.limiter_failures(http_harness.parse_wrk_output(wrk_output()))
    refused_with_errors = load_mixed.limiter_failures(
        http_harness.parse_wrk_output(wrk_output(ok=150, status_429=900, status_5xx=2))
    )
    assert any("no 429" in failure for failure in never_refused)
    assert any("5xx" in failure for failure in refused_with_errors)


def test_wrk_durations_are_read_like_wrk_reads_them():
    assert [load_mixed.seconds(text) for text in ("60s", "60", "2m", "0.5s")] == [60, 60, 120, 0.5]
    with pytest.raises(ValueError):
        load_mixed.seconds("a minute")


def test_results_replace_only_their_own_marked_section_of_the_docs():
    docs = (
        "## HTTP throughput\n<!-- http-pages:start -->\n(numbers go here)\n"
        "<!-- http-pages:end -->\n## Load test\n<!-- load-mixed:start -->\nold\n"
        "<!-- load-mixed:end -->\n"
    )

    updated = http_harness.replace_docs_section(docs, "load-mixed", "| Requests | 10 |")

    assert "| Requests | 10 |" in updated
    assert "old" not in updated
    assert "(numbers go here)" in updated
    with pytest.raises(ValueError):
        http_harness.replace_docs_section("no markers", "load-mixed", "x")


# On a tiny demo catalogue


@pytest.fixture
def demo_catalogue(db):
    sizes = {"films": 30, "critics": 25, "reviews": 300, "texts": 12, "seed": 3}
    call_command("generate_demo_data", **sizes, stdout=StringIO())


@pytest.fixture
def minimal_view_mounted(settings, tmp_path):
    """The URLs of the settings the benchmark server runs with (bench/settings.py)."""
    options = http_harness.ServerOptions(
        database_url="sqlite:///unused", redis_url="redis://unused", static_root=tmp_path
    )
    bench_settings = http_harness.production_env(options)["DJANGO_SETTINGS_MODULE"]
    settings.ROOT_URLCONF = importlib.import_module(bench_settings).ROOT_URLCONF


def test_the_minimal_view_exists_only_in_benchmark_runs(client, db):
    assert client.get("/bench/minimal/").status_code == 404


@pytest.mark.usefixtures("minimal_view_mounted")
def test_the_minimal_view_answers_through_the_full_middleware_stack(client, db):
    response = client.get("/bench/minimal/")

    assert response.content == b"ok\n"
    assert response["X-Frame-Options"] == "DENY"  # the clickjacking middleware ran
    assert "Content-Security-Policy" in response


@pytest.mark.usefixtures("demo_catalogue", "minimal_view_mounted")
def test_benchmark_pages_are_the_busiest_film_and_critic_and_all_answer_200():
    from bench import url_picks
    from critics.models import Critic, Review
    from films.models import Film

    pages = dict(url_picks.benchmark_pages())
    film, film_reviews = url_picks.film_with_about_a_thousand_reviews()
    critic, critic_reviews = url_picks.most_prolific_critic()

    # Far under 1,500 reviews each: the most reviewed film is the one to pick.
    assert film_reviews == Review.objects.filter(film=film).count()
    assert film_reviews == max(Review.objects.filter(film=f).count() for f in Film.objects.all())
    assert critic_reviews == max(
        Review.objects.filter(critic=c).count() for c in Critic.objects.all()
    )
    assert pages[f"film ({film_reviews:,} reviews)"] == f"/films/{film.slug}/"
    assert pages[f"critic ({critic_reviews:,} reviews)"] == f"/critics/{critic.slug}/"
    assert f"/api/films/{film.slug}/consensus/" in pages.values()
    assert "/films/?page=2" in pages.values()  # 30 films make 2 pages of 24
    assert url_picks.failing_paths(list(pages.values())) == []


@pytest.mark.usefixtures("demo_catalogue")
def test_the_load_test_urls_span_many_films_search_and_the_api_and_all_answer_200():
    from bench import url_picks

    paths = url_picks.mixed_paths(films=20)

    film_pages = {p for p in paths if p.startswith("/films/demo-") and p.count("/") == 3}
    assert len(film_pages) == 20
    assert any(p.startswith("/search/?q=") for p in paths)
    assert any(p.endswith("/consensus/") and p.startswith("/api/") for p in paths)
    assert any(p.startswith("/reviews/") for p in paths)
    assert url_picks.failing_paths(paths) == []
    assert url_picks.failing_paths(["/films/no-such-film/"]) == [("/films/no-such-film/", 404)]


@pytest.mark.usefixtures("demo_catalogue")
def test_a_cached_page_costs_no_query_and_an_uncached_one_does():
    from bench import url_picks

    film, _ = url_picks.film_with_about_a_thousand_reviews()

    uncached, cached = url_picks.query_counts(film.get_absolute_url())

    assert uncached > 0
    assert cached == 0


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
@pytest.mark.django_db(transaction=True)
def test_wrk_with_the_mixed_script_counts_what_the_server_answered(live_server, tmp_path):
    from critics.models import Review

    call_command(
        "generate_demo_data", films=5, critics=5, reviews=20, texts=4, seed=3, stdout=StringIO()
    )
    review = Review.objects.published().first()
    paths = tmp_path / "paths.txt"
    paths.write_text(f"/films/\n{review.get_absolute_url()}\n/films/no-such-film/\n")

    result = http_harness.run_wrk(
        live_server.url,
        connections=2,
        threads=1,
        duration="1s",
        paths_file=paths,
        # As a TLS-terminating proxy would say: the live server keeps the HTTPS redirect.
        headers=("X-Forwarded-Proto: https",),
    )

    assert result.status["2xx"] > 0, result.status
    assert result.status["404"] > 0
    assert result.server_errors == 0
    assert any("neither 2xx nor 5xx" in failure for failure in load_mixed.load_failures(result))
