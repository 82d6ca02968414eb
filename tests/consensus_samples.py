"""Review text written for the consensus tests, and the stored-marks path a recompute takes."""

from consensus.aggregate import analyse_aspects
from consensus.marks import MarkTally, compact_marks

# Sentences written for these tests, in the voice of reviews, praising and faulting aspects.
SENTENCES = [
    "The performances are superb, and the cast has wonderful chemistry.",
    "Sadly the script is lazy and the dialogue clunky.",
    "The score is gorgeous and the songs linger for days.",
    "At two and a half hours it drags badly; the pacing is a chore.",
    "The cinematography is stunning, every frame a painting.",
    "The direction feels confused and the editing sloppy.",
    "It is a genuinely funny film with sharp, clever humour.",
    "The dance numbers are dazzling and the choreography inventive.",
    "The ending is a cheat that undoes everything before it.",
    "The plot follows a widow who moves to Lisbon.",
    "The story is moving and the emotion feels earned.",
    "The acting is wooden and the characters thin.",
]


def via_stored_marks(reviews, fetched=None):
    """Aspect summaries as a film's recompute makes them from stored marks.

    Each review stores its compact marks when saved; the recompute tallies them and
    fetches the evidence text of the reviews the tally asks for (added to ``fetched``).
    """
    stored = {review.review_id: analyse_aspects(review) for review in reviews}
    tally = MarkTally((r.review_id, compact_marks(stored[r.review_id]["marks"])) for r in reviews)
    wanted = {review_id for ids in tally.evidence_wanted().values() for review_id in ids}
    if fetched is not None:
        fetched.extend(wanted)
    return tally.summaries({i: stored[i]["evidence"] for i in wanted})
