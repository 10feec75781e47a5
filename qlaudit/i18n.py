"""Messages a person reads, in Chinese by default and English on request: one catalogue, ``qlaudit/messages.toml``.

    message("log.verdict_ok", warnings=3)           # in the current language
    message_in("zh", "issue.ledger_missing", ledger=...)  # in a given language (the Chinese report, whatever the CLI says)

The language is ``zh`` unless ``QLAUDIT_LANG=en`` (or ``--lang en`` on the command line, which sets it for the
run). Each catalogue entry is a TOML table ``[key]`` with ``zh`` and ``en`` strings using ``{name}`` placeholders
(``str.format`` fields; both languages use the same ones, checked by tests). Machine formats — JSON keys, CSV
columns, rule codes — never go through here.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")
CATALOGUE = Path(__file__).with_name("messages.toml")

_chosen: ContextVar[Language | None] = ContextVar("qlaudit_language", default=None)


def parse_language(text: str | None) -> Language | None:
    """'en', 'EN', 'en_US.UTF-8' → 'en'; 'zh', 'zh-CN', 'zh_CN' → 'zh'; anything else → None."""
    head = (text or "").strip().lower()[:2]
    return head if head in LANGUAGES else None  # type: ignore[return-value]


def current_language() -> Language:
    """The language set for this run (:func:`set_language`), else ``QLAUDIT_LANG``, else Chinese."""
    return _chosen.get() or parse_language(os.environ.get("QLAUDIT_LANG")) or "zh"


def set_language(language: Language | None) -> None:
    _chosen.set(language)


@contextlib.contextmanager
def language(lang: Language) -> Iterator[None]:
    """Messages in ``lang`` inside the block (the Chinese report is Chinese whatever the command line asked)."""
    token = _chosen.set(lang)
    try:
        yield
    finally:
        _chosen.reset(token)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every entry of messages.toml, dotted keys flattened ('validate.header' for ``[validate] header``)."""
    with CATALOGUE.open("rb") as handle:
        data = tomllib.load(handle)
    out: dict[str, dict[str, str]] = {}

    def walk(prefix: str, table: dict[str, object]) -> None:
        if any(lang in table for lang in LANGUAGES):
            out[prefix] = {k: v for k, v in table.items() if isinstance(v, str)}
            return
        for name, value in table.items():
            if isinstance(value, dict):
                walk(f"{prefix}.{name}" if prefix else name, value)

    walk("", data)
    return out


def has(key: str) -> bool:
    return key in catalogue()


def message_in(lang: Language, key: str, /, **fields: object) -> str:
    """The entry ``key`` in ``lang`` with its placeholders filled; a missing key is a bug (KeyError)."""
    entry = catalogue()[key]
    return entry[lang].format(**fields)


def message(key: str, /, **fields: object) -> str:
    """The entry ``key`` in the current language (:func:`current_language`)."""
    return message_in(current_language(), key, **fields)


class Keyed(str):
    """A message that remembers its catalogue key: its text is the English (stable where text is stored — JSON,
    caches, hashes), and whoever shows it to a person says it again in their language from ``key`` and ``fields``.

        CellError(Keyed("issue.not_amount"), Keyed("issue.not_amount_hint"))
    """

    key: str
    fields: tuple[tuple[str, str], ...]

    def __new__(cls, key: str, /, **fields: object) -> Keyed:
        obj = super().__new__(cls, message_in("en", key, **fields))
        obj.key = key
        obj.fields = tuple((k, str(v)) for k, v in fields.items())
        return obj

    def __reduce__(self) -> tuple[object, ...]:
        return (_keyed, (self.key, dict(self.fields)))

    def localised(self) -> str:
        return message(self.key, **dict(self.fields))


def _keyed(key: str, fields: dict[str, str]) -> Keyed:
    return Keyed(key, **fields)


def number(value: int) -> str:
    """A count or an amount in whole units with thousands separators: 12345 → '12,345'."""
    return f"{value:,}"
