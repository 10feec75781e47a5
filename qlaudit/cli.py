"""The ``qlaudit`` command: validate, check, report, batch, replay, lint, score. The only module that prints.

Exit codes: 0 success; 1 findings of error severity (``check --fail-on-error``, ``lint``), a failed report or batch,
a replay that does not reproduce; 2 invalid input or usage error (``lint``: a report that cannot be read; a file or
folder that cannot be read or written); 3 internal error (a bug: one line, the traceback with QLAUDIT_DEBUG=1); 130
interrupted. One ``except`` site turns library errors into a one-line message.

Unit codes, years and year ranges are checked by pattern before anything is read (:mod:`qlaudit.paths`). Everything
printed passes through :mod:`qlaudit.terminal`: control characters from ledger text, file names or report quotes are
shown as escapes, never sent to the terminal raw (JSON keeps its meaning with ``\\u`` escapes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from qlaudit import terminal
from qlaudit.errors import InvalidInput, QlauditError
from qlaudit.paths import check_unit, check_year, confine, real_root

if TYPE_CHECKING:
    from qlaudit.report.model import ReportOptions

EXAMPLES = {
    "validate": "example: qlaudit validate --unit lusong-qiaolian --year 2021",
    "check": "example: qlaudit check --unit lusong-qiaolian --year 2021 --format json > findings.json",
    "report": "example: qlaudit report --unit lusong-qiaolian --year 2021 --out reports",
    "batch": "example: qlaudit batch --years 2019-2023 --jobs 2",
    "replay": "example: qlaudit replay reports/lusong-qiaolian/2021/oplog.json",
    "lint": "example: qlaudit lint data/lusong-qiaolian/2021/self_evaluation.txt --unit lusong-qiaolian --year 2021",
    "score": "example: qlaudit score --unit lusong-qiaolian --year 2021 --format json",
}


def _out(text: str, json_text: bool = False) -> None:
    """Standard output, control characters escaped (:mod:`qlaudit.terminal`)."""
    sys.stdout.write(terminal.safe_json(text) if json_text else terminal.safe(text))


def _say(*parts: object, err: bool = False) -> None:
    """A line to standard output (or error), control characters escaped."""
    (sys.stderr if err else sys.stdout).write(terminal.safe(" ".join(str(p) for p in parts)) + "\n")


def _positive(upper: int):  # type: ignore[no-untyped-def]
    def number(text: str) -> int:
        if not text.strip().isdigit() or not 1 <= int(text) <= upper:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to {upper}")
        return int(text)

    return number


def _count(upper: int):  # type: ignore[no-untyped-def]
    def number(text: str) -> int:
        if not text.strip().isdigit() or int(text) > upper:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 0 to {upper}")
        return int(text)

    return number


def _unit_year(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", required=True, help="unit code = folder name under the data folder, e.g. lusong-qiaolian")
    parser.add_argument("--year", required=True, help="budget year, e.g. 2021")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: ./data or $QLAUDIT_DATA)")


def _report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--settings", default="", help="a TOML file of rule thresholds merged over qlaudit/settings.toml")
    parser.add_argument("--scoring", default="", help="a TOML file of scoring rules merged over qlaudit/scoring.toml")
    parser.add_argument("--sample-size", type=_count(100_000), default=10,
                        help="vouchers in the monetary-unit sample (default 10)")
    parser.add_argument("--sample-seed", type=_count(2**32 - 1), default=None, help="seed of the sample (default: the year)")
    parser.add_argument("--report-settings", default="",
                        help="a TOML file of report texts (basis documents per province, …) merged over qlaudit/report/report.toml")
    parser.add_argument("--report-date", default="", help="date on the cover, YYYY-MM-DD (default: today)")
    parser.add_argument("--preparer", default="", help="编制人 of the working papers (default: a blank to fill in)")
    parser.add_argument("--reviewer", default="", help="复核人 of the working papers (default: a blank to fill in)")
    parser.add_argument("--pdf", action="store_true",
                        help="also write report.pdf and workpapers.pdf (A4, headless Chromium)")


def check_years(text: str) -> str:
    """A --years value: years (four digits) and ranges, e.g. 2019-2023 or 2021,2023; at most 200 years."""
    import re

    if not re.fullmatch(r"\d{4}(-\d{4})?(,\d{4}(-\d{4})?)*", text.replace(" ", "")):
        raise QlauditError(f"--years {text!r} is not a list of years such as 2019-2023 or 2021,2023")
    count = 0
    for part in text.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        check_year(first)
        if last:
            check_year(last)
            if int(last) < int(first):
                raise QlauditError(f"--years {part}: the range ends before it starts")
        count += int(last or first) - int(first) + 1
    if count > 200:
        raise QlauditError(f"--years {text!r} names {count} years; at most 200")
    return text.replace(" ", "")


def _options(args: argparse.Namespace) -> ReportOptions:
    import datetime as dt

    from qlaudit.report.model import ReportOptions

    if args.report_date:
        try:
            dt.date.fromisoformat(args.report_date)
        except ValueError as err:
            raise QlauditError(f"--report-date {args.report_date!r} is not a date (YYYY-MM-DD)") from err
    return ReportOptions(args.sample_size, args.sample_seed, args.settings, args.scoring, args.report_settings,
                         args.report_date, args.preparer, args.reviewer)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qlaudit",
        description="Offline audit workbook for budget performance self-evaluations (部门整体支出绩效自评).",
        epilog="Run `qlaudit COMMAND --help` for each command. Data format: docs/data-format.md",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    fmt = argparse.RawDescriptionHelpFormatter

    p = sub.add_parser("validate", help="read the three ledgers and print the import log",
                       description="Read a unit-year's ledgers and print the import log: every row kept, "
                       "normalised (warning) or rejected (error with file, row, column, value and hint).\n"
                       "Exit 0 when valid, 2 when any input error.", epilog=EXAMPLES["validate"], formatter_class=fmt)
    _unit_year(p)
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("check", help="run the reconciliation and audit rules, print the findings",
                       description="Reconcile the ledgers of a unit-year and print the findings.\n"
                       "JSON: {\"unit\", \"year\", \"findings\": [{\"rule\", \"severity\", \"title\", \"amounts\", "
                       "\"evidence\", …}]} with amounts in 元 as exact decimal strings.\n"
                       "Exit 0 (1 with --fail-on-error when an error finding exists; 2 on invalid input).",
                       epilog=EXAMPLES["check"], formatter_class=fmt)
    _unit_year(p)
    p.add_argument("--format", choices=("text", "json", "csv"), default="text",
                   help="text (default), json, or csv (UTF-8 with BOM for Excel, safe against formula injection)")
    p.add_argument("--output", type=Path, default=None, help="write to this file instead of standard output")
    p.add_argument("--settings", type=Path, default=None,
                   help="a TOML file of thresholds merged over qlaudit/settings.toml")
    p.add_argument("--oplog", type=Path, default=None, help="write the operation log (JSON) here, for `qlaudit replay`")
    p.add_argument("--fail-on-error", action="store_true", help="exit 1 when a finding has error severity")

    p = sub.add_parser("replay", help="re-run an operation log and confirm the results are the same",
                       description="Re-run every operation of an operation log (written by `qlaudit check --oplog` "
                       "or beside a report as oplog.json) on the data folder, and compare each result's SHA-256.\n"
                       "Exit 0 when every step reproduces, 1 otherwise.", epilog=EXAMPLES["replay"], formatter_class=fmt)
    p.add_argument("log", type=Path, help="oplog.json")
    p.add_argument("--data", type=Path, default=None, help="data folder (default: ./data or $QLAUDIT_DATA)")
    p.add_argument("--settings", type=Path, default=None,
                   help="the settings file the logged check used (never read from the log itself)")

    p = sub.add_parser("report", help="write the self-evaluation report and the working papers of a unit-year",
                       description="Execute the report notebook (qlaudit/report/notebooks/annual_report.ipynb) with "
                       "papermill for a unit-year and export it to HTML without code.\nWrites OUT/UNIT/YEAR/report.html "
                       "(the publishable self-evaluation report), workpapers.html and findings.xlsx (审计工作底稿), "
                       "report.txt, the executed report.ipynb and, with --pdf, report.pdf and workpapers.pdf.\n"
                       "Exit 1 when the consistency gate fails (the reasons are printed; the previous report stays).",
                       epilog=EXAMPLES["report"], formatter_class=fmt)
    _unit_year(p)
    p.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: reports)")
    p.add_argument("--engine", choices=("inprocess", "kernel"), default="inprocess",
                   help="run the notebook in this process (default, fast) or in a Jupyter kernel")
    _report_options(p)

    p = sub.add_parser("batch", help="write the reports of many unit-years in parallel, skipping unchanged ones",
                       description="Run every unit-year's report in a process pool (HTML is exported by the driver), "
                       "skip unit-years whose inputs, notebook, qlaudit and parameters are unchanged since the last "
                       "run, go on past failures and write OUT/index.html.\nExit 0 when all succeeded, 1 otherwise.",
                       epilog=EXAMPLES["batch"], formatter_class=fmt)
    p.add_argument("--units", nargs="+", default=None, help="unit codes (default: every unit in the data folder)")
    p.add_argument("--years", default=None, help="years, e.g. 2019-2023 or 2021,2023 (default: every year found)")
    p.add_argument("--jobs", type=_positive(64), default=2, help="worker processes (default: 2)")
    p.add_argument("--data", type=Path, default=None, help="data folder (default: ./data or $QLAUDIT_DATA)")
    p.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: reports)")
    p.add_argument("--force", action="store_true", help="rebuild even unchanged unit-years")
    _report_options(p)
    # Scale (docs/scale.md): run the unit-years on a Dask cluster; the set-based stage over all of them at once.
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                   help="fan the unit-years out to this Dask distributed scheduler (workers share the data and "
                        "output folders) instead of the local pool; implies --province")
    p.add_argument("--province", action="store_true",
                   help="also run the rules once over all selected unit-years from a Parquet store (OUT/_store): "
                        "cross-unit findings in OUT/province/, each report's findings checked against the store's")

    p = sub.add_parser("lint", help="check a unit's self-evaluation report against itself (and the ledgers)",
                       description="Read the unit's report (.txt in UTF-8 or GB18030, .md, .docx, .doc, .wps, .pdf with "
                       "a text layer, .html), extract its figures and score tables and check them against each other; "
                       "with --unit and --year also against the ledgers.\n"
                       "JSON: {\"unit\", \"year\", \"findings\": [...]} as for `check` (unit/year null when not given).\n"
                       "Exit 0 when no error finding, 1 when there is one, 2 when the report cannot be read.",
                       epilog=EXAMPLES["lint"], formatter_class=fmt)
    p.add_argument("report", type=Path, metavar="REPORT", help="the report file")
    p.add_argument("--unit", default=None, help="unit code: compare with its ledgers (needs --year)")
    p.add_argument("--year", default=None, help="budget year (needs --unit)")
    p.add_argument("--data", type=Path, default=None, help="data folder (default: ./data or $QLAUDIT_DATA)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--verbose", action="store_true", help="also list the checks that passed")
    p.add_argument("--vocabulary", type=Path, default=None, metavar="TOML",
                   help="a province's own words, added to qlaudit/lint/vocabulary.toml (same tables)")

    _score_parser(sub, fmt)
    _add_import_commands(sub, fmt)
    return parser


def _score_parser(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser("score", help="score the unit (部门整体支出绩效自评表) and every project (自评表)",
                       description="Score a unit-year from its ledgers: the unit-level 共性指标 (预算执行率, 预算调整率, "
                       "结转结余率, 支付进度, 在职人员控制率, 三公经费变动率, 公用经费控制率, 政府采购执行率, 资金使用合规性) and "
                       "the project part, then every project's execution and indicator points.\n"
                       "JSON: {\"unit\", \"year\", \"unit_score\": {\"total\", \"grade\", \"indicators\": [...]}, "
                       "\"projects\": [...]} with points and rates as decimal strings (rates in percent).\n"
                       "Exit 0; 2 on invalid input or scoring settings.", epilog=EXAMPLES["score"], formatter_class=fmt)
    _unit_year(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--scoring", type=Path, default=None,
                   help="a TOML file of scoring rules merged over qlaudit/scoring.toml")
    p.add_argument("--settings", type=Path, default=None,
                   help="a TOML file of rule thresholds merged over qlaudit/settings.toml (findings, 三公 codes)")


# --- import and profile (issue 8) ------------------------------------------------------------------------------


IMPORT_EXAMPLES = {
    "import": "examples:\n  qlaudit import 明细账_7201事业支出_2021.xlsx 指标台账_2021.xls --unit lusong-qiaolian --year 2021 "
              "--preview\n  qlaudit import 凭证.csv --unit lusong-qiaolian --year 2021 --profile czyth-voucher",
    "profile": "example: qlaudit profile new 明细账_7201事业支出_2021.xlsx --ledger expenditures",
}


def _add_import_commands(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    from qlaudit.ledgers.profiles import shipped

    names = ", ".join(p.name for p in shipped())
    p = sub.add_parser("import", help="read finance-system exports and write the canonical ledgers of a unit-year",
                       description="Read source exports (用友, 一体化, 久其, GB/T 24589 … or your own profile), say which "
                       "profile each file got and why, and write data/UNIT/YEAR/<ledger>.csv plus imports.json (source "
                       "SHA-256 and profile). The source files are only read. --preview writes nothing and shows the "
                       "first rows as mapped, the columns not used, the rows set aside by kind with their totals and "
                       "the control totals (per month, per account, the file's own total rows, the running balance)."
                       f"\nShipped profiles: canonical, {names}.\nExit 0 when every file loads without an error "
                       "(and, without --preview, was written), 2 otherwise.",
                       epilog=IMPORT_EXAMPLES["import"], formatter_class=fmt)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="export files (.xlsx, .xls, .csv, .txt)")
    _unit_year(p)
    p.add_argument("--profile", default=None, help="profile name or .toml/.yaml file (default: detected per file)")
    p.add_argument("--ledger", choices=("appropriations", "expenditures", "projects"), default=None,
                   help="the ledger the files hold (default: detected)")
    p.add_argument("--preview", action="store_true", help="show what would be imported; write nothing")
    p.add_argument("--force", action="store_true", help="replace existing canonical files of the unit-year")

    p = sub.add_parser("profile", help="import profiles: write a starting profile from a sample export",
                       description="`qlaudit profile new SAMPLE` reads a sample export, finds its header and writes a "
                       "starting import profile (TOML) beside it, with every column named; edit it, then name it in "
                       "unit.yaml (profile: {expenditures: FILE}) or pass it to `qlaudit import --profile FILE`.",
                       epilog=IMPORT_EXAMPLES["profile"], formatter_class=fmt)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    new = actions.add_parser("new", help="write a starting profile from a sample file", epilog=IMPORT_EXAMPLES["profile"])
    new.add_argument("sample", type=Path, metavar="SAMPLE_FILE")
    new.add_argument("--ledger", choices=("appropriations", "expenditures", "projects"), default=None)
    new.add_argument("--name", default=None, help="profile name (default: the sample's name + -profile)")
    new.add_argument("--output", type=Path, default=None, help="where to write (default: SAMPLE.profile.toml beside it)")
    new.add_argument("--force", action="store_true", help="replace an existing profile file")


def _import(args: argparse.Namespace) -> int:
    from qlaudit.ledgers import importer, preview
    from qlaudit.ledgers.profiles import ProfileError
    from qlaudit.workbook import default_data_dir

    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise QlauditError(f"import: no such file: {', '.join(missing)}")
    try:
        files = importer.read_sources(args.files, args.year, args.profile, args.ledger)
    except ProfileError as err:
        raise QlauditError(f"import: {err}") from err
    result = importer.ImportResult(files)
    for item in files:
        _say(preview.render(item) if args.preview else item.record.summary())
        if not args.preview:
            _say(f"  profile: {item.record.profile_reason}")
            for issue in item.record.errors[:20]:
                _say(f"  {issue}")
    if args.preview:
        return 0 if result.ok else 2
    root = real_root(args.data or default_data_dir())
    year_dir = root / args.unit / str(args.year)
    if year_dir.exists() or year_dir.is_symlink():
        confine(root, year_dir, f"{args.unit}/{args.year}")  # writes only inside the data folder
    try:
        written = importer.write_canonical(result, year_dir, args.force)
    except importer.ImportRefused as err:
        _say(f"qlaudit: import: {err}", err=True)
        return 2
    for path in written:
        _say(f"written: {path}")
    return 0


def _profile(args: argparse.Namespace) -> int:
    from qlaudit.ledgers.newprofile import draft
    from qlaudit.ledgers.read import UnreadableFile

    if not args.sample.is_file():
        raise QlauditError(f"profile new: no such file: {args.sample}")
    target = args.output or args.sample.with_name(args.sample.stem + ".profile.toml")
    if target.exists() and not args.force:
        raise QlauditError(f"profile new: {target} exists (use --force to replace it)")
    try:
        text, base, ledger = draft(args.sample, args.ledger, args.name)
    except (UnreadableFile, ValueError) as err:
        raise QlauditError(f"profile new: {getattr(err, 'message', err)}") from err
    target.write_text(text, encoding="utf-8")
    _say(f"written: {target} ({ledger}, started from profile {base.name}); edit it, then: qlaudit import "
         f"{args.sample.name} --profile {target.name} --unit UNIT --year YEAR --preview")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from qlaudit.workbook import load_workbook

    workbook = load_workbook(args.unit, args.year, args.data, strict=False)
    log = workbook.import_log
    if args.format == "json":
        _out(json.dumps(log.as_dict(), ensure_ascii=False, indent=2) + "\n", json_text=True)
    else:
        _out(log.render_text() + "\n")
    return 0 if log.ok else 2


def _check(args: argparse.Namespace) -> int:
    import qlaudit
    from qlaudit.findings import findings_json
    from qlaudit.report.export import findings_csv
    from qlaudit.workbook import load_workbook

    workbook = load_workbook(args.unit, args.year, args.data)
    findings = qlaudit.check(workbook, args.settings)
    if args.format == "json":
        text = findings_json(args.unit, args.year, findings)
    elif args.format == "csv":
        text = findings_csv(findings)
    else:
        text = _findings_text(findings)
    if args.output:
        _write(args.output, text, "--output")
    else:
        _out(text, json_text=args.format == "json")
    if args.oplog:
        _write(args.oplog, workbook.oplog.to_json(), "--oplog")
    has_error = any(f.severity == "error" for f in findings)
    return 1 if args.fail_on_error and has_error else 0


def _write(path: Path, text: str, option: str) -> None:
    """A file the user named; a folder in the way or no permission is a usage error (exit 2), not a traceback."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise QlauditError(f"{option} {path}: cannot write ({err.strerror})") from err


def _findings_text(findings: list) -> str:
    from qlaudit.findings import SEVERITY_LABELS
    from qlaudit.money import format_yuan

    lines = []
    for f in findings:
        mark = "✓" if f.passed else SEVERITY_LABELS[f.severity]
        lines.append(f"[{mark}] {f.rule} {f.title}\n    {f.explanation}")
        for e in f.evidence[:5]:
            lines.append(f"    · {e.file} 行{e.row} {e.date} {e.voucher_no} {e.summary} {format_yuan(e.amount_fen)} 元")
        if f.evidence_rows > 5:  # evidence_rows: shown and left out (evidence_max_rows)
            lines.append(f"    · … 共 {f.evidence_rows} 行")
    return "\n".join(lines) + "\n"


def _replay(args: argparse.Namespace) -> int:
    from qlaudit.oplog import read_oplog
    from qlaudit.replay import replay
    from qlaudit.workbook import default_data_dir

    log = read_oplog(args.log)
    steps = replay(log, args.data or default_data_dir(), settings_path=args.settings)
    for step in steps:
        _say(f"{'ok  ' if step.ok else 'DIFF'} {step.seq}. {step.verb}: {step.detail}")
    _say(f"{sum(s.ok for s in steps)} of {len(steps)} operations reproduced")
    return 0 if steps and all(s.ok for s in steps) else 1


def _report(args: argparse.Namespace) -> int:
    from qlaudit.report.run import build_report

    result = build_report(args.unit, args.year, data_dir=args.data, out_dir=args.out, engine=args.engine,
                          options=_options(args), pdf=args.pdf)
    _say(f"report written: {result.html_path} (working papers: workpapers.html, findings.xlsx"
         f"{'; PDF: report.pdf, workpapers.pdf' if args.pdf else ''}) ({result.seconds:.1f} s)")
    return 0


def _batch(args: argparse.Namespace) -> int:
    from qlaudit.report.batch import parse_years, run_batch

    summary = run_batch(args.data, args.out, args.units, parse_years(args.years), args.jobs, args.force,
                        progress=True, options=_options(args), pdf=args.pdf,
                        scheduler=args.scheduler, province=args.province)
    for o in summary.outcomes:
        if o.status == "failed":
            _say(f"FAILED {o.unit} {o.year}: {o.message}")
    _say(f"{summary.count('written')} written, {summary.count('skipped')} skipped (unchanged), "
         f"{summary.count('failed')} failed; index: {summary.index_path}")
    if summary.province is not None:  # the set-based stage (--province / --scheduler)
        province = summary.province
        for unit, year in province.mismatched:  # type: ignore[attr-defined]
            _say(f"DIFFERENT {unit} {year}: the report's findings differ from the store's")
        _say(f"province: {province.cross_unit} cross-unit finding(s) in {province.findings_path}")  # type: ignore[attr-defined]
        if province.mismatched:  # type: ignore[attr-defined]
            return 1
    return 0 if summary.ok else 1


def _lint(args: argparse.Namespace) -> int:
    from qlaudit.lint import lint_file
    from qlaudit.lint.render import render_text, result_json

    if (args.unit is None) != (args.year is None):
        raise QlauditError("lint: --unit and --year go together (both to compare with the ledgers, or neither)")
    workbook = None
    if args.unit is not None:
        from qlaudit.workbook import load_workbook

        workbook = load_workbook(args.unit, args.year, args.data)
    vocabulary_file = str(args.vocabulary) if args.vocabulary is not None else None
    result = lint_file(args.report, workbook, vocabulary_file=vocabulary_file)
    if args.format == "json":
        _out(result_json(args.unit, args.year, result.findings), json_text=True)
    else:
        _out(render_text(result, str(args.report), verbose=args.verbose))
    return 1 if result.has_error else 0


def _score(args: argparse.Namespace) -> int:
    import qlaudit
    from qlaudit.scoring import load_settings, score_unit
    from qlaudit.scoring.output import score_json, score_text
    from qlaudit.settings import load_settings as load_rule_settings
    from qlaudit.workbook import load_workbook

    scoring, rules = load_settings(args.scoring), load_rule_settings(args.settings)
    workbook = load_workbook(args.unit, args.year, args.data)
    score = score_unit(workbook, scoring, qlaudit.check(workbook, args.settings), rule_settings=rules)
    _out(score_json(args.unit, args.year, score) if args.format == "json" else score_text(score),
         json_text=args.format == "json")
    return 0


COMMANDS = {"validate": _validate, "check": _check, "report": _report, "batch": _batch, "replay": _replay,
            "lint": _lint, "score": _score, "import": _import, "profile": _profile}


def _skip_slow_optional_imports() -> None:
    """jsonschema (used by nbformat) imports the optional ``rfc3987_syntax`` IRI checker when installed, which
    compiles a grammar on import (about 1.5 s). Notebook validation never checks IRIs, so the command line
    declines that import; the library, imported in JupyterLab, leaves sys.modules alone."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _check_arguments(args: argparse.Namespace) -> None:
    """Unit codes, years and year lists by pattern (:mod:`qlaudit.paths`), before anything is read."""
    if getattr(args, "unit", None) is not None:
        args.unit = check_unit(args.unit)
    if getattr(args, "year", None) is not None:
        args.year = check_year(args.year)
    if getattr(args, "units", None):
        args.units = [check_unit(u) for u in args.units]
    if getattr(args, "years", None):
        args.years = check_years(args.years)


def main(argv: list[str] | None = None) -> int:
    _skip_slow_optional_imports()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _check_arguments(args)
        return COMMANDS[args.command](args)
    except InvalidInput as err:
        _say(f"qlaudit: {err}", err=True)
        for issue in err.import_log.errors[:50]:
            _say(f"  {issue}", err=True)
        if len(err.import_log.errors) > 50:
            _say(f"  … {len(err.import_log.errors) - 50} more; run `qlaudit validate`", err=True)
        return err.exit_code
    except QlauditError as err:
        _say(f"qlaudit: {err}", err=True)
        return err.exit_code
    except OSError as err:  # the machine, not qlaudit: a file or folder that cannot be read or written
        if os.environ.get("QLAUDIT_DEBUG"):
            raise
        _say(f"qlaudit: {err.filename or ''}: {err.strerror or err}", err=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug: one line for the user, the traceback on request
        if os.environ.get("QLAUDIT_DEBUG"):
            raise
        _say(f"qlaudit: internal error: {type(err).__name__}: {err} (set QLAUDIT_DEBUG=1 for the traceback)", err=True)
        return 3


if __name__ == "__main__":
    sys.exit(main())
