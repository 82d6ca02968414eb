"""Words that judge: a check that a quoted phrase itself says what it is quoted for.

The verdict model decides which side a clause is on; before a clause is counted or
quoted as praise or criticism it must also hold a word that judges that way, so a plot
line the model happens to lean on ("The story follows two dreamers") is never passed
off as a critic's opinion. The lexicon is VADER's (Hutto & Gilbert, "VADER: A
Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text", ICWSM
2014; vaderSentiment 3.3.2 ships it) with film-criticism words added by hand. A
judging word inside a negation's scope ("not funny", "never dull") judges the other way.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from consensus.sentences import word_set

# Words critics use that VADER's social-media lexicon lacks or scores for another
# register ("haunting", "laughable"), and genre labels it treats as praise or blame.
# Valences on VADER's -4..+4 scale, written by hand from each word's usual sense in
# reviews, not fitted.
FILM_LEXICON: dict[str, float] = {
    # praise
    "absorbing": 1.8,
    "accomplished": 1.8,
    "affecting": 1.8,
    "breathtaking": 3.0,
    "captivating": 2.6,
    "catchy": 1.8,
    "charismatic": 2.2,
    "compelling": 2.0,
    "dazzling": 2.7,
    "deft": 2.0,
    "deftly": 2.0,
    "electrifying": 2.8,
    "enchanting": 2.6,
    "engrossing": 2.3,
    "evocative": 1.8,
    "exhilarating": 2.8,
    "exquisite": 2.8,
    "exquisitely": 2.8,
    "extraordinary": 2.4,
    "gripping": 2.2,
    "haunting": 1.5,
    "hypnotic": 1.8,
    "imaginative": 2.0,
    "immaculate": 2.2,
    "immaculately": 2.2,
    "impeccable": 2.6,
    "impeccably": 2.6,
    "infectious": 1.5,
    "insightful": 2.0,
    "inventive": 2.0,
    "luminous": 2.2,
    "lush": 1.6,
    "magical": 2.0,
    "masterful": 3.0,
    "masterfully": 3.0,
    "memorable": 2.0,
    "mesmerising": 2.6,
    "mesmerizing": 2.6,
    "miraculous": 2.6,
    "moving": 1.2,
    "must-see": 2.5,
    "nuanced": 1.8,
    "phenomenal": 3.0,
    "poignant": 1.6,
    "ravishing": 2.6,
    "refreshing": 2.0,
    "resonant": 1.8,
    "riveting": 2.5,
    "rousing": 2.0,
    "skilful": 2.0,
    "skilfully": 2.0,
    "skillful": 2.0,
    "skillfully": 2.0,
    "soaring": 2.0,
    "spellbinding": 2.8,
    "standout": 2.2,
    "stellar": 2.6,
    "sublime": 3.0,
    "sumptuous": 2.2,
    "superbly": 3.0,
    "timeless": 2.0,
    "touching": 1.8,
    "transcendent": 2.6,
    "unforgettable": 2.8,
    "uplifting": 2.3,
    "well-made": 2.0,
    "witty": 2.0,
    "wondrous": 2.6,
    "appealing": 1.8,
    "gem": 2.4,
    "undeniable": 1.2,
    "winning": 1.8,
    # criticism
    "banal": -1.8,
    "bland": -1.6,
    "bloated": -1.6,
    "cliche": -1.2,
    "cliched": -1.6,
    "cliches": -1.3,
    "cliché": -1.2,
    "clichéd": -1.6,
    "clichés": -1.3,
    "cloying": -1.7,
    "clumsily": -1.5,
    "clumsy": -1.5,
    "contrived": -1.7,
    "convoluted": -1.5,
    "derivative": -1.4,
    "disjointed": -1.5,
    "forgettable": -1.8,
    "formulaic": -1.6,
    "generic": -1.2,
    "hackneyed": -1.9,
    "heavy-handed": -1.5,
    "hollow": -1.4,
    "humorless": -1.6,
    "humourless": -1.6,
    "incoherent": -1.9,
    "inert": -1.6,
    "insufferable": -2.6,
    "interminable": -2.1,
    "lacking": -1.2,
    "lackluster": -1.9,
    "lacklustre": -1.9,
    "lacks": -1.2,
    "laughable": -1.6,
    "lazily": -1.5,
    "lifeless": -2.0,
    "listless": -1.6,
    "mawkish": -1.8,
    "meandering": -1.5,
    "mediocre": -1.8,
    "miscast": -1.8,
    "muddled": -1.7,
    "overlong": -1.6,
    "overwrought": -1.6,
    "patchy": -1.2,
    "plodding": -1.8,
    "pointless": -1.9,
    "predictable": -1.3,
    "pretentious": -1.8,
    "schmaltzy": -1.5,
    "shallow": -1.4,
    "sloppy": -1.6,
    "soulless": -2.2,
    "stale": -1.6,
    "stilted": -1.6,
    "tedious": -2.0,
    "tepid": -1.4,
    "tiresome": -2.0,
    "trite": -1.8,
    "unconvincing": -1.6,
    "underdeveloped": -1.5,
    "underwhelming": -1.8,
    "uneven": -1.3,
    "unfunny": -2.2,
    "uninspired": -1.8,
    "unoriginal": -1.7,
    "unwatchable": -3.0,
    "vapid": -2.0,
    "witless": -2.2,
    "wooden": -1.4,
    "flat": -1.2,
    "drag": -1.4,
    "drags": -1.4,
    "dragged": -1.4,
    "sluggish": -1.6,
    "thin": -1.2,
    "slog": -1.8,
    "misfire": -1.8,
    "misfires": -1.8,
    # "original songs", "the original film": usually not-adapted or earlier, not praise
    "original": 0.0,
    # genre labels say what a film is, not whether it is good
    "comedic": 0.0,
    "comedies": 0.0,
    "comedy": 0.0,
    "horror": 0.0,
    "horrors": 0.0,
    "romance": 0.0,
    "romantic": 0.0,
    "thriller": 0.0,
    "thrillers": 0.0,
    "tragedy": 0.0,
}


# Words VADER rates strongly that in reviews mostly retell the story ("a love story",
# "a war film"): they never make a phrase a judgement.
STORY_WORDS = word_set(
    "love loves loved loving lover lovers heart hearts dream dreams dreamer dreamers hope "
    "hopes success successful friend friends kiss party war death dead kill killed killer "
    "murder violence violent fight fights crime"
)
_NEGATORS = word_set("not no never nothing none nor neither without hardly barely rarely seldom")
_WORD = re.compile(r"[\w'’-]+")
_SCOPE_END = re.compile(r"[,;:.!?—–()]")


# VADER's entries weaker than this ("emotional" 0.6, "freeway" 0.2) do not judge, nor do
# its emoticons and slang abbreviations (letters only, at least three of them).
MIN_VALENCE = 1.0
_PLAIN_WORD = re.compile(r"[a-z][a-z'-]+[a-z]")


@cache
def _lexicon() -> dict[str, float]:
    lexicon = {
        word: valence
        for word, valence in SentimentIntensityAnalyzer().lexicon.items()
        if abs(valence) >= MIN_VALENCE and _PLAIN_WORD.fullmatch(word)
    }
    lexicon.update(FILM_LEXICON)
    return {
        word: valence for word, valence in lexicon.items() if valence and word not in STORY_WORDS
    }


# A clause is read again as a candidate quote and as part of its sentence.
@lru_cache(maxsize=16384)
def judging_words(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """(every word's (start, end), [(index of a judging word, its sign)]) of a text.

    A word among the three after a negation, with no punctuation between, judges the
    other way ("not funny", "never dull").
    """
    lexicon = _lexicon()
    words: list[tuple[int, int]] = []
    judging: list[tuple[int, int]] = []
    negated_left, previous_end = 0, 0
    for match in _WORD.finditer(text):
        if negated_left and _SCOPE_END.search(text, previous_end, match.start()):
            negated_left = 0
        previous_end = match.end()
        words.append(match.span())
        word = match.group()
        # A capitalised word after the first is a name or a title ("Mia", "Free Willy").
        if word[:1].isupper() and len(words) > 1:
            continue
        word = word.lower()
        if word in _NEGATORS or word.endswith(("n't", "n’t")):
            negated_left = 3
            continue
        flipped = negated_left > 0
        if flipped:
            negated_left -= 1
        if valence := lexicon.get(word.replace("’", "'")):
            sign = 1 if valence > 0 else -1
            judging.append((len(words) - 1, -sign if flipped else sign))
    return tuple(words), tuple(judging)


def judges(text: str, sign: int) -> bool:
    """Does the text hold a word judging this way (1 praise, -1 criticism)?"""
    return any(found == sign for _, found in judging_words(text)[1])
