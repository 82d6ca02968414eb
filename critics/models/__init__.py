from critics.models.consensus import FilmConsensus
from critics.models.content import Article, Review, Verdict, VerdictSource
from critics.models.people import Critic, Publication
from critics.models.publishing import PublishingStatus

__all__ = [
    "Article",
    "Critic",
    "FilmConsensus",
    "Publication",
    "PublishingStatus",
    "Review",
    "Verdict",
    "VerdictSource",
]
