"""``qlaudit profile new SAMPLE``: a starting import profile (TOML) written from a sample export.

The sample is read like any ledger file; the layout that fits best (a shipped profile, or the contract's aliases)
gives the header and the mapping found. The draft names every column of the sample — mapped ones under
``[columns]`` with the label as written, the others in a comment — and, for each required column that was not
found, a commented line to fill in. Settings of the shipped profile it started from (code+name cells, 辅助项 keys,
defaults, 支出类型 rule, expenditure accounts) are copied so that the user edits rather than writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qlaudit.ledgers import detect, schema
from qlaudit.ledgers.header import cell_text
from qlaudit.ledgers.profiles import Profile
from qlaudit.ledgers.read import read_file


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def draft(path: Path, ledger: str | None = None, name: str | None = None) -> tuple[str, Profile, str]:
    """The TOML text of a starting profile, the profile it started from and the ledger."""
    source = read_file(path)
    best: tuple[tuple[int, int], detect.Choice, str] | None = None
    for which in ([ledger] if ledger else list(schema.LEDGERS)):
        choice = detect.choose(source, which, path.name)
        if choice is None or not choice.sheets:
            continue
        top = choice.sheets[0]
        score = (1 if top.complete else 0, len(top.header.columns))
        if best is None or score > best[0]:
            best = (score, choice, which)
    if best is None:
        raise ValueError(f"{path.name}: no header row found under any ledger; name the columns by hand in a profile "
                         "(see docs/data-format.md, Import profiles)")
    _, choice, which = best
    base, sheet = choice.profile, choice.sheets[0]
    header = sheet.header
    labels = {j: " ".join(cell_text(sheet.sheet.head[r][j]) for r in header.rows if j < len(sheet.sheet.head[r])
                          and cell_text(sheet.sheet.head[r][j])).strip() for j in range(len(sheet.sheet.columns))}
    used = {j: f for f, j in header.columns.items()}
    profile_name = name or f"{path.stem}-profile"
    out = [f"# Import profile drafted by `qlaudit profile new` from {path.name} (sheet {sheet.sheet.name or '-'}).",
           f"# Started from: {base.name} ({base.label}). Check every line; see docs/data-format.md, Import profiles.",
           f"name = {_q(profile_name)}", f"label = {_q(profile_name)}", f"ledger = {_q(which)}",
           f"contract_aliases = {'true' if base.contract_aliases else 'false'}"]
    if base.date_format:
        out.append(f"date_format = {_q(base.date_format)}")
    distinctive = [header.labels[j] for j in sorted(used) if header.labels.get(j)][:6]
    out += ["", "[detect]", f"headers = {_list(distinctive)}",
            f"files = {_list([path.stem.rstrip('0123456789_-') + '*' + path.suffix])}"]
    if base.first_line:
        out += ["", "[text]", f"first_line = {_q(base.first_line)}", f"positional = {_list(base.positional)}"]
    out += ["", "[columns]"]
    for j in sorted(used):
        out.append(f"{used[j]} = {_list([header.labels.get(j) or labels[j]])}")
    missing = [s for s in schema.columns(which) if s.required and s.name not in sheet.available]
    for spec in missing:
        out.append(f"# {spec.name} = [\"…\"]  # required ({spec.meaning}): the column that holds it, or a [defaults] "
                   "value")
    unused = [labels[j] for j in range(len(sheet.sheet.columns)) if j not in used and labels.get(j)]
    if unused:
        out.append(f"# columns of the sample not used: {', '.join(unused)}")
    sections: dict[str, dict[str, Any]] = {"code_name": dict(base.code_name),
                "title": {k: list(v) for k, v in base.title.items()},
                "defaults": dict(base.defaults)}
    for title, values in sections.items():
        if values:
            out += ["", f"[{title}]"]
            out += [f"{k} = {_list(v) if isinstance(v, list) else _q(v)}" for k, v in values.items()]
    if base.aux_keys:
        out += ["", "[aux]", f"style = {_q(base.aux_style)}", "", "[aux.keys]"]
        out += [f"{k} = {_list(v)}" for k, v in base.aux_keys.items()]
    if base.analysis_header:
        out += ["", "[analysis]", f"header = {_list(base.analysis_header)}", f"field = {_q(base.analysis_field)}"]
    if base.kind_from_project or base.item_class or base.project_only:
        out += ["", "[expense_kind]"]
        if base.kind_from_project:
            out.append('from = "project_code"')
        if base.project_only:
            out.append('project_codes = "project_lines_only"')
        if base.item_class_ambiguous:
            out.append(f"ambiguous = {_list(base.item_class_ambiguous)}")
        if base.item_class:
            out += ["", "[expense_kind.item_class]", *(f"{_q(k)} = {_q(v)}" for k, v in base.item_class)]
    for field_name, lookup in base.lookups.items():
        out += ["", f"[lookups.{field_name}]", *(f"{k} = {_q(v)}" for k, v in lookup.items())]
    if which == "expenditures":
        out += ["", "[accounts]", f"expenditure = {_list(base.expenditure_accounts)}",
                f"expenditure_before_2019 = {_list(base.expenditure_accounts_before_2019)}"]
    return "\n".join(out) + "\n", base, which
