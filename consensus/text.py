"""Public entry point for the text side of the consensus (aspects, quotes, statement)."""

from consensus.aspects import AspectSummary, Evidence, ReviewText, find_aspects
from consensus.statement import Citation, Statement, choose_quote, generate_statement

__all__ = [
    "AspectSummary",
    "Citation",
    "Evidence",
    "ReviewText",
    "Statement",
    "choose_quote",
    "find_aspects",
    "generate_statement",
]
