"""Searching the catalog: Swedish-friendly matching over titles and descriptions.

Words are stemmed (Snowball, Swedish and English: "parkera" finds "parkering"), a stem also
matches the start or the inside of a longer word (Swedish compounds: "bidrag" finds
"bostadsbidrag"), a compound in the query is split into words the catalog knows
("parkeringstillstånd" finds "parkering" + "tillstånd"), and å, ä, ö may be typed as a, a, o.
Every word of the query must match; titles weigh more than summaries, summaries more than
the rest. The catalog is small (tens to hundreds of services), so the index lives in memory
and is rebuilt when a version is published.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import snowballstemmer

from .definition import ServiceDefinition
from .taxonomy import LIFE_SITUATIONS

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEM = {"sv": snowballstemmer.stemmer("swedish"), "en": snowballstemmer.stemmer("english")}
STOPWORDS = set(
    "och i att det som en på är av för med till den har de inte om ett jag du vi kan man "
    "hur var när vad får min mitt mina the a an and or of to in for on is are be how what "
    "when can i my do does with".split()
)
WEIGHTS = {"title": 5.0, "summary": 3.0, "topic": 2.0, "text": 1.0}


def fold(word: str) -> str:
    """Lower case without accents: "Bistånd" -> "bistand"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


def variants(word: str) -> set[str]:
    found = {word, _STEM["sv"].stemWord(word), _STEM["en"].stemWord(word)}
    return {fold(v) for v in found if v}


@dataclass(frozen=True)
class Hit:
    service_id: str
    score: float


class Index:
    def __init__(self, definitions: list[ServiceDefinition]):
        # service id -> folded stem -> best weight
        self.terms: dict[str, dict[str, float]] = {}
        for d in definitions:
            terms: dict[str, float] = {}
            for part, weight in self._texts(d):
                for w in words(part):
                    for v in variants(w):
                        terms[v] = max(terms.get(v, 0.0), weight)
            self.terms[d.id] = terms
        self.vocabulary = {t for terms in self.terms.values() for t in terms}

    @staticmethod
    def _texts(d: ServiceDefinition):
        for lang in ("sv", "en"):
            yield d.title.get(lang, ""), WEIGHTS["title"]
            yield d.summary.get(lang, ""), WEIGHTS["summary"]
            yield d.department.get(lang, ""), WEIGHTS["topic"]
            yield d.description.get(lang, ""), WEIGHTS["text"]
            yield d.presentation.who_can_apply.get(lang, ""), WEIGHTS["text"]
            for item in d.presentation.have_at_hand:
                yield item.get(lang, ""), WEIGHTS["text"]
        for key in d.presentation.life_situations:
            yield str(LIFE_SITUATIONS.get(key, "")), WEIGHTS["topic"]

    def _match(self, terms: dict[str, float], query_variants: set[str]) -> float:
        best = 0.0
        for term, weight in terms.items():
            for q in query_variants:
                if term == q:
                    best = max(best, weight)
                elif len(q) >= 3 and term.startswith(q):
                    best = max(best, weight * 0.8)
                elif len(q) >= 5 and q in term:
                    best = max(best, weight * 0.6)
        return best

    def _split(self, word: str) -> list[set[str]] | None:
        """A compound as two words the catalog knows, or None."""
        folded = fold(word)
        for i in range(3, len(folded) - 2):
            left, right = folded[:i], folded[i:]
            lefts = [left, left[:-1]] if left.endswith("s") else [left]
            if right in self.vocabulary or variants(right) & self.vocabulary:
                for candidate in lefts:
                    if candidate in self.vocabulary or variants(candidate) & self.vocabulary:
                        return [variants(candidate), variants(right)]
        return None

    def search(self, query: str) -> list[Hit]:
        query_words = [w for w in words(query) if w not in STOPWORDS]
        if not query_words:
            return []
        groups: list[set[str]] = []
        for w in query_words:
            vs = variants(w)
            if not any(self._match(t, vs) for t in self.terms.values()):
                split = self._split(w)
                if split:
                    groups.extend(split)
                    continue
            groups.append(vs)
        hits = []
        for service_id, terms in self.terms.items():
            scores = [self._match(terms, g) for g in groups]
            if all(scores):
                hits.append(Hit(service_id, sum(scores)))
        return sorted(hits, key=lambda h: (-h.score, h.service_id))


_INDEXES: dict[tuple[tuple[str, str], ...], Index] = {}


def search(definitions: list[ServiceDefinition], query: str) -> list[Hit]:
    """Search the given definitions; the index is kept per set of published versions."""
    key = tuple(sorted((d.id, d.content_hash) for d in definitions))
    index = _INDEXES.get(key)
    if index is None:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        index = _INDEXES[key] = Index(definitions)
    return index.search(query)
