"""Aspects, pull quotes and the generated consensus statement (critics.consensus.text)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from critics.consensus.aspects import PHRASE_MAX_CHARS
from critics.consensus.text import (
    AspectSummary,
    Evidence,
    ReviewText,
    Statement,
    choose_quote,
    find_aspects,
    generate_statement,
)

SEED_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "seed_documents"
# Page furniture around the seed reviews that is not part of a stored review body.
CHROME = re.compile(
    r"^(?:Posted by|Head to for all the latest|Latest from our Creators|Latest News"
    r"|La La Land is out now\.)"
)
SEED_REVIEWS = ("000", "001", "002", "004")  # 003 is a news article


def load_seed_review(prefix: str) -> ReviewText:
    (path,) = SEED_DIR.glob(f"{prefix}_*.txt")
    paragraphs = [
        p.strip()
        for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
        if p.strip() and not CHROME.match(p.strip())
    ]
    return ReviewText(int(prefix), "\n\n".join(paragraphs), verdict="positive")


@pytest.fixture(scope="module")
def seed_reviews() -> list[ReviewText]:
    return [load_seed_review(prefix) for prefix in SEED_REVIEWS]


@pytest.fixture(scope="module")
def seed_aspects(seed_reviews) -> list[AspectSummary]:
    return find_aspects(seed_reviews)


def seed_statement(aspects, **overrides) -> Statement:
    arguments = {
        "film_title": "La La Land",
        "percent_positive": 100,
        "rated_count": 4,
        "provisional": False,
        "aspects": aspects,
    }
    return generate_statement(**(arguments | overrides))


def assert_citations_traceable(statement: Statement, reviews: list[ReviewText]) -> None:
    bodies = {review.review_id: review.body for review in reviews}
    for citation in statement.citations:
        assert citation.phrase in bodies[citation.review_id]
        assert f"“{citation.phrase}”" in statement.text
        assert citation.phrase != bodies[citation.review_id].strip()


# --- the seed film -------------------------------------------------------------


def test_seed_loader_strips_page_chrome(seed_reviews):
    for review in seed_reviews:
        assert "Posted by" not in review.body
        assert "Twitter" not in review.body
        assert "Latest from our Creators" not in review.body
        assert "is out now" not in review.body
    assert seed_reviews[0].body.startswith("An aspiring actress")


def test_seed_statement_names_two_aspects_and_quotes_two_reviews(seed_reviews, seed_aspects):
    statement = seed_statement(seed_aspects)
    assert "La La Land" in statement.text
    assert len(statement.text) <= 300
    assert "overwhelmingly positive" in statement.text
    assert "100% of 4 reviews" in statement.text
    named = [a.name for a in seed_aspects if f"the {a.name} (" in statement.text]
    assert len(named) >= 2
    assert len({c.review_id for c in statement.citations}) >= 2
    assert_citations_traceable(statement, seed_reviews)


def test_seed_statement_praise_and_criticism_come_from_the_aspects(seed_aspects):
    statement = seed_statement(seed_aspects)
    praised = {a.name for a in seed_aspects if a.positive > a.negative}
    criticised = {a.name for a in seed_aspects if a.negative > 0}
    praise, _, criticism = statement.text.partition("Criticism targets")
    assert any(f"the {name} (" in praise for name in praised)
    # Review 001: "it does not offer anything new".
    assert "originality" in criticised
    assert "the originality (" in criticism


def test_seed_aspects_counts_and_evidence(seed_reviews, seed_aspects):
    by_name = {a.name: a for a in seed_aspects}
    assert by_name["music"].mentions == 4
    assert by_name["music"].positive == 4
    assert by_name["performances"].mentions >= 3
    assert by_name["originality"].negative == 1
    bodies = {r.review_id: r.body for r in seed_reviews}
    for aspect in seed_aspects:
        assert (
            aspect.mentions == len(aspect.evidence) == len({e.review_id for e in aspect.evidence})
        )
        assert aspect.positive + aspect.negative <= aspect.mentions
        for evidence in aspect.evidence:
            assert evidence.sentence in bodies[evidence.review_id]
            assert evidence.phrase in evidence.sentence
            assert 0 < len(evidence.phrase) <= PHRASE_MAX_CHARS


def test_seed_aspects_sorted_by_mentions_then_name(seed_aspects):
    keys = [(-a.mentions, a.name) for a in seed_aspects]
    assert keys == sorted(keys)


def test_each_review_is_judged_on_its_own(seed_reviews, seed_aspects):
    # Stored per-review results can be added up later and give the same answer.
    merged: dict[str, list] = {}
    for review in seed_reviews:
        for summary in find_aspects([review]):
            entry = merged.setdefault(summary.name, [0, 0, 0, ()])
            entry[0] += summary.mentions
            entry[1] += summary.positive
            entry[2] += summary.negative
            entry[3] += summary.evidence
    assert {a.name: [a.mentions, a.positive, a.negative, a.evidence] for a in seed_aspects} == (
        merged
    )


def test_seed_quotes_are_whole_sentences_of_the_body(seed_reviews):
    for review in seed_reviews:
        quote = choose_quote(review)
        assert quote in review.body
        assert 40 <= len(quote) <= 200
        assert quote != review.body.strip()


# --- aspect counting on hand-made reviews -----------------------------------------


def test_one_review_praises_the_score_one_criticises_the_pacing():
    reviews = [
        ReviewText(1, "The score is glorious and the songs are wonderful."),
        ReviewText(2, "The pacing is tedious and the film drags badly."),
    ]
    aspects = {a.name: a for a in find_aspects(reviews)}
    assert set(aspects) == {"music", "pacing"}
    assert (aspects["music"].mentions, aspects["music"].positive, aspects["music"].negative) == (
        1,
        1,
        0,
    )
    assert (aspects["pacing"].mentions, aspects["pacing"].positive, aspects["pacing"].negative) == (
        1,
        0,
        1,
    )
    assert aspects["music"].evidence[0].review_id == 1
    assert aspects["pacing"].evidence[0].review_id == 2


def test_counts_once_per_review_and_neutral_mentions():
    reviews = [
        # three music sentences, all praise: still one mention
        ReviewText(1, "The score is lovely. The songs are superb. The music is great."),
        # a neutral mention counts as a mention but neither positive nor negative
        ReviewText(2, "The score was composed by a newcomer."),
        ReviewText(3, "The soundtrack is awful."),
    ]
    (music,) = find_aspects(reviews)
    assert (music.name, music.mentions, music.positive, music.negative) == ("music", 3, 1, 1)
    assert music.neutral == 1


def test_review_lean_is_the_mean_of_its_mentioning_sentences():
    # +0.57 ("wonderful") and -0.83 ("dreadful ... awful"): mean negative.
    review = ReviewText(1, "The songs are wonderful. But the score is dreadful and awful.")
    (music,) = find_aspects([review])
    assert (music.positive, music.negative) == (0, 1)
    assert "dreadful" in music.evidence[0].phrase


def test_spellings_and_word_boundaries():
    reviews = [
        ReviewText(1, "The colour is gorgeous."),
        ReviewText(2, "The color is gorgeous."),
        ReviewText(3, "He scored a goal in the musicals of old, a broadcast special."),
    ]
    aspects = {a.name: a for a in find_aspects(reviews)}
    assert aspects["visuals"].mentions == 2
    assert "music" not in aspects
    assert "performances" not in aspects


def test_contrast_clauses_are_judged_separately():
    review = ReviewText(
        1, "While the film is a thoroughly enjoyable endeavour, it does not offer anything new."
    )
    (originality,) = find_aspects([review])
    assert (originality.positive, originality.negative) == (0, 1)
    assert originality.evidence[0].phrase.endswith("does not offer anything new")


def test_phrase_keeps_the_negation():
    (humour,) = find_aspects([ReviewText(1, "The jokes are not funny at all, sadly.")])
    assert humour.negative == 1
    assert "not" in humour.evidence[0].phrase.split()


_VOCABULARY = (
    "the The score songs acting cast pacing slow ending is was not never but But while While "
    "although wonderful dreadful funny jokes colour color, ; . ! ? “great” (Emma Stone) J.K. "
    "Mr. nothing short of new anything a it"
)
_WORDS = st.sampled_from(_VOCABULARY.split())


@hypothesis_settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(_WORDS, max_size=40).map(" ".join), min_size=1, max_size=4))
def test_aspect_evidence_is_always_traceable(bodies):
    reviews = [ReviewText(i, body) for i, body in enumerate(bodies)]
    for summary in find_aspects(reviews):
        assert summary.positive + summary.negative <= summary.mentions == len(summary.evidence)
        for evidence in summary.evidence:
            assert evidence.sentence in bodies[evidence.review_id]
            assert evidence.phrase in evidence.sentence
            assert len(evidence.phrase) <= PHRASE_MAX_CHARS


def test_no_reviews_and_no_mentions_give_no_aspects():
    assert find_aspects([]) == []
    assert find_aspects([ReviewText(1, "It opens on Friday in most cities.")]) == []


# --- the statement --------------------------------------------------------------


def aspect(name, mentions, positive, negative, evidence):
    return AspectSummary(name, mentions, positive, negative, tuple(evidence))


def test_no_reviews_statement():
    statement = generate_statement(
        film_title="Nothing Yet", percent_positive=None, rated_count=0, provisional=True, aspects=[]
    )
    assert statement.text == "No critics' reviews yet for Nothing Yet."
    assert statement.citations == []


def test_no_aspects_statement_is_just_the_summary():
    statement = generate_statement(
        film_title="Quiet", percent_positive=75, rated_count=8, provisional=False, aspects=[]
    )
    assert statement.text == "Critics are mostly positive about Quiet (75% of 8 reviews positive)."
    assert statement.citations == []


def test_provisional_statement_says_it_is_early():
    statement = generate_statement(
        film_title="Early", percent_positive=50, rated_count=2, provisional=True, aspects=[]
    )
    assert statement.text == "It is early for Early: 2 reviews so far, too few for a consensus."
    assert "%" not in statement.text  # withheld while provisional, as on the page


def test_statement_praise_and_criticism_from_hand_made_reviews():
    reviews = [
        ReviewText(1, "The score is glorious and the songs are wonderful."),
        ReviewText(2, "The pacing is tedious and the film drags badly."),
    ]
    statement = generate_statement(
        film_title="Two Takes",
        percent_positive=50,
        rated_count=2,
        provisional=False,
        aspects=find_aspects(reviews),
    )
    assert statement.text.startswith("Critics are divided about Two Takes (50% of 2 reviews")
    assert "They praise the music (“" in statement.text
    assert "Criticism targets the pacing (“" in statement.text
    assert [c.review_id for c in statement.citations] == [1, 2]
    assert_citations_traceable(statement, reviews)


def test_negative_film_leads_with_criticism():
    aspects = [
        aspect("story", 3, 0, 3, [Evidence(1, "The story is a mess.", "story is a mess", -0.4)]),
        aspect("music", 2, 2, 0, [Evidence(2, "The music is lovely.", "music is lovely", 0.6)]),
    ]
    statement = generate_statement(
        film_title="Flop", percent_positive=20, rated_count=5, provisional=False, aspects=aspects
    )
    assert statement.text == (
        "Critics are mostly negative about Flop (20% of 5 reviews positive)."
        " They criticise the story (“story is a mess”)."
        " Praise goes to the music (“music is lovely”)."
    )


def test_only_neutral_mentions_are_described_as_discussed():
    aspects = [aspect("music", 1, 0, 0, [Evidence(1, "A score by X.", "A score by X", 0.0)])]
    statement = generate_statement(
        film_title="Film", percent_positive=100, rated_count=1, provisional=False, aspects=aspects
    )
    assert statement.text.endswith("Reviews discuss the music (“A score by X”).")


def test_prefers_different_reviews_for_different_aspects():
    same = Evidence(1, "The songs are great and the acting is great.", "songs are great", 0.8)
    aspects = [
        aspect("music", 2, 2, 0, [same, Evidence(2, "Fine music.", "Fine music", 0.2)]),
        aspect(
            "performances",
            2,
            2,
            0,
            [
                Evidence(1, same.sentence, "the acting is great", 0.8),
                Evidence(3, "Superb acting.", "Superb acting", 0.6),
            ],
        ),
    ]
    statement = generate_statement(
        film_title="F", percent_positive=100, rated_count=3, provisional=False, aspects=aspects
    )
    # Performances come first (equal mentions, vocabulary order) and take review 1's
    # strongest quote, so music is quoted from another review.
    assert statement.text.index("the performances") < statement.text.index("the music")
    assert [c.review_id for c in statement.citations] == [1, 2]


def long_reviews(count: int = 30) -> list[ReviewText]:
    praise = (
        "The performances are glorious, the direction is masterful and the score is "
        "wonderful; the cinematography is gorgeous, the choreography is dazzling and the "
        "script is witty, while the humour is delightful and the chemistry is electric."
    )
    blame = (
        "Sadly the pacing is tedious, the ending is a dreadful mess, the story is "
        "predictable and the dialogue is clumsy, and it is all far too long and boring."
    )
    return [ReviewText(i, f"{praise}\n\n{blame}\n\n{praise}") for i in range(count)]


def test_statement_is_capped_on_long_input():
    reviews = long_reviews()
    aspects = find_aspects(reviews)
    assert len(aspects) >= 8
    statement = generate_statement(
        film_title="The Extraordinarily Long-Winded Title of a Film That Goes On and On",
        percent_positive=55,
        rated_count=30,
        provisional=False,
        aspects=aspects,
    )
    assert len(statement.text) <= 300
    assert statement.citations
    assert_citations_traceable(statement, reviews)
    for max_chars in (250, 200, 150, 100, 60, 30, 10, 0):
        shorter = generate_statement(
            film_title="The Extraordinarily Long-Winded Title of a Film That Goes On and On",
            percent_positive=55,
            rated_count=30,
            provisional=False,
            aspects=aspects,
            max_chars=max_chars,
        )
        assert len(shorter.text) <= max_chars
        assert_citations_traceable(shorter, reviews)


def test_truncation_never_cuts_a_word():
    title = " ".join(["A Very Long Title"] * 30)
    text = generate_statement(
        film_title=title, percent_positive=90, rated_count=10, provisional=False, aspects=[]
    ).text
    assert len(text) <= 300
    assert text.endswith("…")
    words = text.removesuffix("…").split()
    untruncated = f"Critics are overwhelmingly positive about {title}".split()
    assert words == untruncated[: len(words)]


def test_statement_is_deterministic(seed_reviews):
    first = seed_statement(find_aspects(seed_reviews))
    for _ in range(3):
        assert seed_statement(find_aspects(seed_reviews)) == first
    assert find_aspects(list(seed_reviews)) == find_aspects(seed_reviews)


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    percent=st.one_of(st.none(), st.integers(0, 100)),
    count=st.integers(0, 500),
    provisional=st.booleans(),
    max_chars=st.integers(0, 400),
    title=st.text(min_size=1, max_size=120),
)
def test_statement_never_exceeds_max_chars(percent, count, provisional, max_chars, title):
    statement = generate_statement(
        film_title=title,
        percent_positive=percent,
        rated_count=count,
        provisional=provisional,
        aspects=_LONG_ASPECTS,
        max_chars=max_chars,
    )
    assert len(statement.text) <= max_chars
    for citation in statement.citations:
        assert f"“{citation.phrase}”" in statement.text


_LONG_ASPECTS = find_aspects(long_reviews(3))


# --- quotes -----------------------------------------------------------------------


def test_pull_quote_wins():
    review = ReviewText(1, "Long body. With sentences.", pull_quote="  A knockout.  ")
    assert choose_quote(review) == "A knockout."


def test_quote_agrees_with_the_verdict():
    body = (
        "The opening hour is a wonderful, glorious delight for everyone. "
        "The final act is a dreadful, boring and tedious mess, alas."
    )
    assert choose_quote(ReviewText(1, body, verdict="positive")).startswith("The opening hour")
    assert choose_quote(ReviewText(1, body, verdict="negative")).startswith("The final act")


def test_quote_avoids_plot_summary_and_ties_go_to_the_earliest():
    body = (
        "Mia (Emma Stone) has a wonderful, joyful time in the city of stars. "
        "The film is a wonderful, joyful time at the pictures for all. "
        "The music is a wonderful, joyful time at the pictures for all."
    )
    assert choose_quote(ReviewText(1, body, verdict="positive")) == (
        "The film is a wonderful, joyful time at the pictures for all."
    )


def test_quote_never_returns_the_whole_review():
    assert choose_quote(ReviewText(1, "A wonderful, glorious film that everyone should see.")) == ""
    assert choose_quote(ReviewText(1, "")) == ""


def test_quote_respects_max_chars_at_a_word_boundary():
    long_sentence = "This wonderful film " + "is glorious and lovely, " * 20 + "truly."
    body = f"{long_sentence} {long_sentence}"
    quote = choose_quote(ReviewText(1, body, verdict="positive"), max_chars=80)
    assert len(quote) <= 80
    assert quote.endswith("…")
    assert body.startswith(quote[:-1])
    assert body[len(quote) - 1] in " ,"
