"""No personal data of natural persons in the publishable report (个人信息保护).

The self-evaluation report is published on the government website; the working papers are not. A payee is a
natural person when its name looks like a person's name (2–4 Chinese characters, or a name with ·) and contains no
organisation word, or when it is paid on a personnel class (301/303) and contains no organisation word (words and
classes in ``report.toml`` [privacy]). Their names are replaced in every publishable text, so no payee name of an
individual and no amount next to one is printed; the working papers keep them (the auditor needs them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd

from qlaudit.document import Block, Fields, Figure, Heading, Items, Paragraph, Preformatted, Section, Table
from qlaudit.report.settings import ReportSettings

_PERSON_LIKE = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8})$")


def is_natural_person(name: str, on_personal_class: bool, settings: ReportSettings) -> bool:
    text = re.sub(r"\s", "", str(name or ""))
    if not text or any(word in text for word in settings.organisation_words):
        return False
    return bool(_PERSON_LIKE.match(text)) or on_personal_class


def natural_persons(expenditures: pd.DataFrame, settings: ReportSettings) -> frozenset[str]:
    """Payees of the ledger who are natural persons (one decision per distinct payee, not per line)."""
    if expenditures.empty:
        return frozenset()
    frame = pd.DataFrame({"payee": expenditures["payee"].fillna("").astype(str).str.strip(),
                          "personal": expenditures["economic_code"].astype(str).str[:3].isin(settings.personal_classes)})
    by_payee = frame[frame["payee"] != ""].groupby("payee")["personal"].any()
    return frozenset(p for p, personal in by_payee.items() if is_natural_person(str(p), bool(personal), settings))


@dataclass(frozen=True)
class Redactor:
    names: frozenset[str]
    replacement: str

    def __post_init__(self) -> None:
        ordered = sorted(self.names, key=lambda n: (-len(n), n))
        object.__setattr__(self, "_pattern", re.compile("|".join(map(re.escape, ordered))) if ordered else None)

    def text(self, value: str) -> str:
        pattern = self._pattern  # type: ignore[attr-defined]
        return pattern.sub(self.replacement, value) if pattern is not None else value

    def found(self, value: str) -> list[str]:
        pattern = self._pattern  # type: ignore[attr-defined]
        return sorted(set(pattern.findall(value))) if pattern is not None else []

    def block(self, b: Block) -> Block:
        t = self.text
        if isinstance(b, Heading | Paragraph | Preformatted):
            return replace(b, text=t(b.text))
        if isinstance(b, Items):
            return Items(tuple(t(i) for i in b.items))
        if isinstance(b, Figure):
            return replace(b, caption=t(b.caption))
        if isinstance(b, Fields):
            return replace(b, pairs=tuple((t(k), t(v)) for k, v in b.pairs))
        if isinstance(b, Table):
            return replace(b, caption=t(b.caption), header=tuple(map(t, b.header)), note=t(b.note),
                           rows=tuple(tuple(map(t, r)) for r in b.rows))
        return b

    def section(self, s: Section) -> Section:
        return Section(s.key, tuple(self.block(b) for b in s.blocks))
