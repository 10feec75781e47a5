"""The linter's vocabulary, read once from the packaged ``vocabulary.toml`` (Chinese lives in data, not code)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Match:
    canonical: str
    surface: str
    start: int
    end: int


class Terms:
    """Surface words mapped to canonical ones, matched longest-first (``预算支出`` before ``支出``)."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = dict(mapping)
        alternatives = sorted(self.mapping, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else re.compile(r"(?!)")

    @classmethod
    def of(cls, words: list[str]) -> Terms:
        return cls({w: w for w in words})

    def all(self, text: str) -> list[Match]:
        return [Match(self.mapping[m.group()], m.group(), m.start(), m.end()) for m in self.pattern.finditer(text)]

    def last(self, text: str) -> Match | None:
        """The match nearest the end of ``text`` (the word just before a figure)."""
        found = self.all(text)
        return found[-1] if found else None

    def first(self, text: str) -> Match | None:
        found = self.pattern.search(text)
        return Match(self.mapping[found.group()], found.group(), found.start(), found.end()) if found else None

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.pattern.search(text) is not None


@dataclass(frozen=True, eq=False)  # hashed by identity: there is one
class Vocabulary:
    money: Terms
    categories: Terms
    rates: Terms
    scores: Terms
    grades: dict[str, str]
    budget_types: Terms
    unit_rows: tuple[str, ...]
    total_score_words: Terms
    score_components: Terms
    linear_rule_words: Terms
    template_sections: tuple[str, ...]
    words: dict[str, tuple[str, ...]]

    def terms(self, key: str) -> Terms:
        return _terms(self, key)

    def regex(self, key: str) -> re.Pattern[str]:
        """The words under ``key`` as one alternation of regular expressions (``deadline_patterns``)."""
        return re.compile("|".join(self.words[key]))


@lru_cache(maxsize=64)
def _terms(vocab: Vocabulary, key: str) -> Terms:
    return Terms.of(list(vocab.words[key]))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    text = resources.files("qlaudit.lint").joinpath("vocabulary.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return Vocabulary(
        money=Terms(data["money_measures"]),
        categories=Terms(data["categories"]),
        rates=Terms(data["rate_names"]),
        scores=Terms(data["score_names"]),
        grades=dict(data["grades"]),
        budget_types=Terms(data["budget_types"]),
        unit_rows=tuple(data["words"]["unit_rows"]),
        total_score_words=Terms.of(data["words"]["total_score_words"]),
        score_components=Terms(data["score_components"]),
        linear_rule_words=Terms.of(data["words"]["linear_rule_words"]),
        template_sections=tuple(data["template"]["sections"]),
        words={k: tuple(v) for k, v in data["words"].items()},
    )
