"""The words that mean an aspect of a film, and a fast first pass over a review's words.

Kept apart from aspects.py, which finds the sentences that use these words and reads
them, so the vocabulary can be read (and argued about) on its own.
"""

import re
from functools import lru_cache

# Reader-facing name -> keyword patterns, in the order the statement prefers among
# equally mentioned aspects. "characters" is no aspect of its own: reviews use the
# word mostly to retell the plot. Kept deliberately narrow: words that in a
# review nearly always refer to the aspect. Singular "actor"/"actress" and "performs"
# are left out because they so often describe a character ("an aspiring actress"), and
# bare "original" because it so often means "not adapted" ("the original songs").
ASPECT_VOCABULARY: dict[str, tuple[str, ...]] = {
    "performances": (
        r"performances?",
        r"perform(?:ed)?",
        r"acting",
        r"actors",
        r"actresses",
        r"cast",
        r"casting",
        r"portrayals?",
        r"performers?",
    ),
    "direction": (
        r"direct(?:or|ors|ed|ion|ing|orial)",
        r"film-?makers?",
        r"film-?making",
        r"helm(?:ed|er)",
    ),
    "music": (
        r"music",
        r"score",
        r"soundtrack",
        r"songs?",
        r"songwriters?",
        r"composer",
        r"musical numbers?",
        r"melod(?:y|ies)",
        r"tunes?",
        r"orchestrations?",
    ),
    "visuals": (
        r"cinematograph(?:y|er)",
        r"photography",
        r"camera(?:work)?",
        r"shots?",
        r"(?:long|single|tracking) takes?",
        r"colou?r(?:s|ful|ed)?",
        r"costumes?",
        r"production design",
        r"set design",
        r"visuals?",
        r"visually",
        r"lighting",
        r"imagery",
        r"landscapes?",
        r"cinemascope",
        r"widescreen",
        r"(?:special|visual) effects",
        r"cgi",
    ),
    "choreography": (
        r"choreograph(?:y|ed|er|ers)",
        r"danc(?:e|es|ed|ing|ers?)",
    ),
    "story": (
        r"story",
        r"stories",
        r"storytelling",
        r"script",
        r"screenplay",
        r"screenwrit(?:er|ing)",
        r"plot(?:ting)?",
        r"narrative",
        r"dialog(?:ue)?",
        r"premise",
        r"twists?",
        r"characteri[sz]ations?",
    ),
    "pacing": (
        r"pace",
        r"pac(?:ed|ing|y)",
        r"slow(?:ly)?",
        r"sluggish",
        r"drag(?:s|ged|ging)?",
        r"overlong",
        r"too long",
        r"long-winded",
        r"running time",
        r"run-?time",
        r"brisk(?:ly)?",
        r"takes? off",
    ),
    "humour": (
        r"humou?r(?:ous)?",
        r"funn(?:y|ier|iest)",
        r"jokes?",
        r"gags?",
        r"laughs?",
        r"laughter",
        r"comic",
        r"comedic",
        r"wit",
        r"witty",
        r"hilarious(?:ly)?",
    ),
    "chemistry": (r"chemistry", r"rapport"),
    "emotion": (
        r"emotions?",
        r"emotional(?:ly)?",
        r"moving",
        r"poignan(?:t|cy)",
        r"heartfelt",
        r"heartbreak(?:ing)?",
        r"touching",
        r"tear-?jerker",
    ),
    "ending": (
        r"ending",
        r"finale",
        r"climax",
        r"(?:final|third|last) act",
        r"epilogue",
    ),
    "originality": (
        r"originality",
        r"unoriginal",
        r"fresh(?:ness)?",
        r"refreshing",
        r"derivative",
        r"formulaic",
        r"clich(?:e|é)(?:s|d)?",
        r"predictable",
        r"(?:anything|nothing|something) new",
    ),
    "nostalgia": (
        r"nostalgi(?:a|c)",
        r"homage",
        r"throwback",
        r"love letters?",
        r"old-fashioned",
        r"golden age",
        r"bygone",
    ),
}

ASPECT_PATTERNS = {
    name: re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
    for name, words in ASPECT_VOCABULARY.items()
}
# Which aspects a review may mention, found from its words before any pattern runs
# (most short reviews mention none): each keyword's first word, matched against every
# word of the text, whole and split at hyphens, looked up once per distinct word.
_FIRST_WORDS = {
    name: re.compile("|".join(w.split(" ")[0] for w in words), re.IGNORECASE)
    for name, words in ASPECT_VOCABULARY.items()
}
# Any aspect's first words at once: most words are no keyword's, and one pattern turns
# them away instead of one per aspect (a new word costs about a seventh as much).
_ANY_FIRST_WORD = re.compile(
    "|".join(f"(?:{first.pattern})" for first in _FIRST_WORDS.values()), re.IGNORECASE
)
_TEXT_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@lru_cache(maxsize=100_000)
def _aspects_of_word(word: str) -> frozenset[str]:
    pieces = {word, *word.split("-")}
    if not any(_ANY_FIRST_WORD.fullmatch(p) for p in pieces):
        return frozenset()
    return frozenset(
        name for name, first in _FIRST_WORDS.items() if any(first.fullmatch(p) for p in pieces)
    )


def aspects_possibly_mentioned(text: str) -> frozenset[str]:
    """The aspects whose keywords may occur in the text (never misses one that does)."""
    found: frozenset[str] = frozenset()
    for word in set(_TEXT_WORD.findall(text.lower())):
        found |= _aspects_of_word(word)
    return found
