"""Suggested verdicts for unrated reviews (critics.consensus.suggest)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from critics.consensus.suggest import (
    MIXED,
    NEGATIVE,
    POSITIVE,
    Suggestion,
    score_text,
    sentence_compound,
    split_sentences,
    suggest_verdict,
)

REPO = Path(__file__).resolve().parent.parent
SEED_DIR = REPO / "fixtures" / "seed_documents"
CHROME = re.compile(
    r"^(?:Posted by|Head to for all the latest|Latest from our Creators|Latest News"
    r"|La La Land is out now\.)"
)


# Written for this test, not taken from any data set: one-line verdicts in the voice
# of a critic, some plain, some with the hedges and turns critics use.
HAND_WRITTEN = [
    (POSITIVE, "A gorgeous, big-hearted film that earns every one of its tears."),
    (POSITIVE, "The cast is superb, and the script gives each of them room to shine."),
    (POSITIVE, "Funny, warm and surprisingly wise about growing old."),
    (POSITIVE, "One of the most thrilling action films in years."),
    (POSITIVE, "The director handles the slow build with real confidence."),
    (POSITIVE, "Beautifully shot and quietly devastating, it stays with you."),
    (POSITIVE, "A smart, playful thriller that never talks down to its audience."),
    (POSITIVE, "Her performance is a triumph of restraint."),
    (POSITIVE, "The songs are catchy and the dancing is a joy to watch."),
    (POSITIVE, "An inventive and moving animated adventure for all ages."),
    (POSITIVE, "It is the rare sequel that improves on the original."),
    (POSITIVE, "A riveting courtroom drama with a terrific central turn."),
    (POSITIVE, "I laughed harder than I have at any comedy this year."),
    (POSITIVE, "Elegant, intelligent and never less than gripping."),
    (POSITIVE, "The climax is exhilarating and the ending is perfect."),
    (POSITIVE, "A charming little film that deserves a big audience."),
    (POSITIVE, "Sharp writing and a lovely score make this a pleasure."),
    (POSITIVE, "A haunting, beautifully acted story of grief and hope."),
    (POSITIVE, "Well worth seeing on the biggest screen you can find."),
    (POSITIVE, "The best film of the festival, by some distance."),
    (NEGATIVE, "A tedious, overlong slog with nothing to say."),
    (NEGATIVE, "The jokes fall flat and the plot makes no sense."),
    (NEGATIVE, "Wooden acting and clumsy dialogue sink it within minutes."),
    (NEGATIVE, "A lazy, cynical cash-in that wastes a talented cast."),
    (NEGATIVE, "It is predictable from the first scene to the last."),
    (NEGATIVE, "The effects are cheap and the story is even cheaper."),
    (NEGATIVE, "A boring, muddled thriller without a single surprise."),
    (NEGATIVE, "I have rarely been so bored in a cinema."),
    (NEGATIVE, "The pacing is sluggish and the ending is a letdown."),
    (NEGATIVE, "A mess of half-formed ideas and ugly visuals."),
    (NEGATIVE, "Pretentious and empty, it mistakes gloom for depth."),
    (NEGATIVE, "The romance is unconvincing and the leads have no chemistry."),
    (NEGATIVE, "A disappointing waste of a great premise."),
    (NEGATIVE, "The script is full of clichés and the villain is laughable."),
    (NEGATIVE, "An unfunny comedy that outstays its welcome."),
    (NEGATIVE, "Dull, derivative and forgettable."),
    (NEGATIVE, "The worst film I have seen this year."),
    (NEGATIVE, "Its message is muddled and its characters are shallow."),
    (NEGATIVE, "Loud, ugly and stupid, with no heart at all."),
    (NEGATIVE, "The director seems to have lost interest halfway through."),
]


def test_hand_written_sentences_meet_accuracy_floor():
    right = sum(suggest_verdict(text).verdict == label for label, text in HAND_WRITTEN)
    assert len(HAND_WRITTEN) == 40
    # Measured 37/40 when written; rt-polarity held-out accuracy is far lower (see
    # docs/verdict-suggestion.md) because real snippets are subtler than these.
    assert right >= 32


@pytest.mark.parametrize(
    "text",
    [
        "An absolute triumph: moving, funny and beautifully made.",
        "The performances are wonderful and the music is glorious.",
        "I loved every minute of it.",
    ],
)
def test_clear_praise_is_positive(text):
    assert suggest_verdict(text).verdict == POSITIVE


@pytest.mark.parametrize(
    "text",
    [
        "A dreadful, boring mess.",
        "The script is awful and the acting is worse.",
        "Tedious, pretentious and far too long.",
    ],
)
def test_clear_blame_is_negative(text):
    assert suggest_verdict(text).verdict == NEGATIVE


def test_balanced_praise_and_blame_is_mixed():
    text = (
        "The performances are wonderful and the music is lovely. "
        "Sadly the script is dreadful and the plot is a terrible mess."
    )
    assert suggest_verdict(text).verdict == MIXED


def test_text_without_judgement_is_mixed_with_no_confidence():
    assert suggest_verdict("The film runs 128 minutes and opens on Friday.") == Suggestion(
        MIXED, 0.0
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_blank_text_gives_none(text):
    assert suggest_verdict(text) is None


def test_stronger_praise_gets_higher_confidence():
    mild = suggest_verdict("A good film.")
    strong = suggest_verdict("An absolutely brilliant, wonderful masterpiece.")
    assert mild.verdict == strong.verdict == POSITIVE
    assert strong.confidence > mild.confidence


def test_more_consistent_evidence_gets_higher_confidence():
    one = suggest_verdict("The acting is superb.")
    several = suggest_verdict(
        "The acting is superb. The score is gorgeous. The ending is perfect. A triumph."
    )
    assert several.confidence > one.confidence


def test_negation_is_respected():
    assert suggest_verdict("The jokes are not funny.").verdict == NEGATIVE
    assert suggest_verdict("It is never boring.").verdict == POSITIVE


def test_idioms_that_vader_misreads():
    assert sentence_compound("The numbers are nothing short of delightful.") > 0.05
    assert sentence_compound("It does not offer anything new.") < -0.05


def test_genre_labels_are_not_judgements():
    assert sentence_compound("It is a horror film.") == 0.0
    assert sentence_compound("It is a romantic comedy.") == 0.0


def test_whole_seed_reviews_of_la_la_land_are_positive():
    for prefix in ("000", "001", "002", "004"):
        (path,) = SEED_DIR.glob(f"{prefix}_*.txt")
        paragraphs = [
            p.strip()
            for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
            if p.strip() and not CHROME.match(p.strip())
        ]
        suggestion = suggest_verdict("\n\n".join(paragraphs))
        assert suggestion.verdict == POSITIVE, prefix
        assert suggestion.confidence >= 0.8, prefix


def test_long_review_is_scored_per_sentence():
    praise = "The film is wonderful. " * 30
    score = score_text(praise + "The ending is dreadful.")
    assert score.evaluative == 31
    assert suggest_verdict(praise + "The ending is dreadful.").verdict == POSITIVE


def test_deterministic():
    text = "Funny in places, but the plot is a mess. The cast does its best."
    assert {suggest_verdict(text) for _ in range(5)} == {suggest_verdict(text)}


@given(st.text(max_size=400))
def test_any_text_gives_a_valid_suggestion(text):
    result = suggest_verdict(text)
    if not text.strip():
        assert result is None
        return
    assert result.verdict in {POSITIVE, MIXED, NEGATIVE}
    assert 0.0 <= result.confidence <= 1.0
    assert round(result.confidence, 2) == result.confidence


def test_split_sentences_keeps_abbreviations_and_paragraphs():
    text = "Mr. Smith met J.K. Simmons. He said “Hi!” Then he left.\n\nNew paragraph? yes. ok"
    assert split_sentences(text) == [
        "Mr. Smith met J.K. Simmons.",
        "He said “Hi!”",
        "Then he left.",
        "New paragraph? yes. ok",
    ]


@given(st.text(alphabet=st.sampled_from('ab .!?\n"”A1'), max_size=200))
def test_split_sentences_returns_verbatim_pieces(text):
    for sentence in split_sentences(text):
        assert sentence and sentence == sentence.strip()
        assert sentence in text


def _load_bench():
    spec = importlib.util.spec_from_file_location(
        "verdict_bench", REPO / "bench" / "verdict_suggestion_accuracy.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_runs_on_a_tiny_data_set(tmp_path, capsys):
    (tmp_path / "rt-polarity.pos").write_text("a wonderful film .\nsuperb .\n", encoding="utf-8")
    # Latin-1 bytes (é as 0xe9) must not break the reader.
    (tmp_path / "rt-polarity.neg").write_bytes(
        "a dreadful film .\nclich\xe9d .\n".encode("latin-1")
    )
    assert _load_bench().main(["--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "held-out half: 2 snippets" in out
    assert "strict accuracy" in out
