"""Finding the header among a sheet's first rows, and reading the title block above it.

The header is the row (or pair of rows: a two-row merged header such as 金额 over 借方/贷方) that names most fields
under the profile. Above it, the title block: title rows (单位名称, 单位：万元), the year (2021年, 期间：2021.01-2021.12)
and ``label：value`` fields (科目：7201 事业支出, 项目名称：…). Only the first rows are looked at, cell by cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from qlaudit.ledgers import values
from qlaudit.ledgers.profiles import Profile, match_header

HEADER_SEARCH_ROWS = 12
_UNIT_PATTERN = re.compile(r"单位\s*[:：]\s*(万元|元)")
_YEAR_PATTERN = re.compile(r"((?:19|20)\d{2})\s*(?:年|[.\-/]\s*\d{1,2}|度)")


@dataclass(frozen=True)
class HeaderMatch:
    rows: tuple[int, ...]  # 0-based grid rows that make the header
    columns: dict[str, int]  # field → 0-based grid column
    labels: dict[int, str]  # grid column → header label as written
    duplicates: tuple[str, ...]


def cell_text(cell: object) -> str:
    return unicodedata.normalize("NFKC", values.cell_text(cell)).strip()


def _cell(row: list[object], column: int) -> object:
    return row[column] if column < len(row) else None


def _match_row(profile: Profile, top: list[object], bottom: list[object] | None) -> HeaderMatch:
    found: dict[str, tuple[int, int]] = {}  # field → (strength, column)
    labels: dict[int, str] = {}
    duplicates: list[str] = []
    width = max(len(top), len(bottom or []))
    last_top = ""
    for j in range(width):
        t = cell_text(top[j]) if j < len(top) else ""
        b = cell_text(bottom[j]) if bottom is not None and j < len(bottom) else ""
        if bottom is not None and not t and b:
            t = last_top  # a merged cell exported to CSV leaves the cells after the first empty
        last_top = t or last_top
        candidates = [(t + b, 2), (b, 1), (t, 1)] if bottom is not None and b and b != t else [(t, 1)]
        for label, strength in candidates:
            name = match_header(profile, label) if label else None
            if name is None:
                continue
            labels[j] = label
            if name in found:
                if strength > found[name][0]:
                    found[name] = (strength, j)
                else:
                    duplicates.append(name)
            else:
                found[name] = (strength, j)
            break
    return HeaderMatch((), {name: col for name, (_, col) in found.items()}, labels, tuple(duplicates))


def _continues(top: list[object], bottom: list[object], matched: object) -> bool:
    """Whether ``bottom`` is the lower half of a two-row header whose upper row already names every field: under
    each matched column it repeats the label (a merged cell) or is empty, and elsewhere it adds labels (多栏 analysis
    columns under a merged 借方分析)."""
    columns = list(matched)  # type: ignore[call-overload]
    same = all(j >= len(bottom) or values.is_blank(bottom[j]) or cell_text(bottom[j]) == cell_text(_cell(top, j))
               for j in columns)
    extra = any(j not in columns and not values.is_blank(c) and cell_text(c) != cell_text(_cell(top, j))
                for j, c in enumerate(bottom))
    return same and extra


def find_header(profile: Profile, rows: list[list[object]]) -> HeaderMatch | None:
    """The header among the first rows: the row (or pair of rows) matching most fields (at least 3)."""
    best: HeaderMatch | None = None
    for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
        single = _match_row(profile, rows[r], None)
        candidate = HeaderMatch((r,), single.columns, single.labels, single.duplicates)
        if r + 1 < len(rows):
            double = _match_row(profile, rows[r], rows[r + 1])
            below = _match_row(profile, rows[r + 1], None)
            if len(double.columns) > max(len(single.columns), len(below.columns)) or (
                    single.columns and _continues(rows[r], rows[r + 1], single.columns.values())):
                candidate = HeaderMatch((r, r + 1), double.columns, double.labels, double.duplicates)
        if len(candidate.columns) >= 3 and (best is None or len(candidate.columns) > len(best.columns)):
            best = candidate
    return best


def positional_header(profile: Profile, width: int) -> HeaderMatch:
    """The header of a headerless text layout: the profile lists the columns in order."""
    columns: dict[str, int] = {}
    labels: dict[int, str] = {}
    for j, label in enumerate(profile.positional[:width]):
        name = match_header(profile, label)
        labels[j] = label
        if name is not None and name not in columns:
            columns[name] = j
    return HeaderMatch((), columns, labels, ())


def unit_declaration(title_rows: list[list[object]]) -> str | None:
    """The unit a title row declares (单位：万元 / 单位：元), or None."""
    for row in title_rows:
        for cell in row:
            m = _UNIT_PATTERN.search(cell_text(cell))
            if m:
                return m[1]
    return None


def declared_unit(title_rows: list[list[object]]) -> str:
    return unit_declaration(title_rows) or "元"


def title_year(title_rows: list[list[object]]) -> int | None:
    """A year stated in the title block (2021年, 2021.01, 期间：2021-01 …), or None."""
    for row in title_rows:
        for cell in row:
            m = _YEAR_PATTERN.search(cell_text(cell))
            if m:
                return int(m[1])
    return None


def _split_label(raw: str) -> tuple[str, str]:
    """'科目：7201 事业支出' → ('科目', '7201 事业支出'); the label compared after NFKC without spaces, the value
    kept as written."""
    for j, ch in enumerate(raw):
        if ch in ":：":
            return re.sub(r"\s", "", unicodedata.normalize("NFKC", raw[:j])), raw[j + 1:].strip()
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", raw)), ""


def _label_values(rows: list[list[object]], wanted: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in rows:
        texts = [values.cell_text(c) for c in row]
        for j, text in enumerate(texts):
            if not text:
                continue
            key, value = _split_label(text)
            name = wanted.get(key)
            if name is None or name in found:
                continue
            if not value:
                value = next((t for t in texts[j + 1:] if t and t != text), "")
            if value:
                found[name] = value
    return found


def title_fields(profile: Profile, rows: list[list[object]]) -> dict[str, str]:
    """``label：value`` pairs of the title block for the profile's [title] fields: in one cell (科目：7201 事业支出)
    or as a label cell followed by its value cell (项目名称 | 侨联工作经费)."""
    wanted = {re.sub(r"\s", "", unicodedata.normalize("NFKC", label)): name
              for name, labels in profile.title.items() for label in labels}
    return _label_values(rows, wanted)


def label_value(rows: list[list[object]], labels: tuple[str, ...]) -> str | None:
    """The value after the first of ``labels`` in the title block (same rules as :func:`title_fields`)."""
    wanted = {re.sub(r"\s", "", unicodedata.normalize("NFKC", label)): "value" for label in labels}
    return _label_values(rows, wanted).get("value")
