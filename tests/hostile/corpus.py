"""The bad-input corpus: unit-years that go wrong in every way issue 12 and ../shared/domain.md §4 list, written on
demand (nothing large is committed), each with its documented outcome.

Each :class:`Case` writes a data folder (``build(data_dir)``: ``data_dir/test-unit/unit.yaml`` and the year 2021) and
says what loading it must give (:class:`Expect`): the import log's verdict, issues that must appear (severity, file,
and where it applies sheet, row, column, value, a words of the message) and, for some, the rows kept per ledger.
``tests/hostile/test_corpus.py`` checks every case through the library and the command line.

Run as a script to look at the corpus by hand::

    .venv/bin/python -m tests.hostile.corpus /tmp/corpus     # /tmp/corpus/<case>/test-unit/…
    for d in /tmp/corpus/*/; do .venv/bin/qlaudit validate --unit test-unit --year 2021 --data $d; done
"""

from __future__ import annotations

import os
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from tests.builders import (
    APPROPRIATIONS,
    APPROPRIATIONS_HEADER,
    EXPENDITURES,
    EXPENDITURES_HEADER,
    csv_bytes,
    make_unit,
    write_csv,
)

UNIT = "test-unit"
YEAR = 2021


@dataclass(frozen=True)
class Issue:
    """An issue that must be in the import log. ``message`` and ``value`` are substrings; None = not checked."""

    severity: str
    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class Expect:
    ok: bool  # the import log's verdict (validate exits 0 when ok, 2 otherwise)
    issues: tuple[Issue, ...] = ()
    kept: dict[str, int] = field(default_factory=dict)  # ledger → rows kept + normalised
    raises: str = ""  # the load stops before a log exists (QlauditError text), e.g. a unit folder outside the data
    env: dict[str, str] = field(default_factory=dict)  # limits lowered for the case (QLAUDIT_LIMIT_*)


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "issue 12" or the domain.md §4 heading it covers
    build: Callable[[Path], None]
    expect: Expect


def year_dir(data: Path) -> Path:
    return data / UNIT / str(YEAR)


def rows(base: list[list[str]], **changes: dict[int, str]) -> list[list[str]]:
    """A copy of ``base`` with cells changed: rows(EXPENDITURES, r1={10: "x"}) sets row 1 (0-based), column 10."""
    out = [list(r) for r in base]
    for key, cells in changes.items():
        for col, value in cells.items():
            out[int(key[1:])][col] = value
    return out


def unit(data: Path, **kw: object) -> None:
    make_unit(data, **kw)  # type: ignore[arg-type]


def csv_ledger(ledger: str, header: list[str], body: list[list[str]], encoding: str = "utf-8",
               **kw: object) -> Callable[[Path], None]:
    def build(data: Path) -> None:
        unit(data, **kw)
        (year_dir(data) / f"{ledger}.csv").write_bytes(csv_bytes([header, *body], encoding))
    return build


def raw_ledger(ledger: str, content: bytes, suffix: str = ".csv") -> Callable[[Path], None]:
    def build(data: Path) -> None:
        unit(data)
        (year_dir(data) / f"{ledger}.csv").unlink()
        (year_dir(data) / f"{ledger}{suffix}").write_bytes(content)
    return build


def xlsx_ledger(ledger: str, sheets: list[tuple[str, list[list[object]], str, list[str]]]
                ) -> Callable[[Path], None]:
    """An .xlsx ledger: (sheet name, rows, state 'visible'/'hidden'/'veryHidden', merged ranges) per sheet."""
    def build(data: Path) -> None:
        unit(data)
        (year_dir(data) / f"{ledger}.csv").unlink()
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for name, body, state, merges in sheets:
            ws = wb.create_sheet(name)
            for row in body:
                ws.append(row)
            for cells in merges:
                ws.merge_cells(cells)
            ws.sheet_state = state
        wb.save(year_dir(data) / f"{ledger}.xlsx")
    return build


def with_file(name: str, content: bytes, **kw: object) -> Callable[[Path], None]:
    def build(data: Path) -> None:
        unit(data, **kw)
        (year_dir(data) / name).write_bytes(content)
    return build


def with_yaml(text: str | bytes) -> Callable[[Path], None]:
    def build(data: Path) -> None:
        unit(data)
        path = data / UNIT / "unit.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return build


def linked(name: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    """``name`` in the year folder replaced by a symbolic link to ``target(data)``."""
    def build(data: Path) -> None:
        unit(data)
        path = year_dir(data) / name
        destination = target(data)
        if path.exists():
            if destination != path:
                destination.parent.mkdir(parents=True, exist_ok=True)
                if not destination.exists():
                    destination.write_bytes(path.read_bytes())
            path.unlink()
        os.symlink(destination, path)
    return build


def outside(data: Path) -> Path:
    """A file outside the data folder standing for a host file (never a real system file in tests)."""
    secret = data.parent / "host-secret.txt"
    secret.write_text("root:x:0:0:HOST SECRET\n", encoding="utf-8")
    return secret


def styled_empty_rows(count: int, honest_dimension: bool) -> Callable[[Path], None]:
    """An expenditures .xlsx with the sample lines, then ``count`` formatted empty rows (cells holding an empty
    inline string: what some systems export), written part by part without holding the sheet in memory."""
    def build(data: Path) -> None:
        unit(data)
        (year_dir(data) / "expenditures.csv").unlink()
        path = year_dir(data) / "expenditures.xlsx"
        lines = [EXPENDITURES_HEADER, *EXPENDITURES]
        last = len(lines) + count
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            z.writestr("[Content_Types].xml", _CONTENT_TYPES)
            z.writestr("_rels/.rels", _RELS)
            z.writestr("xl/workbook.xml", _WORKBOOK)
            z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
            with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
                dimension = f"A1:K{last}" if honest_dimension else f"A1:K{len(lines)}"
                sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}"><dimension ref='
                            f'"{dimension}"/><sheetData>'.encode())
                for r, line in enumerate(lines, 1):
                    cells = "".join(f'<c r="{chr(65 + j)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
                                    for j, v in enumerate(line))
                    sheet.write(f'<row r="{r}">{cells}</row>'.encode())
                empty = '<row r="{0}" s="1" customFormat="1"><c r="A{0}" s="1" t="inlineStr"><is><t></t></is></c>' \
                        '<c r="K{0}" s="1" t="inlineStr"><is><t></t></is></c></row>'
                for start in range(len(lines) + 1, last + 1, 10_000):
                    sheet.write("".join(empty.format(r) for r in range(start, min(start + 10_000, last + 1)))
                                .encode())
                sheet.write(b"</sheetData></worksheet>")
    return build


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}" xmlns:r="http://schemas.openxmlformats.'
             'org/officeDocument/2006/relationships"><sheets><sheet name="凭证" sheetId="1" r:id="rId1"/></sheets>'
             '</workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                  'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                  'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def zip_bomb(data: Path) -> None:
    """An .xlsx whose sheet decompresses to 600 MiB of spaces (a few hundred KiB on disk)."""
    unit(data)
    (year_dir(data) / "expenditures.csv").unlink()
    with zipfile.ZipFile(year_dir(data) / "expenditures.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b" " * (1 << 20)
            for _ in range(600):
                sheet.write(block)


def formulas_without_values(data: Path) -> None:
    """An .xlsx written by a program that does not calculate: the amount of row 3 is a formula with no value."""
    body: list[list[object]] = [EXPENDITURES_HEADER, *[list(r) for r in EXPENDITURES]]
    body[2][10] = "=K2*2"
    xlsx_ledger("expenditures", [("凭证", body, "visible", [])])(data)


def lines_with_total(position: str) -> list[list[str]]:
    total = ["合计", "", "", "", "", "", "", "", "", "", "20650.50"]
    body = [list(r) for r in EXPENDITURES]
    if position == "top":
        return [total, *body]
    if position == "middle":
        return [*body[:2], ["小计", "", "", "", "", "", "", "", "", "", "8800.00"], *body[2:]]
    if position == "summary":
        return [*body, ["", "", "合计", "", "", "", "", "", "", "", "20650.50"]]
    if position == "several":
        return [*body, ["本月合计", "", "", "", "", "", "", "", "", "", "20650.50"], ["本年累计", "", "", "", "", "", "",
                                                                                   "", "", "", "20650.50"], total]
    return [*body, total]


def bad_utf8_line() -> bytes:
    data = csv_bytes([EXPENDITURES_HEADER, *EXPENDITURES])
    lines = data.split(b"\r\n")
    lines[5] = lines[5].replace("归侨".encode(), b"\xff\xfe")  # line 6 of the file (the 5th voucher)
    return b"\r\n".join(lines)


def alias_bomb() -> str:
    lines = ['name: 炸弹单位', 'a0: &a0 ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def _wide_rows(fields: int) -> list[list[str]]:
    return [*[list(r) for r in EXPENDITURES], [*EXPENDITURES[0], *["x"] * fields]]


def cases() -> list[Case]:
    e, a = EXPENDITURES_HEADER, APPROPRIATIONS_HEADER
    exp_file, app_file = (f"{UNIT}/{YEAR}/{n}" for n in ("expenditures", "appropriations"))
    big = "长" * 50_000  # 150 KB in UTF-8, over the csv module's own field limit (128 KiB) and over cell_chars
    return [
        # --- issue 12: silently wrong totals -------------------------------------------------------------------
        Case("hidden-stale-first-sheet", "issue 12", xlsx_ledger("expenditures", [
            ("凭证(旧)", [e, *EXPENDITURES[:2]], "hidden", []), ("凭证", [e, *EXPENDITURES], "visible", [])]),
             Expect(True, (Issue("warning", exp_file, "hidden sheet with a ledger header", sheet="凭证(旧)"),),
                    kept={"expenditures": 5})),
        Case("hidden-sheet-only-complete", "issue 12", xlsx_ledger("expenditures", [
            ("凭证(旧)", [e, *EXPENDITURES[:2]], "hidden", []),
            ("凭证", [[h for h in e if h != "支出类型"], *[r[:5] + r[6:] for r in EXPENDITURES]], "visible", [])]),
             Expect(False, (Issue("error", exp_file, "hidden sheet(s) 凭证(旧) only; the visible sheet 凭证 lacks "
                                  "expense_kind"),), kept={"expenditures": 0})),
        Case("very-hidden-sheet", "domain §4 sheets", xlsx_ledger("expenditures", [
            ("凭证", [e, *EXPENDITURES], "visible", []), ("备份", [e, *EXPENDITURES[:1]], "veryHidden", [])]),
             Expect(True, (Issue("warning", exp_file, "hidden sheet with a ledger header", sheet="备份"),),
                    kept={"expenditures": 5})),
        Case("merged-amount-in-data-rows", "issue 12", xlsx_ledger("expenditures", [
            ("凭证", [e, *[list(r) for r in EXPENDITURES[:3]],
                      [*EXPENDITURES[3][:10], None], *EXPENDITURES[4:]], "visible", ["K4:K5"])]),
             Expect(False, (Issue("warning", exp_file, "merged cells K4:K5 reach the data rows", sheet="凭证", row=4,
                                  column="amount", value="K4:K5"),
                            Issue("error", exp_file, "amount is empty", sheet="凭证", row=5, column="amount")),
                    kept={"expenditures": 4})),
        Case("merged-title-and-header", "domain §4 merged cells", xlsx_ledger("expenditures", [
            ("凭证", [["某单位支出明细", *[None] * 10], ["单位：元", *[None] * 10], e, *EXPENDITURES], "visible",
             ["A1:K1", "A2:C2"])]),
             Expect(True, (Issue("warning", exp_file, "title row(s) above the header skipped", sheet="凭证"),),
                    kept={"expenditures": 5})),
        Case("undeclared-wan-yuan-budget", "issue 12", csv_ledger("appropriations", a, rows(
            APPROPRIATIONS, r0={9: "5.28"}, r1={9: "0.60"}, r2={9: "3.00"})),
             Expect(False, (Issue("error", app_file, "look like 万元 read as 元", column="amount"),))),
        Case("declared-wan-yuan-budget", "domain §4 unit declarations", _declared_wan,
             Expect(True, (Issue("warning", app_file, "converted from 万元 to 元", row=3, column="amount"),),
                    kept={"appropriations": 3})),
        Case("wan-yuan-against-staffing", "issue 12", _wan_everywhere,
             Expect(False, (Issue("error", exp_file, "less than 1,000 元 a post"),))),
        Case("amount-near-int64", "issue 12", csv_ledger("expenditures", e, rows(
            EXPENDITURES, r0={10: "9000000000000000.00"}, r1={10: "9000000000000000.00"})),
             Expect(False, (Issue("error", exp_file, "amount too large", row=2, column="amount",
                                  value="9000000000000000.00"),), kept={"expenditures": 3})),
        Case("amount-20-digits", "issue 12", csv_ledger("expenditures", e, rows(
            EXPENDITURES, r1={10: "12345678901234567890"})),
             Expect(False, (Issue("error", exp_file, "amount too large", row=3, column="amount",
                                  value="12345678901234567890"),))),
        Case("amount-huge-numeric-cell", "domain §4 numeric ranges", xlsx_ledger("expenditures", [
            ("凭证", [e, *rows(EXPENDITURES, r0={10: 1e20})], "visible", [])]),  # type: ignore[dict-item]
             Expect(False, (Issue("error", exp_file, "amount too large", sheet="凭证", row=2, column="amount"),))),
        Case("total-first-word-is-data", "issue 12", csv_ledger("appropriations", a, rows(
            APPROPRIATIONS, r1={0: "总计字〔2021〕5号"})),
             Expect(True, (Issue("warning", app_file, "read as a ledger line", row=3, value="总计字〔2021〕5号"),),
                    kept={"appropriations": 3})),
        Case("summary-first-column-total-word", "issue 12", csv_ledger("expenditures", ["摘要", *[h for h in e if h != "摘要"]],
             [[r[2], *r[:2], *r[3:]] for r in rows(EXPENDITURES, r2={2: "总计划生育协会会费"})]),
             Expect(True, (Issue("warning", exp_file, "read as a ledger line", row=4),), kept={"expenditures": 5})),
        *[Case(f"total-row-{where}", "domain §4 total rows", csv_ledger("expenditures", e, lines_with_total(where)),
               Expect(True, (Issue("warning", exp_file, "total row"),), kept={"expenditures": 5}))
          for where in ("top", "middle", "bottom", "summary", "several")],
        Case("total-row-wrong", "domain §4 total rows", csv_ledger("expenditures", e, [
            *EXPENDITURES, ["合计", "", "", "", "", "", "", "", "", "", "99999.99"]]),
             Expect(True, (Issue("warning", exp_file, "the file's total row says 99999.99", column="amount"),))),
        # --- issue 12: host files ------------------------------------------------------------------------------
        Case("activities-symlink-outside", "issue 12", linked("activities.md", outside),
             Expect(False, (Issue("error", f"{UNIT}/{YEAR}/activities.md", "outside the data folder"),))),
        Case("self-evaluation-symlink-outside", "issue 12", linked("self_evaluation.txt", outside),
             Expect(False, (Issue("error", f"{UNIT}/{YEAR}/self_evaluation.txt", "outside the data folder"),))),
        Case("ledger-symlink-outside", "issue 12", linked("expenditures.csv", lambda d: d.parent / "x" / "e.csv"),
             Expect(False, (Issue("error", f"{exp_file}.csv", "outside the data folder"),))),
        Case("ledger-symlink-inside", "issue 12", linked("expenditures.csv", lambda d: d / "shared" / "e.csv"),
             Expect(True, (Issue("warning", f"{exp_file}.csv", "symbolic link followed to shared/e.csv",
                                 value="shared/e.csv"),), kept={"expenditures": 5})),
        Case("symlink-loop", "issue 12", linked("activities.md", lambda d: year_dir(d) / "activities.md"),
             Expect(False, (Issue("error", f"{UNIT}/{YEAR}/activities.md", "cannot be resolved"),))),
        Case("unit-folder-symlink-outside", "issue 12", _unit_folder_outside,
             Expect(False, raises="outside the data folder")),
        Case("terminal-escapes-in-text", "issue 12", _escapes, Expect(True, kept={"expenditures": 5})),
        Case("terminal-escapes-in-own-report", "issue 12", with_file(
            "self_evaluation.txt", "一、基本情况\n\x1b[2J\x1b]0;pwned\x07本年度支出合计2.07万元，其中基本支出1.01万元，项目支出"
            "1.06万元，人员经费\x1b[31m0.88万元\x1b[0m。\n".encode()), Expect(True)),
        # --- issue 12: hangs -----------------------------------------------------------------------------------
        Case("yaml-alias-bomb", "issue 12", with_yaml(alias_bomb()),
             Expect(False, (Issue("error", f"{UNIT}/unit.yaml", "alias bomb?): over the limit yaml_nodes"),))),
        Case("yaml-many-aliases", "domain §4 YAML", with_yaml("name: x\na: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\n"),
             Expect(False, (Issue("error", f"{UNIT}/unit.yaml", "over the limit yaml_aliases"),))),
        Case("yaml-alias-bomb-few-aliases", "domain §4 YAML", with_yaml(
            "name: x\na: &a [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]\nb: &b [" + ",".join(["*a"] * 20)
            + "]\nc: &c [" + ",".join(["*b"] * 20) + "]\nd: [" + ",".join(["*c"] * 20) + "]\n"),
             Expect(False, (Issue("error", f"{UNIT}/unit.yaml", "over the limit yaml_nodes"),))),
        Case("xlsx-million-styled-empty-rows", "issue 12", styled_empty_rows(1_000_000, honest_dimension=True),
             Expect(False, (Issue("error", exp_file, "over the limit cells"),))),
        Case("xlsx-styled-empty-rows-lying-dimension", "issue 12", styled_empty_rows(30_000, honest_dimension=False),
             Expect(False, (Issue("error", exp_file, "over the limit cells"),), env={"QLAUDIT_LIMIT_CELLS": "200000"})),
        Case("xlsx-zip-bomb", "domain §4 sizes", zip_bomb,
             Expect(False, (Issue("error", exp_file, "over the limit unzipped_bytes"),))),
        # --- issue 12: ordinary mistakes that were internal errors ---------------------------------------------
        Case("activities-gbk", "issue 12", with_file("activities.md", "本年度开展侨情调研3次。\n".encode("gbk")),
             Expect(True, (Issue("warning", f"{UNIT}/{YEAR}/activities.md", "read as GB18030"),))),
        Case("activities-undecodable", "domain §4 encodings", with_file("activities.md", b"\x80\x80\xff\xfe\x00\x01"),
             Expect(False, (Issue("error", f"{UNIT}/{YEAR}/activities.md", "activities.md cannot be read"),))),
        Case("goals-year-with-nian", "issue 12", with_yaml("name: 单位\ngoals:\n  2021年: {overall: 目标}\n"),
             Expect(False, (Issue("error", f"{UNIT}/unit.yaml", "key '2021年' is not a year", column="goals",
                                  value="2021年"),))),
        Case("staffing-with-ren", "issue 12", with_yaml("name: 单位\nstaffing: 2人\n"),
             Expect(False, (Issue("error", f"{UNIT}/unit.yaml", "staffing must be a mapping", column="staffing",
                                  value="2人"),))),
        Case("staffing-authorised-with-ren", "issue 12", with_yaml("name: 单位\nstaffing: {authorised: 2人}\n"),
             Expect(False, (Issue("error", f"{UNIT}/unit.yaml", "not a whole number of people",
                                  column="staffing.authorised", value="2人"),))),
        Case("csv-cell-over-128k", "issue 12", csv_ledger("expenditures", e, rows(EXPENDITURES, r1={2: big})),
             Expect(False, (Issue("error", exp_file, "row 3, column C: a cell of 50,000 characters: over the limit "
                                  "cell_chars"),))),
        Case("csv-cell-over-128k-short-row", "issue 12", csv_ledger("expenditures", e, [
            *EXPENDITURES, ["2021-06-01", "记-006", big]]),
             Expect(False, (Issue("error", exp_file, "over the limit cell_chars"),))),
        Case("utf8-with-one-bad-line", "issue 12", raw_ledger("expenditures", bad_utf8_line()),
             Expect(False, (Issue("error", exp_file, "the file is UTF-8 but has 2 invalid byte sequence(s)"),
                            Issue("error", exp_file, "(line 6, byte 20 of the line: ff fe")))),
        # --- domain §4: encodings ------------------------------------------------------------------------------
        *[Case(f"encoding-{name}", "domain §4 encodings", raw_ledger("expenditures", data),
               Expect(True, kept={"expenditures": 5}))
          for name, data in (("utf8-bom", csv_bytes([e, *EXPENDITURES], "utf-8-sig")),
                             ("gbk", csv_bytes([e, *EXPENDITURES], "gbk")),
                             ("gb18030", csv_bytes([e, *rows(EXPENDITURES, r0={3: "职工𠀀"})], "gb18030")),
                             ("utf16-tab", "\r\n".join("\t".join(r) for r in [e, *EXPENDITURES]).encode("utf-16")))],
        Case("encoding-utf16-without-bom", "domain §4 encodings", raw_ledger(
            "expenditures", "\r\n".join(",".join(r) for r in [e, *EXPENDITURES]).encode("utf-16-le")),
             Expect(False, (Issue("error", exp_file, "NUL bytes"),))),
        Case("encoding-neither", "domain §4 encodings", raw_ledger(
            "expenditures", csv_bytes([e], "gbk") + b"2021-03-10,\x80\x80,abc\r\n"),
             Expect(False, (Issue("error", exp_file, "cannot decide the encoding"),))),
        Case("binary-as-csv", "domain §4 encodings", raw_ledger("expenditures", bytes(range(256)) * 4),
             Expect(False, (Issue("error", exp_file, "NUL bytes"),))),
        # --- domain §4: sheets ---------------------------------------------------------------------------------
        Case("several-candidate-sheets", "domain §4 sheets", xlsx_ledger("expenditures", [
            ("1月", [e, *EXPENDITURES[:2]], "visible", []), ("2月", [e, *EXPENDITURES[2:]], "visible", [])]),
             Expect(True, kept={"expenditures": 5})),
        Case("candidate-sheet-other-layout", "domain §4 sheets", xlsx_ledger("expenditures", [
            ("凭证", [e, *EXPENDITURES], "visible", []),
            ("汇总", [[h for h in e if h != "收款人"], [*EXPENDITURES[0][:3], *EXPENDITURES[0][4:]]], "visible", [])]),
             Expect(True, (Issue("warning", exp_file, "sheet 汇总 not read"),), kept={"expenditures": 5})),
        Case("cover-sheet", "domain §4 sheets", xlsx_ledger("expenditures", [
            ("封面", [["某单位2021年支出明细账"], ["编制单位：某单位"]], "visible", []),
            ("凭证", [e, *EXPENDITURES], "visible", [])]), Expect(True, kept={"expenditures": 5})),
        Case("formulas-without-values", "domain §4 sheets", formulas_without_values,
             Expect(False, (Issue("warning", exp_file, "formula cell(s) have no stored value"),
                            Issue("error", exp_file, "amount is empty", row=3, column="amount")))),
        Case("no-header", "domain §4 sheets", csv_ledger("expenditures", ["a", "b", "c"], [["1", "2", "3"]]),
             Expect(False, (Issue("error", exp_file, "no header row found"),))),
        Case("empty-file", "domain §4 sizes", raw_ledger("expenditures", b""),
             Expect(False, (Issue("error", exp_file, "no header row found"),))),
        Case("xlsx-not-a-zip", "domain §4 sheets", raw_ledger("expenditures", b"not a workbook", ".xlsx"),
             Expect(False, (Issue("error", exp_file, "not a zip archive"),))),
        Case("xlsx-truncated", "domain §4 sheets", _truncated_xlsx,
             Expect(False, (Issue("error", exp_file, "not a readable .xlsx file"),))),
        Case("xls-html-huge-span", "domain §4 sizes", raw_ledger("expenditures", (
            "<html><table><tr>" + "".join(f"<th>{h}</th>" for h in e) + '</tr><tr><td rowspan="100000000" '
            'colspan="100000">x</td></tr></table></html>').encode(), ".xls"),
             Expect(False, (Issue("error", exp_file, "over the limit"),))),
        Case("xls-spreadsheetml-huge-index", "domain §4 sizes", raw_ledger("expenditures", (
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:'
            b'schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a"><Table><Row ss:Index="900000000">'
            b'<Cell><Data ss:Type="String">x</Data></Cell></Row></Table></Worksheet></Workbook>'), ".xls"),
             Expect(False, (Issue("error", exp_file, "over the limit rows"),))),
        Case("xls-spreadsheetml-entity", "domain §4 sheets", raw_ledger("expenditures", (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Workbook xmlns="urn:schemas-microsoft-com:'
            b'office:spreadsheet"></Workbook>'), ".xls"),
             Expect(False, (Issue("error", exp_file, "DOCTYPE or entities"),))),
        # --- domain §4: title rows, unit declarations ---------------------------------------------------------
        *[Case(f"title-rows-{n}", "domain §4 title rows", csv_ledger("expenditures", ["某单位支出明细表", *[""] * 10],
               [*[["单位：元", *[""] * 10]] * (n - 1), e, *EXPENDITURES]),
               Expect(True, (Issue("warning", exp_file, f"{n} title row(s) above the header skipped"),),
                      kept={"expenditures": 5})) for n in (1, 3, 10)],
        Case("header-too-low", "domain §4 title rows", csv_ledger("expenditures", ["说明", *[""] * 10],
             [*[["说明", *[""] * 10]] * 14, e, *EXPENDITURES]),
             Expect(False, (Issue("error", exp_file, "no header row found"),))),
        Case("amount-header-in-wan-yuan", "domain §4 unit declarations", csv_ledger("appropriations", [
            *a[:9], "金额（万元）", a[10]], rows(APPROPRIATIONS, r0={9: "5.28"}, r1={9: "0.6"}, r2={9: "3"})),
             Expect(True, (Issue("warning", app_file, "converted from 万元 to 元", row=2, column="amount"),),
                    kept={"appropriations": 3})),
        # --- domain §4: numeric ranges, dates, codes -----------------------------------------------------------
        Case("amounts-odd-forms", "domain §4 numeric ranges", csv_ledger("expenditures", e, rows(
            EXPENDITURES, r0={10: "(4,400.00)"}, r1={10: "４４００．００"}, r2={10: "¥1250.50"}, r3={10: "0"},
            r4={10: "-2600.00"})),
             Expect(True, (Issue("warning", exp_file, "(…) read as a negative amount", row=2),
                            Issue("warning", exp_file, "full-width digits converted", row=3)),
                    kept={"expenditures": 5})),
        Case("amounts-invalid-forms", "domain §4 numeric ranges", csv_ledger("expenditures", e, rows(
            EXPENDITURES, r0={10: "1e5"}, r1={10: "inf"}, r2={10: "NaN"}, r3={10: "12,34.5"}, r4={10: "0.001"})),
             Expect(False, (Issue("error", exp_file, "not an amount", row=2, value="1e5"),
                            Issue("error", exp_file, "not an amount", row=3, value="inf"),
                            Issue("error", exp_file, "thousands separators in the wrong places", row=5),
                            Issue("error", exp_file, "more than 2 decimals", row=6)), kept={"expenditures": 0})),
        Case("dates-odd-forms", "domain §4 dates", csv_ledger("expenditures", e, rows(
            EXPENDITURES, r0={0: "2021/1/31"}, r1={0: "2021年2月28日"}, r2={0: "20210310"}, r3={0: "2021.4.20"})),
             Expect(True, (Issue("warning", exp_file, "read as 2021-01-31", row=2, column="date"),),
                    kept={"expenditures": 5})),
        Case("dates-invalid", "domain §4 dates", csv_ledger("expenditures", e, rows(
            EXPENDITURES, r0={0: "2021-02-30"}, r1={0: "44197"}, r2={0: "2020-12-31"}, r3={0: "明天"})),
             Expect(False, (Issue("error", exp_file, "not a calendar date", row=2, column="date"),
                            Issue("error", exp_file, "not a date", row=3, column="date", value="44197"),
                            Issue("error", exp_file, "outside 2021", row=4, column="date"),
                            Issue("error", exp_file, "not a date", row=5, column="date")))),
        Case("codes-odd-forms", "domain §4 codes", csv_ledger("expenditures", e, rows(
            EXPENDITURES, r0={8: "2012950.0", 9: "30101.0"}, r1={8: "２０１２９５０"})),
             Expect(True, (Issue("warning", exp_file, "code stored as a number", row=2, column="functional_code"),
                            Issue("warning", exp_file, "full-width characters in code", row=3)),
                    kept={"expenditures": 5})),
        Case("codes-invalid", "domain §4 codes", csv_ledger("expenditures", e, rows(
            EXPENDITURES, r0={9: "39999"}, r1={9: "办公费"}, r2={8: ""})),
             Expect(False, (Issue("error", exp_file, "unknown economic code", row=2, column="economic_code"),
                            Issue("error", exp_file, "not made of digits", row=3, column="economic_code"),
                            Issue("error", exp_file, "classification code is empty", row=4,
                                  column="functional_code")))),
        Case("category-unknown", "domain §4 codes", csv_ledger("expenditures", e, rows(EXPENDITURES, r0={5: "杂项"})),
             Expect(False, (Issue("error", exp_file, "unknown expense_kind value", row=2, column="expense_kind",
                                  value="杂项"),))),
        # --- domain §4: sizes ----------------------------------------------------------------------------------
        Case("too-many-columns", "domain §4 sizes", csv_ledger("expenditures", e, _wide_rows(600)),
             Expect(False, (Issue("error", exp_file, "over the limit columns"),))),
        Case("too-many-rows", "domain §4 sizes", csv_ledger("expenditures", e, [*EXPENDITURES] * 30),
             Expect(False, (Issue("error", exp_file, "over the limit rows"),), env={"QLAUDIT_LIMIT_ROWS": "100"})),
        Case("file-too-large", "domain §4 sizes", csv_ledger("expenditures", e, [*EXPENDITURES] * 30),
             Expect(False, (Issue("error", exp_file, "over the limit file_bytes"),),
                    env={"QLAUDIT_LIMIT_FILE_BYTES": "4K"})),
        Case("activities-too-large", "domain §4 sizes", with_file("activities.md", "开展活动。\n".encode() * 5000),
             Expect(False, (Issue("error", f"{UNIT}/{YEAR}/activities.md", "over the limit text_bytes"),),
                    env={"QLAUDIT_LIMIT_TEXT_BYTES": "64K"})),
        # --- domain §4: YAML shapes and types ------------------------------------------------------------------
        *[Case(f"yaml-{name}", "domain §4 YAML", with_yaml(text),
               Expect(False, (Issue("error", f"{UNIT}/unit.yaml", message),)))
          for name, text, message in (
              ("no-name", "short_name: 区侨联\n", "has no name"),
              ("name-list", "name: [a, b]\n", "name must be text"),
              ("top-level-list", "- name: x\n", "must be a mapping of keys"),
              ("top-level-text", "just text\n", "must be a mapping of keys"),
              ("syntax", "name: x\n  bad: [\n", "not valid YAML"),
              ("deep", "name: x\nd: " + "[" * 40 + "]" * 40 + "\n", "over the limit yaml_depth"),
              ("huge-int", "name: x\nstaffing: {authorised: " + "9" * 5000 + "}\n", "cannot read"),
              ("python-tag", "name: !!python/object/apply:os.system [ls]\n", "not valid YAML"),
              ("self-reference", "name: x\na: &a [*a]\n", "refers to itself"),
              ("duties-mapping", "name: x\nduties: {a: 1}\n", "duties must be a list"),
              ("special-mapping", "name: x\ngoals: {2021: {special: {a: 1}}}\n", "special must be a list"),
              ("goals-list", "name: x\ngoals: [2021]\n", "goals must be a mapping"),
              ("goal-text", "name: x\ngoals: {2021: 目标}\n", "must map to overall and special"),
              ("founded-bad", "name: x\nfounded: 2021-13-45\n", "cannot read"),
              ("founded-text", "name: x\nfounded: 去年\n", "founded is not a date"),
              ("staffing-negative", "name: x\nstaffing: {authorised: -2}\n", "not a whole number of people"),
              ("staffing-float", "name: x\nstaffing: {in_service: 2.5}\n", "not a whole number of people"),
              ("files-path", "name: x\nfiles: {\"../../etc/*.csv\": expenditures}\n", "names a path"),
              ("profile-path", "name: x\nprofile: {expenditures: ../../host.toml}\n", "names a path"),
              ("files-no-ledger", "name: x\nfiles: {\"a.csv\": 账}\n", "must name a ledger"),
              ("not-utf8", "name: 单位\n".encode("utf-16-le"), "cannot be read"),
          )],
        Case("yaml-unknown-key", "domain §4 YAML", with_yaml("name: 单位\nstaffng: {authorised: 2}\n"),
             Expect(True, (Issue("warning", f"{UNIT}/unit.yaml", "unknown key(s) staffng"),))),
        Case("yaml-gbk", "domain §4 YAML", with_yaml("name: 株洲市芦淞区归国华侨联合会\n".encode("gbk")),
             Expect(True, (Issue("warning", f"{UNIT}/unit.yaml", "read as GB18030"),))),
        Case("projects-missing", "domain §4 sheets", _without("projects.csv"),
             Expect(False, (Issue("error", f"{YEAR}/projects", "ledger file is missing"),))),
    ]


def _declared_wan(data: Path) -> None:
    body = rows(APPROPRIATIONS, r0={9: "5.28"}, r1={9: "0.60"}, r2={9: "3.00"})
    unit(data)
    write_csv(year_dir(data) / "appropriations.csv", [["单位：万元", *[""] * 10], APPROPRIATIONS_HEADER, *body])


def _escapes(data: Path) -> None:
    """ESC sequences (clear screen, colour, window title), a bell and a bidi override in ledger text."""
    unit(data, appropriations=rows(APPROPRIATIONS, r1={1: "\x1b[2J\x1b[31m年初预算-公用经费-办公费\x07"}),
         expenditures=rows(EXPENDITURES, r2={2: "\x1b]0;pwned\x07购买办公用品", 3: "某文具店\u202e"}))


def _wan_everywhere(data: Path) -> None:
    """Quotas and spending both typed in 万元 without a declaration (they agree with each other), staffing 2 posts:
    the salary lines come to a few 元 a post."""
    apps = rows(APPROPRIATIONS, r0={9: "5.28"}, r1={9: "0.60"}, r2={9: "3.00"})
    exps = rows(EXPENDITURES, r0={10: "0.44"}, r1={10: "0.44"}, r2={10: "0.13"}, r3={10: "0.80"}, r4={10: "0.26"})
    unit(data, appropriations=apps, expenditures=exps)
    path = data / UNIT / "unit.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "staffing:\n  authorised: 2\n", encoding="utf-8")


def _unit_folder_outside(data: Path) -> None:
    real = data.parent / "elsewhere" / UNIT
    make_unit(data.parent / "elsewhere")
    data.mkdir(parents=True, exist_ok=True)
    os.symlink(real, data / UNIT)


def _truncated_xlsx(data: Path) -> None:
    xlsx_ledger("expenditures", [("凭证", [EXPENDITURES_HEADER, *EXPENDITURES], "visible", [])])(data)
    path = year_dir(data) / "expenditures.xlsx"
    path.write_bytes(path.read_bytes()[:-200])


def _without(name: str) -> Callable[[Path], None]:
    def build(data: Path) -> None:
        unit(data)
        (year_dir(data) / name).unlink()
    return build


def write_corpus(folder: Path) -> list[Case]:
    """Every case under ``folder/<case>/`` (its data folder)."""
    out = cases()
    for case in out:
        case.build(folder / case.name)
    return out


if __name__ == "__main__":
    written = write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus"))
    print(f"{len(written)} cases written")  # noqa: T201
