"""Loading the data rows of one sheet under a profile: set-aside rows, mapped fields, parsed columns, checks.

Column-wise throughout (see :mod:`qlaudit.ledgers.parse`); Python touches only the rows that carry an issue.
Issues of a row are ordered as the columns of the contract, then the cross-field rules, as the row-by-row loader did.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qlaudit.i18n import Keyed
from qlaudit.ledgers import checks, header, parse, schema, transform, values
from qlaudit.ledgers.cells import Cells, blank_cells
from qlaudit.ledgers.detect import SheetChoice
from qlaudit.ledgers.importlog import FileImport, ImportIssue
from qlaudit.ledgers.profiles import PERIOD_TOTAL_LABELS, TOTAL_LABELS, Profile
from qlaudit.money import format_yuan

#: (data row, severity, column, message, hint, value)
Row = tuple[int, str, "str | None", str, str, "str | None"]
_CATEGORY_KINDS = ("source", "budget_type", "expense_kind", "direction", "flag")


def _labels(text: pa.Array) -> pa.Array:
    """Row labels as compared with 合计/本月合计/期初余额: NFKC, no spaces ('' for blank); once per distinct text."""
    encoded = pc.dictionary_encode(pc.fill_null(text, ""))
    labels = pc.replace_substring_regex(pc.utf8_normalize(encoded.dictionary, "NFKC"), r"\s", "")
    return labels.take(encoded.indices)


def _in(array: pa.Array, labels: tuple[str, ...]) -> np.ndarray:
    return np.asarray(pc.is_in(array, value_set=pa.array(list(labels), type=pa.string()))
                      .to_numpy(zero_copy_only=False), dtype=bool)


def _first_cells(data: list[Cells], n: int) -> pa.Array:
    """The text of each row's first non-blank cell (null for a blank row)."""
    if not data:
        return pa.nulls(n, pa.string())
    return pc.coalesce(*[c.text for c in data]) if len(data) > 1 else data[0].text


def _money(cells: Cells | None, rows: np.ndarray, unit: str, n: int, skip_blank: bool
           ) -> tuple[np.ndarray, np.ndarray, list[Row], np.ndarray]:
    """Amounts of ``rows`` (others 0): values, parsed mask, issues (data-row numbered), cell-filled mask."""
    out = np.zeros(n, dtype=np.int64)
    filled = np.zeros(n, dtype=bool)
    if cells is None:
        return out, np.ones(n, dtype=bool), [], filled
    ok = np.zeros(n, dtype=bool)
    filled = ~cells.blank
    idx = rows[filled[rows]] if skip_blank else rows
    parsed = parse.parse_money(cells.take(idx), unit)
    out[idx] = parsed.values
    ok[idx] = ~parsed.error
    issues: list[Row] = [(int(idx[i]), sev, "", msg, hint, val) for i, sev, msg, hint, val in parsed.issues]
    return out, ok, issues, filled


def _parse_column(spec: schema.ColumnSpec, cells: Cells, year: int, unit: str) -> parse.Parsed:
    if spec.kind == "date":
        return parse.parse_date(cells)
    if spec.kind in ("functional_code", "economic_code"):
        return parse.parse_classification(cells, spec.kind, year)
    if spec.kind == "code":
        return parse.parse_code(cells)
    if spec.kind in _CATEGORY_KINDS:
        return parse.parse_category(cells, spec.kind, spec.required)
    if spec.kind == "decimal":
        return parse.parse_decimal(cells)
    if spec.kind == "money":
        return parse.parse_money(cells, unit)
    return parse.parse_text(cells)


def _header_issues(record: FileImport, profile: Profile, choice: SheetChoice, title_raw: list[list[object]],
                   unit: str) -> None:
    sheet, head = choice.sheet, choice.header
    file = record.file
    nonblank_titles = [r for r in title_raw if any(not values.is_blank(c) for c in r)]
    if nonblank_titles and head.rows:
        record.issues.append(ImportIssue(
            "warning", file, Keyed("issue.title_rows_unit", count=len(nonblank_titles), unit=unit) if unit != "元"
            else Keyed("issue.title_rows", count=len(nonblank_titles)), sheet=sheet.name, row=head.rows[0]))
    for name in head.duplicates:
        record.issues.append(ImportIssue("warning", file, Keyed("issue.duplicate_column", name=name),
                                         sheet=sheet.name, row=head.rows[0] + 1, column=name))
    if not head.rows:
        return
    known = set(head.columns.values()) | set(choice.analysis)
    unused = [(j, header.cell_text(cell)) for j, cell in enumerate(sheet.head[head.rows[0]])
              if j not in known and not values.is_blank(cell) and j not in head.labels]
    if profile.is_canonical:
        for _, label in unused:
            record.issues.append(ImportIssue("warning", file, Keyed("issue.column_not_in_contract"),
                                             sheet=sheet.name, row=head.rows[0] + 1, column=label))
    record.controls.setdefault("unused_columns", []).extend(label for _, label in unused)


def load_sheet(record: FileImport, profile: Profile, choice: SheetChoice, year: int, source_file: str,
               folder: Path | None = None, root: Path | None = None) -> pd.DataFrame:
    """The canonical rows of one sheet; ``record`` gets the counts, totals, controls and issues."""
    from qlaudit.ledgers.load import finish_frame

    ledger = profile.ledger
    sheet, head = choice.sheet, choice.header
    specs = {s.name: s for s in schema.columns(ledger)}
    if head.rows:
        start = head.rows[-1] + 1
    else:
        start = 1 if profile.first_line and sheet.head and sheet.head[0] and \
            header.cell_text(sheet.head[0][0]).startswith(profile.first_line) else 0
    title_raw = sheet.head[: head.rows[0]] if head.rows else []
    unit = header.declared_unit(title_raw)
    column_units = {name: "万元" if any("万元" in header.cell_text(sheet.head[r][col]) for r in head.rows
                                        if col < len(sheet.head[r])) else unit
                    for name, col in head.columns.items()}
    amount_labels = [header.cell_text(sheet.head[r][col]) for name, col in head.columns.items()
                     if name in ("amount", "credit_amount") for r in head.rows if col < len(sheet.head[r])]
    if not record.header_rows and head.rows:
        record.header_rows = tuple(r + 1 for r in head.rows)
        record.title_rows = len([r for r in title_raw if any(not values.is_blank(c) for c in r)])
        record.unit = unit
    record.unit_declared = record.unit_declared or header.unit_declaration(title_raw) is not None or any(
        "元" in label for label in amount_labels)
    _header_issues(record, profile, choice, title_raw, unit)
    data = [c.slice(start) for c in sheet.columns]
    n = max(sheet.nrows - start, 0)
    record.rows_read += n
    rows: list[Row] = []
    sheet_name = sheet.name

    # -- set-aside rows ------------------------------------------------------------------------------------------
    blank = np.logical_and.reduce([c.blank for c in data]) if data else np.ones(n, dtype=bool)
    first_text = _first_cells(data, n)
    first_label = _labels(first_text)
    summary_label = _labels(data[head.columns["summary"]].text) if "summary" in head.columns and \
        head.columns["summary"] < len(data) else pa.array([""] * n, type=pa.string())
    period = ~blank & (_in(first_label, PERIOD_TOTAL_LABELS) | _in(summary_label, PERIOD_TOTAL_LABELS))
    total_first = np.asarray(pc.or_(pc.starts_with(first_label, "合计"), pc.starts_with(first_label, "总计"))
                             .to_numpy(zero_copy_only=False), dtype=bool)
    total = ~blank & ~period & (_in(first_label, TOTAL_LABELS) | total_first | _in(summary_label, TOTAL_LABELS))
    opening = ~blank & ~period & ~total & (_in(first_label, profile.opening_labels)
                                           | _in(summary_label, profile.opening_labels))
    line_like = _line_like(ledger, head.columns, data, n, total | period | opening)
    total, period, opening = total & ~line_like, period & ~line_like, opening & ~line_like
    in_summary = pa.array(_in(summary_label, (*PERIOD_TOTAL_LABELS, *TOTAL_LABELS)))
    total_rows = np.flatnonzero(total | period)
    row_label = parse.texts_at(pc.if_else(in_summary, summary_label, first_label), total_rows)
    summary_text = data[head.columns["summary"]].text if "summary" in head.columns and \
        head.columns["summary"] < len(data) else first_text
    shown = parse.texts_at(pc.if_else(pa.array(_in(summary_label, (*PERIOD_TOTAL_LABELS, *TOTAL_LABELS,
                                                                   *profile.opening_labels))),
                                      summary_text, first_text), np.flatnonzero(total | period | opening))
    for i in total_rows.tolist():
        rows.append((i, "warning", None, Keyed("issue.total_row_dropped"), "", shown[i]))
    for i in np.flatnonzero(opening).tolist():
        rows.append((i, "warning", None, Keyed("issue.opening_set_aside"), "", shown[i]))
    if line_like.any():
        labelled = parse.texts_at(first_text, np.flatnonzero(line_like))
        rows += [(i, "warning", None, "row begins like a total or opening row (合计/总计/期初余额) but has a document "
                  "number and a classification code: read as a ledger line, not set aside",
                  "if it is a total row, clear its document number and codes", labelled[i])
                 for i in np.flatnonzero(line_like).tolist()]
    _merged_data_cells(record, profile, choice, start, sheet_name)

    # -- the profile's fields --------------------------------------------------------------------------------------
    fields = {name: data[col] if col < len(data) else blank_cells(n) for name, col in head.columns.items()}
    title = header.title_fields(profile, title_raw) if profile.title else {}
    if profile.form_initial_budget:
        stated = header.label_value(title_raw, profile.form_initial_budget)
        if stated is not None and "in_initial_budget" not in fields:
            title["in_initial_budget"] = _flag_from_amount(stated)
    analysis = {code: data[j] for j, code in choice.analysis.items() if j < len(data)}
    if ledger == "projects" and "project_code" in title and not (~blank).any():
        if blank.any():
            record.add_set_aside("blank", int(blank.sum()))
        return _form_without_rows(record, profile, title, head, sheet_name, source_file)
    mapped = transform.apply_profile(profile, fields, title, header.title_year(title_raw) or year, n, analysis,
                                     folder, root)
    for note in mapped.notes:
        record.issues.append(ImportIssue("warning", record.file, f"normalised: {note}", sheet=sheet_name))
    out = mapped.fields
    lines = ~(blank | total | period | opening)
    for name in profile.fill_down:
        if name in out:
            out[name] = _fill_down(out[name], lines)

    # -- counterpart lines of 平行记账 -----------------------------------------------------------------------------
    counterpart = np.zeros(n, dtype=bool)
    account = out.get("account_code")
    accounts_checked = account is not None and bool((~account.blank & lines).any())
    if accounts_checked and account is not None:
        code = pc.utf8_trim_whitespace(pc.utf8_normalize(pc.fill_null(account.text, ""), "NFKC"))
        is_expenditure = np.zeros(n, dtype=bool)
        for prefix in profile.expenditure_prefixes(year):
            is_expenditure |= np.asarray(pc.starts_with(code, prefix).to_numpy(zero_copy_only=False), dtype=bool)
        counterpart = lines & ~account.blank & ~is_expenditure
    detail = lines & ~counterpart

    # -- money of every non-blank row (set-aside totals and controls use it too) ---------------------------------
    has_credit = "credit_amount" in out
    nonblank_rows = np.flatnonzero(~blank)
    debit, debit_ok, debit_issues, debit_filled = _money(out.get("amount"), nonblank_rows,
                                                         column_units.get("amount", unit), n, has_credit)
    credit, credit_ok, credit_issues, credit_filled = _money(out.get("credit_amount"), nonblank_rows,
                                                             column_units.get("credit_amount", unit), n, True)
    if has_credit:
        debit_ok |= ~debit_filled
        credit_ok |= ~credit_filled
    net = debit - credit
    amount_ok = debit_ok & credit_ok

    for kind, mask in (("blank", blank), ("total", total), ("period_total", period), ("opening", opening),
                       ("counterpart", counterpart)):
        if mask.any():
            record.add_set_aside(kind, int(mask.sum()), int(debit[mask & debit_ok].sum()),
                                 int(credit[mask & credit_ok].sum()))

    missing = [s for s in specs.values() if s.required and s.name not in out]
    if missing:
        for s in missing:
            hint = "name a column " + " or ".join(s.aliases[:4]) + "; see docs/data-format.md"
            if not profile.is_canonical:
                hint += f" (profile {profile.name})"
            record.issues.append(ImportIssue(
                "error", record.file, f"required column {s.name} ({s.meaning}) is missing", sheet=sheet_name,
                row=head.rows[0] + 1 if head.rows else None, column=s.name, hint=hint))
        record.rejected += int(detail.sum())
        record.rejected_fen += int(net[detail & amount_ok].sum())
        _file_issues(record, rows, start, sheet_name)
        return finish_frame(ledger, {})

    # -- parse every column of the detail rows, in the contract's order --------------------------------------------
    idx = np.flatnonzero(detail)
    m = idx.size
    error = np.zeros(m, dtype=bool)
    rec: dict[str, np.ndarray] = {}
    line_dates = None
    for name, spec in specs.items():
        if name == "credit_amount" or name not in out:
            continue
        if name == "amount":
            rec["amount_fen"] = net[idx].copy()
            error |= ~amount_ok[idx]
            detail_set = detail
            rows += [(*r[:2], "amount", *r[3:]) for r in debit_issues if detail_set[r[0]]]
            rows += [(*r[:2], "credit_amount", *r[3:]) for r in credit_issues if detail_set[r[0]]]
            continue
        cells = out[name]
        if name == "date" and accounts_checked:
            line_idx = np.flatnonzero(lines)
            parsed_all = _parse_column(spec, cells.take(line_idx), year, unit)
            line_dates = (line_idx, parsed_all.values)
            position = np.searchsorted(line_idx, idx)
            kept_issues = [i for i in parsed_all.issues if detail[line_idx[i[0]]]]
            parsed = parse.Parsed(parsed_all.values[position], parsed_all.error[position],
                                  [(int(np.searchsorted(idx, line_idx[i[0]])), *i[1:]) for i in kept_issues])
        else:
            parsed = _parse_column(spec, cells.take(idx), year, column_units.get(name, unit))
        rec[name] = parsed.values
        error |= parsed.error
        rows += [(int(idx[i]), sev, name, msg, hint, val) for i, sev, msg, hint, val in parsed.issues]
    if has_credit:
        both_blank = ~debit_filled[idx] & ~credit_filled[idx]
        rows += [(int(idx[i]), "error", "amount", "both debit and credit are empty", "fill 借方 or 贷方", None)
                 for i in np.flatnonzero(both_blank).tolist()]
        error |= both_blank
    if ledger != "projects":
        def raw_text(column: str, i: int) -> str | None:
            cells = out.get(column)
            return None if cells is None else values.cell_text(cells.raw(int(idx[i])))

        cross = checks.cross_field(ledger, year, rec, ~error, raw_text)
        rows += [(int(idx[i]), sev, col, msg, hint, val) for i, sev, col, msg, hint, val in cross]
        error[[i for i, sev, *_ in cross if sev == "error"]] = True

    # -- counts, totals, issues ----------------------------------------------------------------------------------
    warned = np.zeros(n, dtype=bool)
    warned[[r[0] for r in rows if r[1] == "warning"]] = True
    rejected = error
    normalised = ~error & warned[idx]
    kept = ~error & ~normalised
    amounts = rec.get("amount_fen", np.zeros(m, dtype=np.int64))
    record.kept += int(kept.sum())
    record.normalised += int(normalised.sum())
    record.rejected += int(rejected.sum())
    record.kept_fen += int(amounts[kept].sum())
    record.normalised_fen += int(amounts[normalised].sum())
    record.rejected_fen += int(net[idx][rejected & amount_ok[idx]].sum())
    _file_issues(record, rows, start, sheet_name)
    _controls(record, out, start, sheet_name, row_label, total | period, lines, net, debit, credit, amount_ok,
              line_dates, unit, accounts_checked, year, profile)
    if accounts_checked and not (detail & ~blank).any() and counterpart.any():
        looked = ", ".join(profile.expenditure_prefixes(year))
        record.issues.append(ImportIssue(
            "error", record.file, f"no line on an expenditure account: {int(counterpart.sum())} line(s) on other "
            "accounts (平行记账 counterpart lines) set aside, none on the expenditure accounts looked for",
            sheet=sheet_name, column="account_code", value=looked,
            hint=f"spending is booked on the 预算会计 支出 accounts ({looked}); check the 科目编码 column, the year, "
            "or list the unit's expenditure accounts under [accounts] expenditure in an import profile"))

    good = ~error
    keep_idx = idx[good]
    columns: dict[str, object] = {}
    good_arrow = pa.array(good)
    for name, value in rec.items():
        columns[name] = value.filter(good_arrow) if isinstance(value, pa.Array) else value[good]
    if "date" in columns:
        columns["date"] = np.asarray(columns["date"], dtype="datetime64[D]").astype("datetime64[ns]")
    columns["source_file"] = pc.fill_null(pa.nulls(keep_idx.size, pa.string()), source_file)
    columns["source_row"] = (keep_idx + start + 1).astype(np.int64)
    return finish_frame(ledger, columns)


#: The fields that make a row a ledger line: its document number and its classification.
_LINE_FIELDS = {"expenditures": ("voucher_no", "economic_code"), "appropriations": ("quota_doc", "economic_code"),
                "projects": ("project_code", "indicator")}
_MERGE_WARNINGS = 50


def _line_like(ledger: str, columns: dict[str, int], data: list[Cells], n: int, candidates: np.ndarray) -> np.ndarray:
    """Of the ``candidates`` (rows labelled as totals or 期初余额), those that carry a ledger line's own fields (a
    document number that is not itself a total label — 合计, or 合计/总计 followed by no digit — and a code): such a
    row is a line even when its first cell begins with 合计/总计 (a total row is recognised by its structure, not
    only by its first word). Only the candidate rows are looked at (a few per file)."""
    mask = np.zeros(n, dtype=bool)
    wanted = [columns.get(name) for name in _LINE_FIELDS[ledger]]
    rows = np.flatnonzero(candidates)
    if not rows.size or any(col is None or col >= len(data) for col in wanted):
        return mask
    line = np.ones(rows.size, dtype=bool)
    for col in wanted:
        assert col is not None
        cells = data[col].take(rows)
        label = _labels(cells.text)
        prefixed = pc.and_(pc.or_(pc.starts_with(label, "合计"), pc.starts_with(label, "总计")),
                           pc.invert(pc.match_substring_regex(label, r"\d")))
        is_label = _in(label, (*TOTAL_LABELS, *PERIOD_TOTAL_LABELS)) | np.asarray(
            prefixed.to_numpy(zero_copy_only=False), dtype=bool)
        line &= ~cells.blank & ~is_label
    mask[rows[line]] = True
    return mask


def _merged_data_cells(record: FileImport, profile: Profile, choice: SheetChoice, start: int,
                       sheet: str | None) -> None:
    """A warning per merged range that reaches the data rows: its value stays in its first cell (nothing is filled
    down), so the rows under it read that column as empty. Ranges in columns the profile fills down on purpose
    (一级/二级指标 of a project form) are the layout, not a problem."""
    from qlaudit.ledgers.read import column_letter

    filled = {col for name, col in choice.header.columns.items() if name in profile.fill_down}
    by_column = {col: name for name, col in choice.header.columns.items()}
    ranges = [((r0, c0), (r1, c1)) for (r0, c0), (r1, c1) in choice.sheet.merged
              if r1 >= start and not set(range(c0, c1 + 1)) <= filled]
    for (r0, c0), (r1, c1) in ranges[:_MERGE_WARNINGS]:
        cells = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
        record.issues.append(ImportIssue(
            "warning", record.file, f"merged cells {cells} reach the data rows: the value is read in "
            f"{column_letter(c0)}{r0 + 1} only, the other cells of the range as empty (nothing is filled in)",
            "unmerge the cells and write each row's own value", sheet=sheet, row=max(r0, start) + 1,
            column=by_column.get(c0, column_letter(c0)), value=cells))
    if len(ranges) > _MERGE_WARNINGS:
        record.issues.append(ImportIssue(
            "warning", record.file, f"{len(ranges) - _MERGE_WARNINGS} more merged range(s) reach the data rows",
            "unmerge the cells and write each row's own value", sheet=sheet))


def _form_without_rows(record: FileImport, profile: Profile, title: dict[str, str], head: header.HeaderMatch,
                       sheet: str | None, source_file: str) -> pd.DataFrame:
    """A project form with no indicator rows: one project row from its header block (counted as one row read)."""
    from qlaudit.ledgers.cells import text_cells
    from qlaudit.ledgers.load import finish_frame

    row = head.rows[0] if head.rows else 0
    columns: dict[str, object] = {}
    record.rows_read += 1
    problems: list[Row] = []
    for spec in schema.columns(profile.ledger):
        if spec.name not in title:
            continue
        parsed = _parse_column(spec, text_cells(pa.array([title[spec.name]], type=pa.string())), 0, "元")
        columns[spec.name] = parsed.values
        problems += [(0, sev, spec.name, msg, hint, val) for _, sev, msg, hint, val in parsed.issues]
    if any(p[1] == "error" for p in problems):
        record.rejected += 1
        _file_issues(record, problems, row, sheet)
        from qlaudit.ledgers.load import empty_frame

        return empty_frame(profile.ledger)
    record.kept += 1
    _file_issues(record, problems, row, sheet)
    columns["source_file"] = [source_file]
    columns["source_row"] = np.array([row + 1], dtype=np.int64)
    return finish_frame(profile.ledger, columns)


def _flag_from_amount(text: str) -> str:
    try:
        fen, _ = values.parse_money(text)
    except values.CellError:
        return text
    return "是" if isinstance(fen, int) and fen > 0 else "否"


def _fill_down(cells: Cells, lines: np.ndarray) -> Cells:
    series = pd.Series(np.asarray(pc.fill_null(cells.text, "").to_numpy(zero_copy_only=False), dtype=object))
    series = series.where(series != "").ffill().where(pd.Series(lines), None)
    from qlaudit.ledgers.cells import text_cells

    return text_cells(pa.array(series.to_numpy(dtype=object), type=pa.string(), from_pandas=True))


def _file_issues(record: FileImport, rows: list[Row], start: int, sheet: str | None) -> None:
    order = sorted(range(len(rows)), key=lambda k: rows[k][0])
    record.issues.extend(
        ImportIssue(sev, record.file, msg, hint, sheet=sheet, row=start + i + 1, column=col, value=val)  # type: ignore[arg-type]
        for i, sev, col, msg, hint, val in (rows[k] for k in order))


def _controls(record: FileImport, out: dict[str, Cells], start: int, sheet: str | None,
              row_label: dict[int, str | None], is_total: np.ndarray, lines: np.ndarray,
              net: np.ndarray, debit: np.ndarray, credit: np.ndarray, amount_ok: np.ndarray,
              line_dates: tuple[np.ndarray, np.ndarray] | None, unit: str, accounts: bool, year: int,
              profile: Profile) -> None:
    controls = record.controls
    stated_ok = is_total & amount_ok & (~out["amount"].blank if "amount" in out else False)
    if "credit_amount" in out:
        stated_ok = is_total & amount_ok & (~out["amount"].blank | ~out["credit_amount"].blank) \
            if "amount" in out else stated_ok
    checked = checks.stated_totals(row_label, is_total, lines, net, amount_ok, net, stated_ok)
    for c in checked:
        i = int(c["row"])  # type: ignore[call-overload]
        c["row"] = start + i + 1
        c["sheet"] = sheet
        if not c["ok"]:
            cells = out["amount"] if not out["amount"].blank[i] else out.get("credit_amount", out["amount"])
            raw = values.cell_text(cells.raw(i))
            record.issues.append(ImportIssue(
                "warning", record.file, f"the file's total row says {raw} but the kept lines sum to "
                f"{format_yuan(int(c['lines_fen']))}", sheet=sheet, row=start + i + 1, column="amount", value=raw,  # type: ignore[call-overload]
                hint="a line may be missing or the total row is stale"))
    controls.setdefault("stated_totals", []).extend(checked)
    if "balance" in out:
        _balance(record, out, start, sheet, lines, net, unit)
    if line_dates is not None:
        line_idx, dates = line_dates
        month_numbers = np.where(np.isnat(dates), -1, dates.astype("datetime64[M]").astype(np.int64))
        distinct, inverse = np.unique(month_numbers, return_inverse=True)
        names = np.array(["?" if m < 0 else str(np.datetime64(int(m), "M")) for m in distinct.tolist()],
                         dtype=object)
        months = names[inverse.reshape(-1)] if len(distinct) else np.zeros(0, dtype=object)
    else:
        line_idx = np.flatnonzero(lines)
        months = np.full(line_idx.size, "", dtype=object)
    if line_dates is not None:
        ok = amount_ok[line_idx]
        controls.setdefault("by_month", []).extend(checks.sums_by(months[ok], debit[line_idx][ok],
                                                                  credit[line_idx][ok], "month"))
    if accounts and "account_code" in out:
        ok = amount_ok[line_idx]
        taken = out["account_code"].text.take(pa.array(line_idx[ok]))
        codes = np.asarray(pc.fill_null(taken, "").to_numpy(zero_copy_only=False), dtype=object)
        controls.setdefault("by_account", []).extend(checks.sums_by(codes, debit[line_idx][ok],
                                                                    credit[line_idx][ok], "account"))
        controls["expenditure_accounts"] = list(profile.expenditure_prefixes(year))


def _balance(record: FileImport, out: dict[str, Cells], start: int, sheet: str | None, lines: np.ndarray,
             net: np.ndarray, unit: str) -> None:
    cells = out["balance"]
    n = len(cells)
    filled = np.flatnonzero(~cells.blank)
    parsed = parse.parse_money(cells.take(filled), unit)
    balance = np.zeros(n, dtype=np.int64)
    has = np.zeros(n, dtype=bool)
    balance[filled] = parsed.values
    has[filled] = ~parsed.error
    sign = np.ones(n, dtype=np.int64)
    if "direction" in out:
        direction = np.asarray(pc.fill_null(out["direction"].text, "").to_numpy(zero_copy_only=False), dtype=object)
        sign[direction == "贷"] = -1
        sign[direction == "平"] = 0
    movement = np.where(lines, net, 0)
    bad = checks.running_balance(balance, has, sign, movement)
    record.controls["running_balance"] = {"checked": int(has.sum()), "mismatches": len(bad)}
    for i, previous, move, stated in bad:
        record.issues.append(ImportIssue(
            "warning", record.file, f"running balance: 余额 {format_yuan(stated)} is not the previous 余额 "
            f"{format_yuan(previous)} plus this line's 借方 − 贷方 {format_yuan(move)}", sheet=sheet,
            row=start + i + 1, column="balance", value=values.cell_text(cells.raw(i)),
            hint="a line may be missing, duplicated or out of order in the export"))
