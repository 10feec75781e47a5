"""The linter's vocabulary, read once from the packaged ``vocabulary.toml`` (Chinese lives in data, not code).

The vocabulary is open: a province's own words go into an override file of the same shape (``qlaudit lint
--vocabulary my-province.toml``), which adds to the packaged one. A table (``[money_measures]`` …) gains or
re-maps surfaces (``"统筹安排" = "预算"``); a word list under ``[words]`` is extended (``source_words = ["旗级"]``).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from qlaudit.errors import QlauditError


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


class VocabularyError(QlauditError):
    """An override vocabulary file that cannot be used (exit code 2)."""


def _merge(base: dict[str, Any], extra: dict[str, Any], name: str) -> dict[str, Any]:
    merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for table, values in extra.items():
        if table not in base or not isinstance(values, dict):
            raise VocabularyError(f"{name}: unknown table [{table}]; the tables are {', '.join(sorted(base))}")
        for key, value in values.items():
            if table == "words" or table == "template":
                if key not in base[table] or not isinstance(value, list):
                    raise VocabularyError(f"{name}: [{table}] {key} must be a list of words of a known key")
                merged[table][key] = [*base[table][key], *(w for w in value if w not in base[table][key])]
            elif isinstance(value, str):
                merged[table][key] = value
            else:
                raise VocabularyError(f"{name}: [{table}] \"{key}\" must map to a word (a string)")
    return merged


@lru_cache(maxsize=8)
def vocabulary(override: str | None = None) -> Vocabulary:
    """The packaged vocabulary, extended by the TOML file ``override`` when given."""
    text = resources.files("qlaudit.lint").joinpath("vocabulary.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    if override is not None:
        try:
            extra = tomllib.loads(Path(override).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise VocabularyError(f"{override}: cannot read the vocabulary file ({exc})") from exc
        data = _merge(data, extra, override)
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
        words={**{k: tuple(v) for k, v in data["words"].items()},
               "economic_items": tuple(dict.fromkeys([*data["words"]["economic_items"], *_economic_names()]))},
    )


def _economic_names() -> list[str]:
    """The 款级 names of the economic classification (``qlaudit/reference/economic_codes.csv``), normalised as report
    text is (NFKC: full-width brackets become ASCII)."""
    from qlaudit.codes import economic_codes

    return [unicodedata.normalize("NFKC", c.name) for code, c in economic_codes().items() if len(code) == 5]


def split_words(vocab: Vocabulary) -> list[str]:
    """Words a wrapped line may split (the labels of figures), longest first."""
    words = {*vocab.money.mapping, *vocab.categories.mapping, *vocab.rates.mapping, *vocab.scores.mapping}
    return sorted((w for w in words if len(w) >= 2), key=len, reverse=True)
