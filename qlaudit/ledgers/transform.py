"""Applying an import profile to the mapped columns of a sheet: canonical fields from what a source system writes.

Column-wise, with pyarrow string functions: code+name cells split (``2012950 事业运行``), the 辅助核算 text split into
its parts (``【预算项目】430203-QL-001 侨联工作经费【功能分类】2012999 …`` or ``项目:…/部门:…``), fields from the title
block (科目：7201 事业支出), dates built from 月 + 日 and the year of the title, 多栏 analysis columns, 项目类别 mapped
to 支出类型, constant defaults. Each assumption a profile makes for a whole file is returned as a note for the log.
This module does not parse amounts, dates or codes (see :mod:`qlaudit.ledgers.parse`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qlaudit.ledgers.cells import NUMBER, Cells, constant_cells, per_distinct, text_cells
from qlaudit.ledgers.profiles import Profile

_CODE_NAME = (r"^[\[【(（]?\s*(?P<code>[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*)\s*[\]】)）]?[\s\-_:：]*(?P<name>.*)$")


@dataclass
class Mapped:
    """Canonical and helper fields of a sheet's data rows, and the notes of what the profile assumed."""

    fields: dict[str, Cells]
    notes: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)


def split_code_name(cells: Cells) -> tuple[Cells, Cells]:
    """``'2012950 事业运行'`` → ('2012950', '事业运行'). A cell with no leading code keeps its text as the code
    (so that a category such as 一般公共预算资金 still matches and a bad code is reported as written)."""
    if (cells.kind == NUMBER).all() or len(cells) == 0:
        return cells, constant_cells(None, len(cells))

    def parts_of(text: pa.Array) -> pa.Array:
        parts = pc.extract_regex(text, _CODE_NAME)
        has_code = pc.fill_null(pc.and_(pc.is_valid(parts), pc.match_substring_regex(text, r"^\s*[\[【(（]?\s*[0-9]")),
                                False)
        code = pc.if_else(has_code, pc.struct_field(parts, "code"), text)
        name = pc.if_else(has_code, pc.struct_field(parts, "name"), pa.scalar(None, pa.string()))
        return pa.StructArray.from_arrays([code, name], ["code", "name"])

    split = per_distinct(cells.text, parts_of)
    code, name = pc.struct_field(split, "code"), pc.struct_field(split, "name")
    numeric = pa.array(cells.kind == NUMBER)
    code_cells = text_cells(pc.if_else(numeric, cells.text, code))
    if cells.number is not None:  # number cells stay numbers (a code typed as a number is not a note)
        code_cells = Cells(code_cells.text, np.where(cells.kind == NUMBER, NUMBER, code_cells.kind).astype(np.int8),
                           cells.number, None)
    return code_cells, text_cells(name)


def _aux_pattern(style: str, keys: tuple[str, ...]) -> str:
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    if style == "pairs":
        return rf"(?:^|[/;；|,，])\s*(?:{alternatives})\s*[:：]\s*(?P<v>[^/;；|,，]*)"
    return rf"[【\[](?:{alternatives})[】\]]\s*(?P<v>[^【\[]*)"


def aux_fields(profile: Profile, aux: Cells) -> dict[str, Cells]:
    """The parts of the 辅助核算 text, per field of the profile's [aux.keys]."""
    names = list(profile.aux_keys)

    def parts_of(text: pa.Array) -> pa.Array:
        return pa.StructArray.from_arrays(
            [pc.struct_field(pc.extract_regex(text, _aux_pattern(profile.aux_style, profile.aux_keys[name])), "v")
             for name in names], names)

    if not names:
        return {}
    split = per_distinct(pc.fill_null(aux.text, ""), parts_of)
    return {name: text_cells(pc.struct_field(split, name)) for name in names}


def _two_digits(cells: Cells) -> pa.Array:
    """A month or day cell ('3', 3.0, '03') as two digits; other text as written (reported by the date parser)."""
    text = pc.replace_substring_regex(pc.fill_null(cells.text, ""), r"^(\d+)\.0+$", r"\1")
    return pc.if_else(pc.match_substring_regex(text, r"^\d$"), pc.utf8_lpad(text, 2, "0"), text)


def month_day_dates(month: Cells, day: Cells, year: int) -> Cells:
    """Dates from 月 and 日 columns and the year of the title: ``YYYY-MM-DD`` text (blank where both are blank)."""
    text = pc.binary_join_element_wise(pa.scalar(str(year)), _two_digits(month), _two_digits(day), "-")
    both_blank = pa.array(month.blank & day.blank)
    return text_cells(pc.if_else(both_blank, pa.scalar(None, pa.string()), text))


def analysis_codes(columns: dict[str, Cells]) -> Cells:
    """多栏式: the code of the first analysis column that holds an amount on each row."""
    n = len(next(iter(columns.values())))
    code = np.full(n, None, dtype=object)
    for label, cells in columns.items():
        filled = ~cells.blank & ~np.isin(np.asarray(pc.fill_null(cells.text, "").to_numpy(zero_copy_only=False),
                                                     dtype=object), ["0", "0.00", "0.0", "-"])
        take = filled & (code == None)  # noqa: E711 — element-wise comparison on an object array
        code[take] = label
    return text_cells(pa.array(code, type=pa.string()))


def item_class_kinds(profile: Profile, item_class: Cells) -> tuple[Cells, list[str]]:
    """项目类别 → 支出类型 by the profile's ordered substrings; unmatched text stays (reported by the parser)."""
    text = pc.fill_null(item_class.text, "")
    kind = np.full(len(item_class), None, dtype=object)
    notes: list[str] = []
    for pattern, label in profile.item_class:
        hit = np.asarray(pc.match_substring(text, pattern).to_numpy(zero_copy_only=False), dtype=bool) & (kind == None)  # noqa: E711
        if hit.any():
            kind[hit] = label
            if pattern in profile.item_class_ambiguous:
                notes.append(f"{int(hit.sum())} line(s) of 项目类别 containing '{pattern}' read as {label}: an "
                             f"ambiguous class (provinces differ); change [expense_kind.item_class] in the profile "
                             "if the unit counts it otherwise")
    rest = kind == None  # noqa: E711
    kind[rest] = np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)[rest]
    return text_cells(pa.array(kind, type=pa.string())), notes


def apply_profile(profile: Profile, fields: dict[str, Cells], title: dict[str, str], year: int,
                  n: int, analysis: dict[str, Cells] | None = None, folder: Path | None = None,
                  root: Path | None = None) -> Mapped:
    """Canonical fields from the mapped source fields (``fields``: field → data-row cells)."""
    out = dict(fields)
    notes: list[str] = []
    if "voucher_word" in out and "voucher_no" in out:  # 记 + 001 → 记-001
        word, number = out.pop("voucher_word"), out["voucher_no"]
        joined = pc.binary_join_element_wise(pc.fill_null(word.text, ""), pc.fill_null(number.text, ""), "-")
        out["voucher_no"] = text_cells(pc.if_else(pa.array(word.blank), number.text, joined))
    out.pop("voucher_word", None)
    if profile.date_format == "YYYYMMDD" and "date" in out:
        out["date"] = text_cells(pc.replace_substring_regex(out["date"].text, r"^(\d{4})(\d{2})(\d{2})$",
                                                            r"\1-\2-\3"))
    if "aux" in out:
        for name, cells in aux_fields(profile, out.pop("aux")).items():
            if name not in out:
                out[name] = cells
            else:  # a dedicated column wins; the 辅助项 fills its blanks
                out[name] = _fill_blanks(out[name], cells)
    for name, value in title.items():
        if name not in out:
            out[name] = constant_cells(value, n)
    if analysis and profile.analysis_field and profile.analysis_field not in out:
        out[profile.analysis_field] = analysis_codes(analysis)
    for code_field, name_field in profile.code_name.items():
        if code_field in out:
            code, names = split_code_name(out[code_field])
            out[code_field] = code
            if name_field and name_field not in fields:
                out[name_field] = _fill_blanks(names, out[name_field]) if name_field in out else names
    if "date" not in out and "month" in out and "day" in out:
        out["date"] = month_day_dates(out["month"], out["day"], year)
    for helper in ("month", "day", "year"):
        out.pop(helper, None)
    if "expense_kind" not in out and "item_class" in out:
        out["expense_kind"], more = item_class_kinds(profile, out.pop("item_class"))
        notes += more
    out.pop("item_class", None)
    if "expense_kind" not in out and profile.kind_from_project:
        has_project = ~out["project_code"].blank if "project_code" in out else np.zeros(n, dtype=bool)
        out["expense_kind"] = text_cells(pa.array(np.where(has_project, "项目支出", "基本支出"), type=pa.string()))
        notes.append("支出类型 not in the file: lines with a project code read as 项目支出, the others as 基本支出 "
                     "(人员经费 or 公用经费 by the economic code)")
    if profile.project_only and "expense_kind" in out:
        kind = pc.fill_null(out["expense_kind"].text, "")
        basic = pc.invert(pc.or_(pc.match_substring(kind, "项目"), pc.match_substring(kind, "专项")))
        for name in ("project_code", "project_name"):
            if name in out:
                out[name] = text_cells(pc.if_else(basic, pa.scalar(None, pa.string()), out[name].text))
    for name, spec in profile.lookups.items():
        out[name], note = lookup(spec, out.get(spec.get("from", name)), folder, n, root)
        if note:
            notes.append(note)
    for name, value in profile.defaults.items():
        if name not in out:
            out[name] = constant_cells(value, n)
            notes.append(f"column {name} not in the file: the profile's default {value!r} used for every line")
        elif out[name].blank.any():
            out[name] = _fill_blanks(out[name], constant_cells(value, n))
    return Mapped(out, notes)


def lookup_files(spec: dict[str, str], folder: Path | None) -> list[Path]:
    """The code-list files a lookup names beside the ledger file (a file-name pattern, never a path)."""
    pattern = spec.get("file", "")
    if folder is None or not pattern or "/" in pattern or "\\" in pattern or ".." in pattern:
        return []
    return sorted(p for p in folder.glob(pattern) if p.is_file())


def lookup(spec: dict[str, str], keys: Cells | None, folder: Path | None, n: int, root: Path | None = None
           ) -> tuple[Cells, str]:
    """A field from a code list beside the file (GB/T 24589 辅助核算 files: 往来单位编码 → 往来单位名称). The code list is
    read only from inside ``root`` (the data folder; the ledger's own folder when not given)."""
    from qlaudit.ledgers import read
    from qlaudit.paths import OutsideDataFolder, confine

    if keys is None:
        return constant_cells(None, n), ""
    files = lookup_files(spec, folder)
    if not files:
        return keys, f"code list {spec['file']} not found beside the file: {spec['key']} kept as written"
    assert folder is not None
    try:
        resolved = confine((root or folder).resolve(), files[0], files[0].name)
        sheet = read.read_file(resolved.path).sheets[0]
    except OutsideDataFolder as err:
        return keys, f"code list not read: {err}; {spec['key']} kept as written"
    except read.UnreadableFile as err:
        return keys, f"code list {files[0].name} cannot be read ({err.message}): {spec['key']} kept as written"
    link = f" (symbolic link followed to {resolved.link})" if resolved.link else ""
    header = [str(c).strip() for c in sheet.head[0]] if sheet.head else []
    if spec["key"] not in header or spec["value"] not in header:
        return keys, f"code list {files[0].name}{link} has no columns {spec['key']}/{spec['value']}"
    k, v = sheet.columns[header.index(spec["key"])].slice(1), sheet.columns[header.index(spec["value"])].slice(1)
    position = pc.index_in(keys.text, value_set=k.text)
    names = v.text.take(position)
    return text_cells(pc.if_else(pc.is_valid(position), names, keys.text)), (
        f"code list {files[0].name}{link} read" if link else "")


def _fill_blanks(primary: Cells, secondary: Cells) -> Cells:
    blank = primary.blank & ~secondary.blank
    if not blank.any():
        return primary
    return text_cells(pc.if_else(pa.array(blank), secondary.text, primary.text))
