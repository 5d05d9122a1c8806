"""Pure aggregates of live activities (no Django): the ranking's Borda count and the word
cloud's word counts. Kept apart so that their invariants are tested on many inputs.

Ranking (a Borda count): with N options, the option a participant puts first gets N - 1
points, the second N - 2, ..., the last 0. An option's score is the sum over participants;
the aggregate order sorts by score (ties keep the options' own order). Every participant
hands out N(N - 1)/2 points, so the total is that times the number of participants, and an
option's mean place is N - score / participants.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RankedOption:
    index: int
    points: int
    mean_place: float


def borda(orders: Iterable[Sequence[int]], options: int) -> list[RankedOption]:
    """The options, best first, scored from participants' `orders` (each a permutation of
    ``range(options)``, best first). Orders that are not such a permutation raise ValueError."""
    points = [0] * options
    respondents = 0
    expected = list(range(options))
    for order in orders:
        if sorted(order) != expected:
            raise ValueError(f"Not an order of {options} options: {order!r}")
        respondents += 1
        for place, index in enumerate(order):
            points[index] += options - 1 - place
    ranked = [
        RankedOption(
            index=i,
            points=points[i],
            mean_place=(options - points[i] / respondents) if respondents else 0.0,
        )
        for i in range(options)
    ]
    return sorted(ranked, key=lambda r: (-r.points, r.index))


# --- word cloud ---------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)

#: Words that say nothing alone, in the three languages of the pilot's participants
#: (Finnish lemmas, as the words are compared after lemmatisation, and Swedish and English).
_STOP_WORD_TEXT = """
ja tai sekä mutta vaan kuin jos kun että koska joten vaikka eli siis myös vielä jo
ei en et emme ette eivät olla olen olet on olemme olette ovat oli ollut ole
minä sinä hän me te he se ne tämä tuo nämä nuo joka mikä kuka jokin joku mitään
mi mä sä ku nii niin nyt sitten kanssa mukaan ennen jälkeen aina usein paljon vähän
hyvin erittäin todella aika ihan tosi liian kaikki muu moni jokainen itse oma
voida pitää saada tulla mennä tehdä tämän sen siitä siinä sitä sille siihen niitä
sinne tänne täällä siellä missä mihin mistä miten miksi milloin kyllä no vain
och eller men att som det den de en ett är var har inte jag du han hon vi ni på i
för med till av om så också
the a an and or but of to in on for with is are was were be it this that not no yes
i you he she we they my your at by as from
"""
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())

MIN_WORD = 2


def cloud_words(texts: Iterable[str], lemma: Callable[[str], str]) -> Counter[str]:
    """How many answers use each word (its lemma); stop words and one-letter words dropped.

    A word counts once per answer, so one participant repeating a word does not grow it.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        seen = set()
        for match in _WORD.finditer(text):
            word = lemma(match.group().lower())
            if len(word) >= MIN_WORD and word not in STOP_WORDS:
                seen.add(word)
        counts.update(seen)
    return counts


def size_class(count: int, top: int, classes: int = 5) -> int:
    """The cloud's text size (1..classes) of a word used `count` times when the most common
    one is used `top` times."""
    if top <= 1:
        return 1 if count <= 1 else classes
    return 1 + round((classes - 1) * (count - 1) / (top - 1))
