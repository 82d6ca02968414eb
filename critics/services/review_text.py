"""What a review's text says, as stored on the review: its quote, analysis and marks.

Pure Python over plain values, importing no Django: consensus.analyse_review_text
stores these on a review, and the importer's worker processes call text_fields
directly, so they start without django.setup() (about a second each) and build no
model instances. (The engine, critics/consensus, is where this would live.)
"""

from consensus.aggregate import ANALYSIS_VERSION, analyse_aspects
from consensus.aspects import ReviewText
from consensus.marks import compact_marks
from consensus.statement import choose_quote
from consensus.suggest import suggest_verdict


def text_fields(
    *, review_id: int, body: str, pull_quote: str, verdict: str | None, names: frozenset[str]
) -> dict:
    """{review field name: value} for the quote, the text analysis and the compact marks.

    verdict: the review's counted verdict (the quote and the aspects take its side);
    names: lower-cased words of the film's title and credited names, never taken for
    aspect keywords ("Song" in "Celine Song").
    """
    text = ReviewText(
        review_id=review_id, body=body, pull_quote=pull_quote, verdict=verdict, names=names
    )
    quote = choose_quote(text) if (body or pull_quote) else ""
    suggestion = suggest_verdict(body)
    aspects = analyse_aspects(text)
    return {
        "quote": quote,
        "analysis": {
            "version": ANALYSIS_VERSION,
            **aspects,
            "suggestion": {
                "verdict": suggestion.verdict,
                "confidence": suggestion.confidence,
                "model": suggestion.model_version,
            }
            if suggestion
            else None,
        },
        "consensus_marks": compact_marks(aspects["marks"]),
    }
