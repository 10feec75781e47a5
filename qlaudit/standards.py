"""Policy standards (政策标准) as versioned data: ``qlaudit/standards.toml``.

Procurement limits (分散采购限额 per goods / services / works), 会议费 and 培训费 day rates and the 公务接待 陪餐 limits,
each as editions with a region (unit.yaml ``province:``), the levels it applies to (``region_level:`` 省级 / 市州 /
区县), the years it is used for, its source document, 文号, URL and a ``verify`` flag. :func:`edition` picks, for a
province, level and year, the latest edition of that province covering the year and level, else the default edition
(region ``"*"``) — the default is stated in the file and cited like any edition. Findings cite
:meth:`Edition.citation`.

Which checks the ledgers allow: the canonical expenditures hold no 人数, 天数 or 陪餐人数 (see
``qlaudit.ledgers.load.OUTPUT_COLUMNS``), so the 会议费/培训费 per-person-day and 陪餐 checks are not run;
:func:`checks_not_run` says so and why (never guessed from amounts).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from qlaudit.errors import QlauditError

KINDS = ("procurement", "meeting", "training", "reception")
CATEGORIES = ("goods", "services", "works")
CATEGORY_LABELS = {"goods": "货物", "services": "服务", "works": "工程"}


class StandardsError(QlauditError):
    """qlaudit/standards.toml that cannot be used."""


@dataclass(frozen=True)
class Edition:
    kind: str
    region: str
    region_name: str
    levels: tuple[str, ...]
    edition: str
    from_year: int
    to_year: int
    document: str
    doc_no: str = ""
    url: str = ""
    read_at: str = ""
    note: str = ""
    verify: bool = True
    values: dict[str, object] = field(default_factory=dict, compare=False)

    def applies(self, region: str, level: str, year: int) -> bool:
        return (self.region == region and (not self.levels or level in self.levels)
                and self.from_year <= year and (self.to_year == 0 or year <= self.to_year))

    def citation(self) -> str:
        """'《…》（文号，2025年版）' with '（待核实）' for an unconfirmed edition."""
        doc = self.document
        parts = "，".join(p for p in (self.doc_no, self.edition) if p)
        return doc + (f"（{parts}）" if parts else "") + ("（待核实）" if self.verify else "")

    def limit_fen(self, category: str) -> int:
        """A procurement edition's 分散采购限额 for goods / services / works, in 分."""
        return int(self.values[f"{category}_fen"])  # type: ignore[call-overload]


@cache
def _table() -> dict[str, object]:
    text = resources.files("qlaudit").joinpath("standards.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


_FIELDS = ("region", "region_name", "levels", "edition", "from_year", "to_year", "document", "doc_no", "url",
           "read_at", "note", "verify")


@cache
def editions(kind: str) -> tuple[Edition, ...]:
    if kind not in KINDS:
        raise StandardsError(f"unknown kind of standard {kind!r} (known: {', '.join(KINDS)})")
    out = []
    for raw in _table().get(kind, []):  # type: ignore[union-attr]
        missing = [k for k in ("region", "edition", "from_year", "document") if k not in raw]
        if missing:
            raise StandardsError(f"standards.toml [[{kind}]] {raw.get('edition', '?')}: missing {', '.join(missing)}")
        out.append(Edition(kind, str(raw["region"]), str(raw.get("region_name", "")), tuple(raw.get("levels", ())),
                           str(raw["edition"]), int(raw["from_year"]), int(raw.get("to_year", 0)),
                           str(raw["document"]), str(raw.get("doc_no", "")), str(raw.get("url", "")),
                           str(raw.get("read_at", "")), str(raw.get("note", "")), bool(raw.get("verify", True)),
                           {k: v for k, v in raw.items() if k not in _FIELDS}))
    if not any(e.region == "*" for e in out):
        raise StandardsError(f"standards.toml: no default edition (region = \"*\") of [[{kind}]]")
    return tuple(out)


def edition(kind: str, province: str, level: str, year: int) -> Edition:
    """The edition of ``kind`` for a unit of ``province`` at ``level`` in ``year``: the latest (by from_year) of the
    province's editions that applies, else the latest default edition that applies, else the first default."""
    all_ = editions(kind)
    for region in (province, "*") if province else ("*",):
        found = [e for e in all_ if e.applies(region, level, year)]
        if found:
            return max(found, key=lambda e: e.from_year)
    return next(e for e in all_ if e.region == "*")


@cache
def procurement_categories() -> tuple[tuple[str, str], ...]:
    """(economic code prefix, category), longest prefix first."""
    table = _table().get("procurement_categories", {})
    pairs = [(str(k), str(v)) for k, v in table.items()]  # type: ignore[union-attr]
    bad = [v for _, v in pairs if v not in CATEGORIES]
    if bad:
        raise StandardsError(f"standards.toml [procurement_categories]: unknown category {bad[0]!r}")
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


def category_of(code: str) -> str:
    return next((c for prefix, c in procurement_categories() if code.startswith(prefix)), "goods")


#: What each check needs that the canonical ledgers do not record.
NEEDS = {
    "meeting": ("会议费人均日标准核对", "参会人数和会期天数"),
    "training": ("培训费人均日标准核对", "参训人数和培训天数"),
    "reception": ("公务接待陪餐人数核对", "接待对象人数和陪餐人数（接待清单）"),
}


def checks_not_run(columns: list[str] | tuple[str, ...]) -> list[str]:
    """The standard checks the ledgers cannot support, each with why (the canonical expenditures have no column for
    headcounts or days): sentences for the working papers."""
    have = set(columns)
    out = []
    for kind, (check, needs) in NEEDS.items():
        if not {"attendees", "days"} <= have:
            e = edition(kind, "", "", 9999)
            out.append(f"{check}未执行：凭证未记录{needs}，无法按{e.citation()}计算，不以金额推测。")
    return out


CATEGORY_IDS = {c: i for i, c in enumerate(CATEGORIES)}


def procurement_limits(province: str, level: str, year: int, override_fen: int = 0,
                       override_source: str = "") -> dict[str, tuple[int, str]]:
    """category → (分散采购限额 in 分, what it comes from): the edition for the unit, or ``override_fen`` for every
    category when positive (a settings override, cited as such)."""
    if override_fen > 0:
        cite = f"规则设置 procurement_threshold_fen（{override_source or 'settings'}）"
        return {c: (override_fen, cite) for c in CATEGORIES}
    e = edition("procurement", province, level, year)
    return {c: (e.limit_fen(c), e.citation()) for c in CATEGORIES}
