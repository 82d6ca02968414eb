"""A film's consensus figures in words, the same on every page that shows them.

The film page, the review page's consensus brief and the API use these sentences, so
the label, the average and the verdicts' sources are explained once and alike.
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import pluralize

from consensus.figures import BASIS_PERCENT_POSITIVE
from consensus.verdicts import describe_verdict_sources
from critics.models import FilmConsensus

register = template.Library()


@register.simple_tag
def label_basis_note(consensus: FilmConsensus | None) -> str:
    """What the label is a band of, with the number it bands."""
    if consensus is None or not consensus.review_count:
        return ""
    if consensus.label_basis == BASIS_PERCENT_POSITIVE and consensus.percent_positive is not None:
        count = consensus.rated_count
        return (
            f"Label from the share of positive verdicts: {consensus.percent_positive}% of "
            f"{count} review{pluralize(count)} with a verdict."
        )
    needed = settings.CONSENSUS_MIN_REVIEWS
    return f"A label needs at least {needed} review{pluralize(needed)} with a verdict."


@register.simple_tag
def average_score_text(consensus: FilmConsensus | None, with_band: bool = True) -> str:
    """The average score with the number of reviews it comes from, or why there is none.

    with_band=False leaves out the score's band, for the page's summary: the band is
    named once, in the figures beside the average."""
    if consensus is None or not consensus.review_count:
        return ""
    if consensus.public_average_score is None:
        if consensus.scored_count == 0:
            return "none: no review gives a rating"
        return "withheld until there are enough reviews with a verdict"
    count = consensus.scored_count
    text = f"{consensus.public_average_score} / 100 from {count} rated review{pluralize(count)}"
    if consensus.score_label and with_band:
        text += f" (“{consensus.score_label}” in Metacritic's bands for average scores)"
    return text


@register.simple_tag
def verdict_sources_text(consensus: FilmConsensus | None) -> str:
    """Where the film's counted verdicts come from, e.g. "4 of 4 verdicts are editors'…"."""
    if consensus is None:
        return ""
    return describe_verdict_sources(
        consensus.verdict_sources or {}, rated=consensus.rated_count, scored=consensus.scored_count
    )
