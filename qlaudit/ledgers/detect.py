"""Choosing the import profile and the sheets of a file: which source layout it is, and why.

For every candidate profile (the canonical contract and the shipped profiles of the ledger, or the one profile
asked for) and every sheet, the header is looked for among the first rows; a profile fits a sheet when its
``[detect]`` headers are all there, and it is complete when every required column can be filled (from a column,
the title block, the 辅助项 text, a derivation or a default). A shipped profile that fits wins over the canonical
contract (its detect headers are specific to one system); the reason is stated in words for the log and the preview.
Every sheet with a complete header is read; the others are listed with the reason they were left.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qlaudit.ledgers import schema
from qlaudit.ledgers.header import (
    HeaderMatch,
    cell_text,
    find_header,
    positional_header,
    title_fields,
)
from qlaudit.ledgers.profiles import Profile, for_ledger
from qlaudit.ledgers.read import Sheet, SourceFile


@dataclass
class SheetChoice:
    sheet: Sheet
    header: HeaderMatch
    available: set[str]
    missing: list[str]
    analysis: dict[int, str] = field(default_factory=dict)  # grid column → code (多栏式 analysis columns)

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass
class Choice:
    profile: Profile
    reason: str
    sheets: list[SheetChoice]  # to read, in workbook order
    ignored: list[tuple[str, str]]  # (sheet name, reason)
    refused: str = ""  # why no sheet is read although one has a ledger header (a hidden sheet)


def _first_line_matches(profile: Profile, sheet: Sheet) -> bool:
    return bool(profile.first_line and sheet.head and sheet.head[0]
                and cell_text(sheet.head[0][0]).startswith(profile.first_line))


def analysis_columns(profile: Profile, sheet: Sheet, header: HeaderMatch) -> dict[int, str]:
    """多栏式 columns: under a top header cell named like the profile's [analysis] header, a label with a code."""
    if not profile.analysis_header or len(header.rows) < 2:
        return {}
    top, bottom = sheet.head[header.rows[0]], sheet.head[header.rows[1]]
    wanted = {schema.normalise_label(h) for h in profile.analysis_header}
    found: dict[int, str] = {}
    for j in range(min(len(top), len(bottom))):
        if schema.normalise_label(cell_text(top[j])) in wanted and j not in header.columns.values():
            label = cell_text(bottom[j])
            code = label.split()[0] if label and label[0].isdigit() else ""
            code = "".join(ch for ch in code if ch.isdigit()) or code
            if code:
                found[j] = code
    return found


def available_fields(profile: Profile, sheet: Sheet, header: HeaderMatch, analysis: dict[int, str]) -> set[str]:
    fields = set(header.columns)
    title_rows = sheet.head[: header.rows[0]] if header.rows else []
    fields |= set(title_fields(profile, title_rows))
    fields |= set(profile.defaults)
    if "aux" in fields:
        fields |= set(profile.aux_keys)
    fields |= {name for code, name in profile.code_name.items() if code in fields and name}
    if {"month", "day"} <= fields:
        fields.add("date")
    if "item_class" in fields or profile.kind_from_project:
        fields.add("expense_kind")
    if analysis and profile.analysis_field:
        fields.add(profile.analysis_field)
    if profile.form_initial_budget and _has_label(title_rows, profile.form_initial_budget):
        fields.add("in_initial_budget")
    return fields


def _has_label(rows: list[list[object]], labels: tuple[str, ...]) -> bool:
    wanted = {"".join(label.split()) for label in labels}
    return any("".join(cell_text(c).split(":")[0].split("：")[0].split()) in wanted for row in rows for c in row)


def header_for(profile: Profile, sheet: Sheet) -> HeaderMatch | None:
    if profile.positional:
        width = len(sheet.columns)
        return positional_header(profile, width) if width else None
    return find_header(profile, sheet.head)


def sheet_choice(profile: Profile, sheet: Sheet) -> SheetChoice | None:
    header = header_for(profile, sheet)
    if header is None:
        return None
    analysis = analysis_columns(profile, sheet, header)
    available = available_fields(profile, sheet, header, analysis)
    missing = [s.name for s in schema.columns(profile.ledger) if s.required and s.name not in available]
    return SheetChoice(sheet, header, available, missing, analysis)


def _fits(profile: Profile, choice: SheetChoice, file_name: str, canonical_complete: bool = False
          ) -> tuple[bool, list[str]]:
    """Whether a shipped profile's detect rules hold for this sheet, and the evidence in words. When the file is
    already complete under the contract, the headers alone are not enough: the title or the file name must say so
    (a canonical projects file has 一级指标/二级指标/三级指标 too)."""
    evidence: list[str] = []
    if profile.positional:
        ok = _first_line_matches(profile, choice.sheet) or profile.matches_file(file_name)
        if _first_line_matches(profile, choice.sheet):
            evidence.append(f"first line starts with {profile.first_line}")
        if profile.matches_file(file_name):
            evidence.append(f"file name matches {', '.join(profile.file_patterns)}")
        return ok, evidence
    labels = {schema.normalise_label(v) for v in choice.header.labels.values()}
    labels |= {schema.normalise_label(cell_text(c)) for r in choice.header.rows for c in choice.sheet.head[r]}
    wanted = [h for h in profile.detect_headers if schema.normalise_label(h) not in labels]
    if not profile.detect_headers or wanted:
        return False, evidence
    evidence.append("headers " + ", ".join(profile.detect_headers))
    title_text = "".join(cell_text(c) for row in choice.sheet.head[: choice.header.rows[0]] for c in row)
    hits = [t for t in profile.detect_title if t in title_text]
    if hits:
        evidence.append("title " + ", ".join(hits))
    if profile.matches_file(file_name):
        evidence.append(f"file name matches {', '.join(profile.file_patterns)}")
    if canonical_complete and len(evidence) == 1:
        return False, evidence
    return True, evidence


def _best(sheets: list[Sheet], ledger: str, file_name: str, profile: Profile | None
          ) -> tuple[Profile, list[str], list[SheetChoice]] | None:
    """The best profile for these sheets, the evidence, and its sheet choices (complete ones, or the best other)."""
    candidates = [profile] if profile is not None else for_ledger(ledger)
    best: tuple[tuple[int, ...], Profile, list[str], list[SheetChoice]] | None = None
    canonical_complete = profile is None and any(
        c is not None and c.complete for s in sheets for c in [sheet_choice(candidates[0], s)])
    for p in candidates:
        choices = [c for s in sheets if (c := sheet_choice(p, s)) is not None]
        if not choices:
            continue
        evidence: list[str] = []
        if not p.is_canonical and profile is None:
            fitting = [(c, ev) for c in choices for ok, ev in [_fits(p, c, file_name, canonical_complete)] if ok]
            if not fitting:
                continue
            choices = [c for c, _ in fitting]
            evidence = fitting[0][1]
        complete = [c for c in choices if c.complete]
        top = max(choices, key=lambda c: (c.complete, len(c.header.columns)))
        score = (1 if complete else 0, 0 if p.is_canonical else 1, len(p.detect_headers), len(top.header.columns))
        if best is None or score > best[0]:
            best = (score, p, evidence, complete or [top])
    return None if best is None else best[1:]


def choose(source: SourceFile, ledger: str, file_name: str, profile: Profile | None = None) -> Choice | None:
    """The profile and sheets to read (None when no sheet has a header for the ledger under any profile).

    Only visible sheets are read. A hidden or very hidden sheet with a ledger header is listed with a warning; when
    it is the only sheet with a complete header (a stale copy hidden behind a visible sheet that lacks a column, or
    a workbook whose ledger is hidden), the file is refused (``Choice.refused``) rather than read from the hidden
    sheet or from an incomplete visible one."""
    visible_sheets = [s for s in source.sheets if not s.hidden]
    hidden_sheets = [s for s in source.sheets if s.hidden]
    found = _best(visible_sheets, ledger, file_name, profile)
    hidden_found = _best(hidden_sheets, ledger, file_name, profile) if hidden_sheets else None
    hidden_complete = [c for c in hidden_found[2] if c.complete] if hidden_found else []
    refused = ""
    if found is None and hidden_found is None:
        return None
    if found is None or (not found[2][0].complete and hidden_complete):
        assert hidden_found is not None
        names = ", ".join(str(c.sheet.name) for c in (hidden_complete or hidden_found[2]))
        refused = f"the ledger header is on hidden sheet(s) {names} only"
        if found is not None:
            top = found[2][0]
            refused += (f"; the visible sheet {top.sheet.name} lacks " + ", ".join(top.missing))
        if found is None:
            found = hidden_found
    chosen, evidence, sheets = found
    read = [] if refused else (_same_layout(sheets) if len(sheets) > 1 else sheets)
    read_ids = {id(c.sheet) for c in read}
    ignored = []
    for s in source.sheets:
        if id(s) in read_ids:
            continue
        other = next((c for c in sheets if c.sheet is s), None) or (sheet_choice(chosen, s) if s.nrows else None)
        if other is not None and s.hidden:
            ignored.append((str(s.name), "hidden sheet with a ledger header: unhide it to read it"))
        elif other is not None and other.missing:
            ignored.append((str(s.name), "its header lacks " + ", ".join(other.missing)))
        elif other is not None:
            ignored.append((str(s.name), "its header differs from the sheets read"))
        elif s.nrows == 0:
            ignored.append((str(s.name), "empty"))
        else:
            ignored.append((str(s.name), f"no header of the {ledger} ledger in its first rows"))
    if profile is not None:
        reason = f"profile {chosen.name} ({chosen.label}) as asked"
    elif chosen.is_canonical:
        reason = "the file's headers are the qlaudit contract's (docs/data-format.md)"
    else:
        reason = f"profile {chosen.name} ({chosen.label}): " + "; ".join(evidence)
    return Choice(chosen, reason, read, ignored, refused)


def _same_layout(choices: list[SheetChoice]) -> list[SheetChoice]:
    """Several sheets with a complete header are read together when they map the same fields (one sheet per month,
    one form per project); a sheet with a different mapping is left (and listed)."""
    first = set(choices[0].available)
    return [c for c in choices if set(c.available) == first]
