"""The verdict model and the suggested verdict (consensus.classifier, suggest)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from consensus.classifier import (
    DEFAULT_PATH,
    ModelFileError,
    default_model,
    features,
    load_model,
    model_from_dict,
)
from consensus.sentences import split_sentences
from consensus.suggest import MIXED, NEGATIVE, POSITIVE, suggest_verdict

REPO = Path(__file__).resolve().parents[2]
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
    # 38/40 when the trained model replaced the lexicon (which scored 37); rt-polarity's
    # held-out figures are in docs/verdict-suggestion.md.
    assert right >= 36


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


def test_review_divided_between_praise_and_blame_is_mixed():
    text = (
        "The performances are wonderful and the music is glorious. "
        "The photography is gorgeous. "
        "Sadly the script is dreadful and boring. "
        "The plot is a tedious, predictable mess."
    )
    suggestion = suggest_verdict(text)
    assert suggestion.verdict == MIXED
    assert 0 < suggestion.confidence <= 1


def test_a_one_line_snippet_is_never_mixed():
    # A critic's snippet makes one point; editors are asked to accept fresh or rotten.
    assert suggest_verdict("Funny in places, but the plot is a mess.").verdict != MIXED


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_blank_text_gives_none(text):
    assert suggest_verdict(text) is None


def test_stronger_praise_gets_higher_confidence():
    mild = suggest_verdict("A decent film.")
    strong = suggest_verdict("An absolutely brilliant, wonderful, moving masterpiece.")
    assert strong.verdict == POSITIVE
    assert strong.confidence > mild.confidence


def test_negation_is_read():
    assert suggest_verdict("The jokes are not funny.").verdict == NEGATIVE
    assert suggest_verdict("Not a bad film at all, and often a moving one.").verdict == POSITIVE


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


def test_suggestion_names_the_model_that_made_it():
    assert suggest_verdict("A triumph.").model_version == default_model().version


@given(st.text(max_size=400))
def test_any_text_gives_a_valid_suggestion(text):
    result = suggest_verdict(text)
    if not text.strip():
        assert result is None
        return
    assert result.verdict in {POSITIVE, MIXED, NEGATIVE}
    assert 0.0 <= result.confidence <= 0.99
    assert round(result.confidence, 2) == result.confidence
    if result.verdict != MIXED:
        assert result.confidence >= 0.5


# --- the model file ----------------------------------------------------------------


def test_shipped_model_is_plain_json_with_a_model_card():
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert data["format"] == "critics-verdict-model"
    card = data["card"]
    assert card["examples"]["rt-polarity"]["positive"] > 5000
    assert card["examples"]["rt-polarity"]["negative"] > 5000
    assert 0.75 < card["cross_validated_accuracy"] < 1
    assert default_model().version == data["version"]


def test_missing_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelFileError, match="does not exist"):
        load_model(tmp_path / "nowhere.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot be read"),
        ('{"format": "pickle"}', "not a verdict model"),
        ('{"format": "critics-verdict-model", "format_version": 99}', "format version"),
        ('{"format": "critics-verdict-model", "format_version": 1}', "malformed"),
        ("[1, 2, 3]", "not a verdict model"),
    ],
)
def test_corrupt_model_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelFileError, match=message):
        load_model(path)


def test_site_refuses_to_start_without_its_model(settings, tmp_path, monkeypatch):
    from django.core.checks import run_checks

    from critics import checks

    monkeypatch.setattr(checks, "MODEL_PATH", tmp_path / "missing.json")
    errors = [e for e in run_checks() if e.id == "critics.E001"]
    assert len(errors) == 1
    assert "missing.json does not exist" in errors[0].msg
    assert "train_verdict_model" in errors[0].hint


@given(st.text(alphabet=st.sampled_from("ab not isn't , . “”—'xyz  \n"), max_size=80))
def test_fast_scoring_reads_exactly_the_training_features(text):
    model = default_model()
    defined = model._raw_logit(features(text, word_ngrams=2, char_ngrams=model.char_ngrams))
    assert model.logit(text) == pytest.approx(defined, abs=1e-9)


def test_real_sentences_score_as_the_training_features_define():
    model = default_model()
    for sentence in [s for _, s in HAND_WRITTEN] + ["It isn't funny, never dull — “great”…"]:
        defined = model._raw_logit(features(sentence, word_ngrams=2, char_ngrams=model.char_ngrams))
        assert model.logit(sentence) == pytest.approx(defined, abs=1e-9)


def test_typography_is_read_like_the_training_data():
    model = default_model()
    assert model.logit("It isn’t “good” — it’s great.") == pytest.approx(
        model.logit("it isn't \" good \" -- it's great .")
    )


# --- training -------------------------------------------------------------------------

TINY_POSITIVE = [
    "a wonderful , moving film .",
    "superb acting and a lovely score .",
    "funny , warm and wise .",
    "a gripping thriller .",
    "beautifully made .",
    "a triumph .",
]
TINY_NEGATIVE = [
    "a dreadful , boring film .",
    "wooden acting and a dull script .",
    "tedious and far too long .",
    "a lazy mess .",
    "clich\xe9d and predictable .",
    "a disaster .",
]


@pytest.fixture
def tiny_data(tmp_path):
    (tmp_path / "rt-polarity.pos").write_text("\n".join(TINY_POSITIVE * 2), encoding="utf-8")
    # The original release is Latin-1 (é as 0xe9): the reader must cope.
    (tmp_path / "rt-polarity.neg").write_bytes("\n".join(TINY_NEGATIVE * 2).encode("latin-1"))
    return tmp_path


@pytest.mark.slow
@pytest.mark.django_db
def test_train_command_writes_a_model_the_site_can_load(tiny_data, tmp_path):
    output = tmp_path / "out" / "model.json"
    call_command("train_verdict_model", data=str(tiny_data), output=str(output), verbosity=0)
    model = load_model(output)
    assert model.card["examples"]["rt-polarity"] == {"positive": 12, "negative": 12}
    assert model.probability("a wonderful , moving triumph .") > 0.5
    assert model.probability("a dull , tedious mess .") < 0.5
    assert not list(output.parent.glob("*.tmp"))


@pytest.mark.django_db
def test_training_learns_from_the_sites_verdicts_but_not_from_accepted_suggestions(
    tiny_data, tmp_path
):
    from tests.factories import review

    review(body="An incandescent marvel.", rating="5/5")
    review(body="A grating chore.", verdict="negative", verdict_source="editor")
    review(body="Machine-read praise.", verdict="positive", verdict_source="model")
    review(body="An unpublished rave.", rating="5/5", status="draft")
    output = tmp_path / "model.json"
    call_command("train_verdict_model", data=str(tiny_data), output=str(output), verbosity=0)
    assert load_model(output).card["examples"]["site"] == {"positive": 1, "negative": 1}


def test_train_command_without_data_says_where_it_looked(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No rt-polarity data"):
        call_command("train_verdict_model", data=str(tmp_path), output=str(tmp_path / "m.json"))


def test_model_dict_round_trips_through_json(tiny_data):
    from consensus import training

    data = training.TrainingData(training.rt_examples(tiny_data, "all"))
    trained = json.loads(json.dumps(training.train(data)))
    assert model_from_dict(trained).probability("a triumph .") > 0.5


def test_rt_halves_split_even_and_odd_lines(tiny_data):
    from consensus import training

    tuning = training.rt_examples(tiny_data, "tuning")
    held_out = training.rt_examples(tiny_data, "held-out")
    assert len(tuning) == len(held_out) == 12
    positive_lines = TINY_POSITIVE * 2
    assert [e.text for e in tuning if e.label] == positive_lines[0::2]
    assert [e.text for e in held_out if e.label] == positive_lines[1::2]


# --- sentences ------------------------------------------------------------------------


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
        "verdict_bench", REPO / "bench" / "verdict_model.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_reports_accuracy_calibration_and_speed(tiny_data, capsys):
    assert _load_bench().main(["--data", str(tiny_data), "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "held-out half: 12 snippets" in out
    assert "forced choice accuracy" in out
    assert "expected calibration error" in out
    assert "shipped model" in out


@pytest.mark.django_db
def test_recompute_rescores_reviews_a_previous_model_judged():
    import io

    from consensus.aggregate import ANALYSIS_VERSION
    from critics.models import Review
    from critics.services.consensus import analyse_review_text
    from tests.factories import review

    written = review(body="A superb, moving film.\n\nThe cast is glorious.")
    analyse_review_text(written)
    written.save()
    stale = {**written.analysis, "suggestion": {"verdict": "negative", "confidence": 0.9}}
    stale["suggestion"]["model"] = "an-older-model"
    Review.objects.filter(pk=written.pk).update(analysis=stale)
    assert stale["version"] == ANALYSIS_VERSION

    out = io.StringIO()
    call_command("recompute_consensus", stdout=out)
    assert "1 reviews' text analysed" in out.getvalue()
    suggestion = Review.objects.get(pk=written.pk).analysis["suggestion"]
    assert suggestion["model"] == default_model().version
    assert suggestion["verdict"] == POSITIVE
