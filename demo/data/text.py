"""Sentences, headlines and ratings for demo reviews, and the pool of review bodies.

Review bodies come from a limited pool (a few thousand), so the text analysis that
every saved review carries is computed once per distinct body, not once per review.
"""

import random
from dataclasses import dataclass

PLOT = (
    "A retired lighthouse keeper agrees to look after her estranged grandson for one summer.",
    "Two rival bakers enter the same village competition and end up sharing a kitchen.",
    "The story follows a night-shift nurse who starts receiving letters from a stranger.",
    "Set in 1970s Lisbon, it tracks a jazz trio through one chaotic week of gigs.",
    "A disgraced chess champion returns home when her father falls ill.",
    "An engineer and a botanist are stranded at a research station over the winter.",
    "A small-town mayor tries to keep a factory closure secret until after the festival.",
    "Three sisters inherit a failing vineyard and a mountain of their father's debts.",
    "A young courier witnesses a crime and spends one long night running from it.",
    "An ageing rock band reunites for a tour nobody asked for.",
    "A marine biologist discovers her late mother's diaries aboard an abandoned ship.",
    "Two strangers share a sleeper compartment on the last train before the border closes.",
)
PRAISE = (
    "The performances are superb, and the two leads share a warm, easy chemistry.",
    "The direction is confident and precise, never showing off for its own sake.",
    "Its score is lovely, a string of melodies that linger long after the credits.",
    "The cinematography is gorgeous, full of soft light and patient long takes.",
    "The screenplay is sharp and often very funny, with dialogue that feels lived in.",
    "It is a brisk, tightly paced film that never outstays its welcome.",
    "The ending is genuinely moving without tipping into sentimentality.",
    "This is an engrossing, beautifully made drama and one of the best of the year.",
    "The humour is dry and clever, and the jokes land more often than not.",
    "Few films this year feel so fresh or so sure of what they want to say.",
    "The supporting cast is excellent, down to the smallest part.",
    "The production design is rich and wonderfully detailed.",
    "The dance sequences are joyous and inventive.",
    "It is a smart, generous film that trusts its audience.",
)
CRITICISM = (
    "The pacing is sluggish, and the middle hour drags badly.",
    "The script is predictable and leans on every cliché of the genre.",
    "The acting is stiff, and the cast seems unsure of the tone.",
    "Its jokes are flat and the comic timing is off throughout.",
    "The ending is rushed and unconvincing, as if the film simply ran out of ideas.",
    "The visuals are murky and the editing is confusing.",
    "It is an overlong, formulaic film that offers nothing new.",
    "The music is intrusive, telling us what to feel in every scene.",
    "The direction is clumsy and the tone lurches from scene to scene.",
    "The plot is thin and the twists are obvious from the first act.",
)
MIXED = (
    "While the performances are strong, the story never quite comes together.",
    "The first half is delightful, but the last act loses its nerve.",
    "It looks wonderful, yet the characters remain thin and forgettable.",
    "There are lovely moments here, although the pacing is uneven.",
    "The cast does what it can, but the script gives them little to work with.",
    "It is handsomely shot, if a little too pleased with itself.",
)
HEADLINES = {
    "positive": (
        "A quiet triumph",
        "Warm, funny and wise",
        "One of the year's best",
        "A real find",
        "Beautifully made",
        "Pure pleasure",
    ),
    "mixed": (
        "Good in parts",
        "Uneven but watchable",
        "Almost there",
        "Flawed and fascinating",
    ),
    "negative": (
        "A missed chance",
        "Going nowhere slowly",
        "Strictly by numbers",
        "Best avoided",
    ),
}

# Ratings as critics print them, by the verdict they read as (see consensus/ratings.py).
RATINGS = {
    "positive": (
        "3/4",
        "3.5/4",
        "B+",
        "A-",
        "A",
        "7/10",
        "8/10",
        "★★★½",
        "★★★★",
        "4/5",
        "4 stars",
        "88/100",
        "★★★★☆",
        "8 out of 10",
    ),
    "mixed": ("2/4", "2.5/4", "C+", "C", "C-", "5/10", "★★½", "2.5/5", "2.5 stars", "55/100"),
    "negative": ("1/4", "1.5/4", "D+", "D", "F", "3/10", "★½", "1/5", "1 star", "30/100"),
}
# Bare numbers, read on the publication's declared scale.
BARE_RATINGS = {
    4: {"positive": ("3", "3.5", "4"), "mixed": ("2", "2.5"), "negative": ("1", "1.5")},
    5: {"positive": ("4", "4.5", "5"), "mixed": ("2.5",), "negative": ("1", "1.5")},
    10: {"positive": ("7", "8", "9"), "mixed": ("5", "4.5"), "negative": ("2", "3")},
}
RATING_SCALES = (4, 5, 10)

LEANS = ("positive", "mixed", "negative")


@dataclass(frozen=True, slots=True)
class Body:
    lean: str
    text: str
    quote: str  # the judgement an editor would pick as the pull quote


def body_pool(rng: random.Random, per_lean: int) -> dict[str, tuple[Body, ...]]:
    """``per_lean`` distinct review bodies for each lean (or all there are, if fewer)."""
    pool = {}
    for lean in LEANS:
        seen: set[str] = set()
        bodies: list[Body] = []
        for _ in range(per_lean * 20):
            if len(bodies) == per_lean:
                break
            body = _body(rng, lean)
            if body.text not in seen:
                seen.add(body.text)
                bodies.append(body)
        pool[lean] = tuple(bodies)
    return pool


def _body(rng: random.Random, lean: str) -> Body:
    """A plot sentence and two to six judgements in one to three paragraphs."""
    if lean == "positive":
        parts = rng.sample(PRAISE, rng.randint(2, 5)) + rng.sample(CRITICISM, rng.randint(0, 1))
    elif lean == "negative":
        parts = rng.sample(CRITICISM, rng.randint(2, 5)) + rng.sample(PRAISE, rng.randint(0, 1))
    else:
        parts = [*rng.sample(MIXED, 2), rng.choice(PRAISE), rng.choice(CRITICISM)]
    rng.shuffle(parts)
    cut = rng.randint(1, len(parts) - 1)
    paragraphs = [f"{rng.choice(PLOT)} {' '.join(parts[:cut])}", " ".join(parts[cut:])]
    return Body(lean, "\n\n".join(paragraphs), parts[0])
