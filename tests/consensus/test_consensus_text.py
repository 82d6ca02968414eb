"""Aspects, pull quotes and the generated statement: what the site says critics said.

Every citation must be verbatim words of its review on clause boundaries, quoted on the
side the review takes (consensus.stance); these tests check that on the seed
reviews, on hand-written adversarial sentences and on whole films.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from consensus.aspects import PHRASE_MAX_CHARS, review_aspects
from consensus.sentences import split_sentences
from consensus.stance import AGAINST, CRITICISM, PRAISE, criticised, praised
from consensus.text import (
    AspectSummary,
    Evidence,
    ReviewText,
    Statement,
    choose_quote,
    find_aspects,
    generate_statement,
)

SEED_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "seed_documents"
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


def statement_for(reviews, *, title="The Film", percent, majority=None, **overrides):
    arguments = {
        "film_title": title,
        "percent_positive": percent,
        "rated_count": len(reviews),
        "provisional": False,
        "aspects": find_aspects(reviews),
        "majority_verdict": majority,
    }
    return generate_statement(**(arguments | overrides))


# --- the boundary rule, defined here independently of the code under test ----------

_STARTS_AFTER = (*",;:—–(", " -")
_ENDS_BEFORE = (*",;:—–().!?…", " - ")
_CONTRASTS = ("but", "although", "though", "whereas", "while", "whilst", "however")
_QUOTES = " \"'“”‘’[]"


def starts_on_boundary(sentence: str, start: int) -> bool:
    before = sentence[:start].rstrip(_QUOTES)
    if not before:
        return True
    words = before.lower().split()
    return before.endswith(_STARTS_AFTER) or (bool(words) and words[-1].rstrip(",") in _CONTRASTS)


def ends_on_boundary(sentence: str, end: int) -> bool:
    if sentence[end:].startswith(" - "):
        return True
    after = sentence[end:].lstrip(_QUOTES)
    if not after:
        return True
    return after.startswith(_ENDS_BEFORE) or after.lower().split()[0].strip(",.;:!?") in _CONTRASTS


def quoted_on_boundaries(phrase: str, text: str) -> bool:
    """Each piece of the phrase (split where "…" marks words left out) is verbatim text of
    one sentence of the review, starting and ending on a clause boundary, in order."""
    pieces = [p.strip() for p in phrase.split("…")]
    if pieces[-1] == "":
        pieces.pop()
    if not pieces or any(not p for p in pieces):
        return False
    for sentence in split_sentences(text):
        position, ok = 0, True
        for piece in pieces:
            found = [
                m.start()
                for m in re.finditer(re.escape(piece), sentence)
                if m.start() >= position
                and starts_on_boundary(sentence, m.start())
                and ends_on_boundary(sentence, m.start() + len(piece))
            ]
            if not found:
                ok = False
                break
            position = found[0] + len(piece)
        if ok:
            return True
    return False


def assert_citations_hold(statement: Statement, reviews: list[ReviewText]) -> None:
    by_id = {review.review_id: review for review in reviews}
    for citation in statement.citations:
        review = by_id[citation.review_id]
        assert quoted_on_boundaries(citation.phrase, review.body), citation
        assert f"“{citation.phrase}”" in statement.text
        assert citation.phrase != review.body.strip()
        assert citation.stance in (PRAISE, CRITICISM)
        if citation.stance == PRAISE:
            assert review.verdict != "negative", citation


def test_boundary_checker_itself():
    sentence = "The score, by Justin Hurwitz, is marvelous but the plot is thin."
    assert quoted_on_boundaries("The score, by Justin Hurwitz, is marvelous", sentence)
    assert quoted_on_boundaries("the plot is thin", sentence)
    assert quoted_on_boundaries("The score … is marvelous", sentence)
    assert not quoted_on_boundaries("score, by Justin", sentence)
    assert not quoted_on_boundaries("The score, by Justin Hurwitz, is", sentence)
    assert not quoted_on_boundaries(
        "Chazelle welcomes us to the colorful",
        "Chazelle welcomes us to the colorful world of La La Land.",
    )


# --- the seed film ------------------------------------------------------------------


def test_seed_loader_strips_page_chrome(seed_reviews):
    for review in seed_reviews:
        assert "Posted by" not in review.body
        assert "Latest from our Creators" not in review.body
        assert "is out now" not in review.body
    assert seed_reviews[0].body.startswith("An aspiring actress")


def test_seed_statement_praises_with_whole_clauses_from_the_reviews(seed_reviews, seed_aspects):
    statement = generate_statement(
        film_title="La La Land",
        percent_positive=100,
        rated_count=4,
        provisional=False,
        aspects=seed_aspects,
        majority_verdict="positive",
    )
    assert statement.text.startswith(
        "Critics are overwhelmingly positive about La La Land (100% of 4 reviews positive)."
    )
    assert "Praise goes to the " in statement.text
    assert "Criticism" not in statement.text  # no aspect is faulted by two reviews
    assert statement.citations
    assert {c.stance for c in statement.citations} == {PRAISE}
    assert_citations_hold(statement, seed_reviews)


def test_seed_aspects_counts_add_up(seed_reviews, seed_aspects):
    bodies = {r.review_id: r.body for r in seed_reviews}
    by_name = {a.name: a for a in seed_aspects}
    assert by_name["music"].mentions == 4
    for aspect in seed_aspects:
        assert aspect.positive + aspect.negative <= aspect.mentions <= 4
        assert len(aspect.evidence) == len({e.review_id for e in aspect.evidence})
        for evidence in aspect.evidence:
            assert evidence.sentence in bodies[evidence.review_id]
            assert quoted_on_boundaries(evidence.phrase, bodies[evidence.review_id])
            assert len(evidence.phrase) <= PHRASE_MAX_CHARS


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


def test_seed_quotes_are_whole_sentences_that_praise(seed_reviews):
    for review in seed_reviews:
        quote = choose_quote(review)
        assert quote, review.review_id
        assert quote in split_sentences(review.body)
        assert 40 <= len(quote) <= 200
        assert quote != review.body.strip()


# --- stance: praise and criticism from the right side --------------------------------

SARCASM = ReviewText(
    1,
    "Oh great, another two hours of brilliant acting. The plot is a dull, tedious mess "
    "and the script is clumsy.",
    verdict="negative",
)


def test_praise_is_never_taken_from_a_review_counted_negative():
    for found in review_aspects(SARCASM):
        assert found.lean != PRAISE or found.evidence is None
        if found.evidence:
            assert found.evidence.side == CRITICISM
    assert "brilliant acting" not in choose_quote(SARCASM)


def test_a_film_everyone_pans_is_never_praised_in_its_statement():
    reviews = [
        SARCASM,
        ReviewText(2, "The acting is wooden and the plot is a boring mess.", verdict="negative"),
        ReviewText(
            3, "A tedious slog: the story is thin and the script is dreadful.", verdict="negative"
        ),
    ]
    statement = statement_for(reviews, percent=0, majority="negative")
    assert "Praise" not in statement.text
    assert "brilliant" not in statement.text
    after_summary = statement.text.split(". ", 1)[1]
    assert after_summary.startswith("Criticism targets")
    assert_citations_hold(statement, reviews)


def test_mild_reservations_in_rave_reviews_are_not_quoted_as_criticism():
    reviews = [
        ReviewText(i, body, verdict="positive")
        for i, body in enumerate(
            [
                "A terrific thriller. The story is full of twists and turns.",
                "Gorgeous and gripping. The story is full of surprises."
                " And the costumes kicked ass.",
                "The performances are superb and the story moves briskly.",
            ]
        )
    ]
    statement = statement_for(reviews, percent=100, majority="positive")
    assert "Criticism" not in statement.text
    for found in (a for r in reviews for a in review_aspects(r)):
        assert found.lean != CRITICISM


def test_criticism_in_a_positive_review_needs_a_clearly_negative_sentence():
    review = ReviewText(
        1,
        "A lovely, moving film with a glorious score. The pacing is dreadfully slow and "
        "tedious in the middle.",
        verdict="positive",
    )
    by_name = {a.name: a for a in review_aspects(review)}
    assert by_name["pacing"].lean == CRITICISM
    evidence = by_name["pacing"].evidence
    assert evidence.side == CRITICISM
    assert 1 - evidence.probability >= AGAINST


# --- keywords, names, comparisons and plot --------------------------------------------


def test_surnames_that_are_also_words_are_not_aspects():
    review = ReviewText(
        1,
        "Celine Song's debut is a quiet marvel. Song directs with grace and wit.",
        verdict="positive",
        names=frozenset({"celine", "song"}),
    )
    assert "music" not in {a.name for a in review_aspects(review)}


def test_titles_and_names_inside_a_sentence_are_not_aspects():
    review = ReviewText(1, "It is a lot like Cast Away, and just as gripping.", verdict="positive")
    assert "performances" not in {a.name for a in review_aspects(review)}


def test_the_word_itself_still_counts():
    review = ReviewText(1, "The songs are gorgeous and the cast is superb.", verdict="positive")
    leans = {a.name: a.lean for a in review_aspects(review)}
    assert leans["music"] == PRAISE
    assert leans["performances"] == PRAISE


@pytest.mark.parametrize(
    ("sentence", "aspect"),
    [
        ("Less funny than the original.", "humour"),
        ("The sequel is not as funny as the first film.", "humour"),
        ("The script is nowhere near as sharp as it thinks.", "story"),
    ],
)
def test_comparisons_that_find_the_film_short_are_criticism(sentence, aspect):
    for verdict in ("negative", "mixed"):
        (found,) = [
            a for a in review_aspects(ReviewText(1, sentence, verdict=verdict)) if a.name == aspect
        ]
        assert found.lean == CRITICISM, verdict


def test_a_great_premise_that_falls_apart_is_not_praise_of_the_story():
    review = ReviewText(1, "A great premise that falls apart.", verdict="negative")
    (story,) = [a for a in review_aspects(review) if a.name == "story"]
    assert story.lean != PRAISE


def test_a_thin_story_is_criticism():
    review = ReviewText(1, "The story is thin and the dialogue is clumsy.", verdict="negative")
    (story,) = [a for a in review_aspects(review) if a.name == "story"]
    assert story.lean == CRITICISM


def test_negated_praise_is_not_praise():
    review = ReviewText(1, "The jokes are not funny at all.", verdict="negative")
    (humour,) = [a for a in review_aspects(review) if a.name == "humour"]
    assert humour.lean == CRITICISM


@pytest.mark.parametrize(
    "sentence",
    [
        "The story follows two dreamers in Los Angeles.",
        "The plot concerns a pianist who falls for an actress.",
        "The music was recorded in a single week.",
    ],
)
def test_plot_and_facts_are_not_judgements(sentence):
    for verdict in ("positive", "negative", None):
        for found in review_aspects(ReviewText(1, sentence, verdict=verdict)):
            assert found.lean is None, (sentence, verdict, found)


# --- the statement's rules ----------------------------------------------------------


def aspect(name, mentions, positive, negative, evidence=()):
    return AspectSummary(name, mentions, positive, negative, tuple(evidence))


def praise_of(review_id, phrase, probability=0.95):
    return Evidence(review_id, phrase + ".", phrase, probability, PRAISE)


def criticism_of(review_id, phrase, probability=0.05):
    return Evidence(review_id, phrase + ".", phrase, probability, CRITICISM)


def test_an_aspect_is_criticised_only_when_enough_reviews_fault_it():
    assert not criticised(aspect("story", 10, 6, 1))
    assert not criticised(aspect("story", 20, 10, 3))  # 15% of mentions
    assert criticised(aspect("story", 10, 6, 2))
    assert praised(aspect("music", 4, 2, 0))
    assert not praised(aspect("music", 4, 1, 0))
    assert praised({"name": "music", "mentions": 4, "positive": 2, "negative": 0})


def test_statement_never_says_they():
    aspects = [
        aspect("music", 2, 2, 0, [praise_of(1, "The score is glorious")]),
        aspect("pacing", 2, 0, 2, [criticism_of(2, "The pacing is tedious")]),
    ]
    for percent, majority in ((100, "positive"), (0, "negative"), (50, None)):
        statement = generate_statement(
            film_title="Film",
            percent_positive=percent,
            rated_count=1,
            provisional=False,
            aspects=aspects,
            majority_verdict=majority,
        )
        assert not re.search(r"\bThey\b", statement.text)


def test_divided_aspects_are_left_out_of_the_statement():
    aspects = [
        aspect("story", 6, 3, 3, [praise_of(1, "A clever story"), criticism_of(2, "A thin story")])
    ]
    statement = generate_statement(
        film_title="Film", percent_positive=50, rated_count=6, provisional=False, aspects=aspects
    )
    assert "Praise" not in statement.text
    assert "Criticism" not in statement.text
    assert not statement.citations


@pytest.mark.parametrize(
    ("percent", "majority"),
    [(20, "negative"), (17, "mixed")],  # mostly negative; mostly mixed, rarely positive
)
def test_a_film_not_mostly_positive_leads_with_criticism(percent, majority):
    aspects = [
        aspect("story", 3, 0, 3, [criticism_of(1, "The story is a mess")]),
        aspect("music", 2, 2, 0, [praise_of(2, "The music is lovely")]),
    ]
    statement = generate_statement(
        film_title="Flop",
        percent_positive=percent,
        rated_count=5,
        provisional=False,
        aspects=aspects,
        majority_verdict=majority,
    )
    assert statement.text == (
        f"Critics are mostly negative about Flop ({percent}% of 5 reviews positive)."
        " Criticism targets the story (“The story is a mess”)."
        " Praise goes to the music (“The music is lovely”)."
    )
    assert [(c.review_id, c.stance) for c in statement.citations] == [
        (1, CRITICISM),
        (2, PRAISE),
    ]


def test_evidence_of_the_other_side_is_never_quoted_for_a_group():
    aspects = [aspect("music", 3, 3, 0, [criticism_of(1, "The music is grating")])]
    statement = generate_statement(
        film_title="Film", percent_positive=100, rated_count=3, provisional=False, aspects=aspects
    )
    assert "Praise goes to the music." in statement.text
    assert not statement.citations


def test_prefers_different_reviews_for_different_aspects():
    aspects = [
        aspect("music", 2, 2, 0, [praise_of(1, "The songs are great"), praise_of(2, "Fine music")]),
        aspect(
            "performances",
            2,
            2,
            0,
            [praise_of(1, "the acting is great"), praise_of(3, "A superb cast")],
        ),
    ]
    statement = generate_statement(
        film_title="Film", percent_positive=100, rated_count=3, provisional=False, aspects=aspects
    )
    assert len({c.review_id for c in statement.citations}) == 2


def test_only_talk_when_nothing_is_claimed_either_way():
    aspects = [aspect("music", 3, 1, 0, [praise_of(1, "A lovely score")])]
    statement = generate_statement(
        film_title="Film", percent_positive=100, rated_count=3, provisional=False, aspects=aspects
    )
    assert statement.text.endswith("Reviews discuss the music.")
    assert not statement.citations


def test_no_reviews_statement():
    statement = generate_statement(
        film_title="Film", percent_positive=None, rated_count=0, provisional=True, aspects=[]
    )
    assert statement.text == "No critics' reviews yet for Film."


def test_provisional_statement_says_it_is_early():
    statement = generate_statement(
        film_title="Film", percent_positive=100, rated_count=2, provisional=True, aspects=[]
    )
    assert "%" not in statement.text
    assert "too few" in statement.text


# --- whole films ----------------------------------------------------------------------

NEGATIVE_FILM = [
    ReviewText(
        1,
        "A tedious, overlong slog. The story is thin and the plot makes no sense.",
        verdict="negative",
    ),
    ReviewText(
        2,
        "Wooden acting and a boring, muddled plot sink it. Oh great, more brilliant acting.",
        verdict="negative",
    ),
    ReviewText(
        3,
        "The script is clumsy and the story is dull. The score is lovely, though.",
        verdict="negative",
    ),
    ReviewText(4, "Dreary and dull: the plot is a predictable mess.", verdict="negative"),
    ReviewText(5, "The performances are terrific and the story is gripping.", verdict="positive"),
]
DIVIDED_FILM = [
    ReviewText(1, "The performances are superb and the score is glorious.", verdict="positive"),
    ReviewText(2, "The cast is wonderful and the music is a joy.", verdict="positive"),
    ReviewText(3, "The plot is a tedious mess and the pacing is sluggish.", verdict="negative"),
    ReviewText(4, "A dull plot, and the pacing is painfully slow.", verdict="negative"),
]
UNANIMOUS_FILM = [
    ReviewText(
        1,
        "A masterpiece. The performances are extraordinary and the score soars.",
        verdict="positive",
    ),
    ReviewText(2, "The cast is superb, and the songs are wonderful.", verdict="positive"),
    ReviewText(3, "Gorgeous cinematography and terrific performances.", verdict="positive"),
]


def test_negative_film_statement_leads_with_what_the_majority_faults():
    statement = statement_for(NEGATIVE_FILM, percent=20, majority="negative")
    assert statement.text.startswith("Critics are mostly negative about The Film (20% of 5")
    body = statement.text.split(". ", 1)[1]
    assert body.startswith("Criticism targets the story")
    assert "brilliant" not in statement.text
    assert_citations_hold(statement, NEGATIVE_FILM)


def test_divided_film_statement_gives_both_sides():
    statement = statement_for(DIVIDED_FILM, percent=50)
    assert statement.text.startswith("Critics are divided about The Film (50% of 4")
    assert "Praise goes to the performances" in statement.text
    assert "Criticism targets" in statement.text
    assert {c.stance for c in statement.citations} == {PRAISE, CRITICISM}
    assert_citations_hold(statement, DIVIDED_FILM)


def test_unanimous_film_statement_only_praises():
    statement = statement_for(UNANIMOUS_FILM, percent=100, majority="positive")
    assert "Praise goes to the performances" in statement.text
    assert "Criticism" not in statement.text
    assert_citations_hold(statement, UNANIMOUS_FILM)


# --- length, determinism, and the boundary rule on any text ---------------------------


def long_reviews(count=30):
    praise = (
        "The performances are superb, the cinematography is gorgeous and the score is "
        "wonderful. The choreography is dazzling and the humour is delightful, while the "
        "ending is deeply moving."
    )
    blame = (
        "Sadly the pacing is sluggish, the story is predictable and the dialogue is "
        "clumsy, and it is all far too long and boring."
    )
    return [
        ReviewText(i, f"{praise}\n\n{blame}\n\n{praise}", verdict="mixed") for i in range(count)
    ]


def test_statement_is_capped_on_long_input():
    reviews = long_reviews()
    statement = statement_for(
        reviews,
        title="The Extraordinarily Long-Winded Title of a Film That Goes On and On",
        percent=55,
    )
    assert len(statement.text) <= 300
    assert_citations_hold(statement, reviews)
    for max_chars in (250, 200, 150, 100, 60, 30, 10, 0):
        shorter = statement_for(reviews, percent=55, max_chars=max_chars)
        assert len(shorter.text) <= max_chars
        assert_citations_hold(shorter, reviews)


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
    first = statement_for(seed_reviews, percent=100)
    for _ in range(3):
        assert statement_for(seed_reviews, percent=100) == first


_CLAUSES = [
    "the score is glorious",
    "the plot is a tedious mess",
    "The performances are superb",
    "the story is thin",
    "Emma Stone (Birdman) is wonderful",
    "the songs are “catchy” and bright",
    "nothing but fun",
    "less funny than the original",
    "the cast is terrific",
    "the pacing drags",
]
_JOINS = [", ", "; ", " but ", ", although ", " — ", " and ", ". ", ": ", " - ", "\n\n"]


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_CLAUSES), st.sampled_from(_JOINS)), min_size=1, max_size=9),
    st.sampled_from(["positive", "negative", "mixed", None]),
)
def test_every_quote_is_verbatim_whole_clauses_on_the_right_side(parts, verdict):
    body = "".join(clause + join for clause, join in parts).strip(" ,;:—-") + "."
    body = body[0].upper() + body[1:]
    review = ReviewText(7, body, verdict=verdict)
    for found in review_aspects(review):
        if found.evidence:
            assert quoted_on_boundaries(found.evidence.phrase, body), found.evidence
            assert found.evidence.side == found.lean
            assert not (found.evidence.side == PRAISE and verdict == "negative")
    quote = choose_quote(review)
    if quote:
        assert quoted_on_boundaries(quote, body) or quote in split_sentences(body)


# --- pull quotes ----------------------------------------------------------------------


def test_pull_quote_wins():
    review = ReviewText(1, "Long body. With sentences.", pull_quote="  A knockout.  ")
    assert choose_quote(review) == "A knockout."


def test_quote_agrees_with_the_verdict():
    body = (
        "The performances are superb and the score is glorious throughout. "
        "The plot is a tedious, clumsy mess that never comes alive."
    )
    assert "superb" in choose_quote(ReviewText(1, body, verdict="positive"))
    assert "tedious" in choose_quote(ReviewText(1, body, verdict="negative"))


def test_no_quote_rather_than_one_from_the_wrong_side():
    body = "The plot is a tedious, clumsy mess that never comes alive. It is dull throughout."
    assert choose_quote(ReviewText(1, body, verdict="positive")) == ""


def test_quote_never_returns_the_whole_review():
    assert choose_quote(ReviewText(1, "One superb sentence about a glorious film.")) == ""


def test_long_quote_is_cut_at_a_clause_with_an_ellipsis():
    sentence = (
        "The performances are superb and the score is glorious, "
        + "with a camera that glides through every scene of the city at night, " * 4
        + "and a finale to remember."
    )
    body = sentence + " It is a film."
    quote = choose_quote(ReviewText(1, body, verdict="positive"), max_chars=120)
    assert quote.endswith("…")
    assert len(quote) <= 120
    assert quoted_on_boundaries(quote, body)


_KEYWORD_SAMPLES = [
    "score",
    "Songs",
    "film-makers",
    "filmmaker",
    "long takes",
    "clichéd",
    "song-and-dance",
    "story's",
    "third act",
    "special effects",
    "too long",
    "musical numbers",
    "characterisation",
    "run-time",
    "tear-jerker",
    "nothing new",
    "directorial",
    "well-made",
    "love letter",
]


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*_KEYWORD_SAMPLES, "the", "a", ",", ".", "great"]), max_size=12))
def test_the_aspect_prefilter_never_misses_a_keyword(words):
    from consensus.aspect_words import ASPECT_PATTERNS, aspects_possibly_mentioned

    text = " ".join(words)
    mentioned = {name for name, pattern in ASPECT_PATTERNS.items() if pattern.search(text)}
    assert mentioned <= aspects_possibly_mentioned(text)
