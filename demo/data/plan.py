"""Who reviews what: a long tail of reviews per film and per critic, as in real criticism.

A handful of films get far more reviews than the rest (one with 5,000 and one with
about 1,000 at full size), most get a few dozen; a few critics write thousands of
reviews and most write far fewer. Pure Python, deterministic for a given random state.
"""

import math
import random
from itertools import accumulate

# Reviews of the most-reviewed films at full size, capped by the critics there are.
BLOCKBUSTERS = (5000, 1000, 1800, 1400, 1200, 1100)
# The other films: lognormal popularity, at most this many reviews each.
FILM_CAP = 900
FILM_SPREAD = 0.9
# Critic weight by rank: 1 / (rank + offset) ** CRITIC_POWER, the offset a fixed share of
# the critics; the offset keeps even the busiest of them under a few thousand reviews.
CRITIC_OFFSET_SHARE = 0.06
CRITIC_POWER = 1.5
# With enough critics, a few prolific ones each write this share of all reviews
# (about 3,000 to 4,500 each at full size).
PROLIFIC_SHARES = (0.0052, 0.0045, 0.0040, 0.0037, 0.0035)
PROLIFIC_FROM = 1000


class PlanError(ValueError):
    """The sizes asked for cannot be met (e.g. more reviews than film/critic pairs)."""


def film_review_counts(rng: random.Random, *, films: int, critics: int, reviews: int) -> list[int]:
    """Reviews per film, adding up to ``reviews``; no film has more reviews than critics."""
    if reviews > films * critics:
        raise PlanError(
            f"{reviews:,} reviews need more film/critic pairs than {films:,} films and "
            f"{critics:,} critics give (one review per film and critic)."
        )
    counts = [0] * films
    big = min(len(BLOCKBUSTERS), films // 20) if films >= 20 else min(1, films - 1)
    for index in range(max(big, 0)):
        counts[index] = min(BLOCKBUSTERS[index], critics, reviews // 8)
    rest = range(max(big, 0), films)
    cap = min(FILM_CAP, critics)
    weights = {i: rng.lognormvariate(0, FILM_SPREAD) for i in rest}
    _share_out(counts, weights, reviews - sum(counts), cap=critics if not rest else cap)
    if sum(counts) < reviews:  # the tail is full: let blockbusters take the remainder
        _share_out(counts, dict.fromkeys(range(films), 1.0), reviews - sum(counts), cap=critics)
    rng.shuffle(counts)
    return counts


def _share_out(counts: list[int], weights: dict[int, float], amount: int, *, cap: int) -> None:
    """Add ``amount`` to ``counts`` in proportion to ``weights``, no count above ``cap``."""
    open_ = {i: w for i, w in weights.items() if counts[i] < cap}
    while amount > 0 and open_:
        total = sum(open_.values())
        given = 0
        for i, weight in open_.items():
            add = min(cap - counts[i], math.floor(amount * weight / total))
            counts[i] += add
            given += add
        if given == 0:  # less than one each is left: hand it out one by one, heaviest first
            for i in sorted(open_, key=lambda i: (-open_[i], i))[:amount]:
                counts[i] += 1
                given += 1
        amount -= given
        open_ = {i: w for i, w in open_.items() if counts[i] < cap}


def critic_cumulative_weights(rng: random.Random, critics: int) -> list[float]:
    """Cumulative weights for drawing critics, the busiest ones placed at random."""
    prolific = PROLIFIC_SHARES if critics >= PROLIFIC_FROM else ()
    offset = max(1.0, CRITIC_OFFSET_SHARE * critics)
    weights = [1 / (rank + offset) ** CRITIC_POWER for rank in range(critics - len(prolific))]
    rest = sum(weights)
    scale = rest / (1 - sum(prolific))
    weights += [share * scale for share in prolific]
    rng.shuffle(weights)
    return list(accumulate(weights))


def pick_critics(rng: random.Random, cumulative: list[float], count: int) -> list[int]:
    """``count`` distinct critic indexes, busier critics more likely."""
    population = len(cumulative)
    if count * 2 > population:
        # Most critics review this film: a plain sample avoids endless redraws.
        return sorted(rng.sample(range(population), count))
    chosen: set[int] = set()
    for _ in range(50):
        for index in rng.choices(
            range(population), cum_weights=cumulative, k=2 * (count - len(chosen))
        ):
            chosen.add(index)
            if len(chosen) == count:
                return sorted(chosen)
    remaining = [i for i in range(population) if i not in chosen]
    chosen.update(rng.sample(remaining, count - len(chosen)))
    return sorted(chosen)
