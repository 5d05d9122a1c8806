"""Live workshop activities: the interface tools implement, and the generic ones of the core
(quick poll, scale, ranking, open question with a word cloud, Q&A)."""

from .base import Activity, ActivityError
from .poll import QuickPoll
from .qa import QuestionsAndAnswers
from .ranking import Ranking
from .scale import Scale
from .wordcloud import WordCloud

__all__ = [
    "Activity",
    "ActivityError",
    "QuestionsAndAnswers",
    "QuickPoll",
    "Ranking",
    "Scale",
    "WordCloud",
]
