"""The ``qlaudit`` command: validate, check, report, batch, replay, lint, score. The only module that prints.

Every message is looked up in the catalogue (:mod:`qlaudit.i18n`, ``qlaudit/messages.toml``): Chinese by default,
English with ``--lang en`` or ``QLAUDIT_LANG=en``. The parser lives in :mod:`qlaudit.cliargs`.

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
import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from qlaudit import i18n, terminal
from qlaudit.cliargs import argparse_in_current_language, build_parser, check_years
from qlaudit.errors import InvalidInput, QlauditError, UnitYearNotFound
from qlaudit.i18n import message
from qlaudit.paths import check_unit, check_year, confine, real_root

if TYPE_CHECKING:
    from qlaudit.report.model import ReportOptions


def _out(text: str, json_text: bool = False) -> None:
    """Standard output, control characters escaped (:mod:`qlaudit.terminal`)."""
    sys.stdout.write(terminal.safe_json(text) if json_text else terminal.safe(text))


def _say(*parts: object, err: bool = False) -> None:
    """A line to standard output (or error), control characters escaped."""
    (sys.stderr if err else sys.stdout).write(terminal.safe(" ".join(str(p) for p in parts)) + "\n")


def _options(args: argparse.Namespace) -> ReportOptions:
    import datetime as dt

    from qlaudit.report.model import ReportOptions

    if args.report_date:
        try:
            dt.date.fromisoformat(args.report_date)
        except ValueError as err:
            raise QlauditError(message("cli.report_date_invalid", text=args.report_date)) from err
    return ReportOptions(args.sample_size, args.sample_seed, args.settings, args.scoring, args.report_settings,
                         args.report_date, args.preparer, args.reviewer)


def _import(args: argparse.Namespace) -> int:
    from qlaudit.ledgers import importer, preview
    from qlaudit.ledgers.profiles import ProfileError
    from qlaudit.workbook import default_data_dir

    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise QlauditError(message("cli.import.no_such_file", files=", ".join(missing)))
    try:
        files = importer.read_sources(args.files, args.year, args.profile, args.ledger)
    except ProfileError as err:
        raise QlauditError(message("cli.import.profile_error", error=err)) from err
    result = importer.ImportResult(files)
    for item in files:
        _say(preview.render(item) if args.preview else item.record.summary())
        if not args.preview:
            if item.record.profile_reason:  # none for a file no profile recognised
                _say(message("cli.import.profile_reason", reason=item.record.profile_reason))
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
        _say(message("cli.import.refused", error=err), err=True)
        return 2
    for path in written:
        _say(message("cli.written", path=path))
    return 0


def _profile(args: argparse.Namespace) -> int:
    from qlaudit.ledgers.newprofile import draft
    from qlaudit.ledgers.read import UnreadableFile

    if not args.sample.is_file():
        raise QlauditError(message("cli.profile.no_such_file", file=args.sample))
    target = args.output or args.sample.with_name(args.sample.stem + ".profile.toml")
    if target.exists() and not args.force:
        raise QlauditError(message("cli.profile.exists", file=target))
    try:
        text, base, ledger = draft(args.sample, args.ledger, args.name)
    except (UnreadableFile, ValueError) as err:
        raise QlauditError(message("cli.profile.failed", error=getattr(err, "message", err))) from err
    target.write_text(text, encoding="utf-8")
    _say(message("cli.profile.written", target=target, ledger=ledger, base=base.name, sample=args.sample.name,
                 name=target.name))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from qlaudit.ledgers.logtext import render_log
    from qlaudit.workbook import load_workbook

    workbook = load_workbook(args.unit, args.year, args.data, strict=False)
    log = workbook.import_log
    if args.format == "json":
        _out(json.dumps(log.as_dict(), ensure_ascii=False, indent=2) + "\n", json_text=True)
    else:
        _out(render_log(log, title=message("validate.title", unit=workbook.unit.name or args.unit, year=args.year))
             + "\n")
    return 0 if log.ok else 2


def _check(args: argparse.Namespace) -> int:
    import qlaudit
    from qlaudit.findings import findings_json_utf8
    from qlaudit.workbook import load_workbook

    workbook = load_workbook(args.unit, args.year, args.data)
    findings = qlaudit.check(workbook, args.settings)
    text: str | bytes
    if args.format == "json":
        text = findings_json_utf8(args.unit, args.year, findings)  # the bytes check hashed, written as they are
    elif args.format == "csv":
        from qlaudit.report.export import findings_csv

        text = findings_csv(findings)
    else:
        text = _findings_text(findings)
    if args.output:
        _write(args.output, text, "--output")
    else:
        _out(text.decode() if isinstance(text, bytes) else text, json_text=args.format == "json")
    if args.oplog:
        _write(args.oplog, workbook.oplog.to_json(), "--oplog")
    has_error = any(f.severity == "error" for f in findings)
    return 1 if args.fail_on_error and has_error else 0


def _write(path: Path, text: str | bytes, option: str) -> None:
    """A file the user named (text as UTF-8); a folder in the way or no permission is a usage error (exit 2), not a
    traceback."""
    try:
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    except OSError as err:
        raise QlauditError(message("cli.cannot_write", option=option, path=path, reason=err.strerror)) from err


def _findings_text(findings: list) -> str:
    from qlaudit.money import format_yuan

    lines = []
    for f in findings:
        mark = "✓" if f.passed else message(f"severity.{f.severity}")
        lines.append(f"[{mark}] {f.rule} {f.title}\n    {f.explanation}")
        for e in f.evidence[:5]:
            lines.append("    · " + message("check.evidence", file=e.file, row=e.row, date=e.date, voucher=e.voucher_no,
                                           summary=e.summary, amount=format_yuan(e.amount_fen)))
        if f.evidence_rows > 5:  # evidence_rows: shown and left out (evidence_max_rows)
            lines.append("    · " + message("check.evidence_more", count=f.evidence_rows))
    counts = {s: sum(1 for f in findings if not f.passed and f.severity == s) for s in ("error", "warning", "info")}
    lines.append(message("check.summary", errors=counts["error"], warnings=counts["warning"], infos=counts["info"],
                         passed=sum(f.passed for f in findings)))
    return "\n".join(lines) + "\n"


def _replay(args: argparse.Namespace) -> int:
    from qlaudit.oplog import read_oplog
    from qlaudit.replay import replay
    from qlaudit.workbook import default_data_dir

    log = read_oplog(args.log)
    steps = replay(log, args.data or default_data_dir(), settings_path=args.settings)
    for step in steps:
        _say(message("replay.step_ok" if step.ok else "replay.step_diff", seq=step.seq, verb=step.verb,
                     detail=step.detail))
    _say(message("replay.summary", ok=sum(s.ok for s in steps), total=len(steps)))
    return 0 if steps and all(s.ok for s in steps) else 1


def _report(args: argparse.Namespace) -> int:
    from qlaudit.report.run import build_report

    result = build_report(args.unit, args.year, data_dir=args.data, out_dir=args.out, engine=args.engine,
                          options=_options(args), pdf=args.pdf)
    _say(message("report.written_pdf" if args.pdf else "report.written", path=result.html_path,
                 seconds=f"{result.seconds:.1f}"))
    return 0


def _batch(args: argparse.Namespace) -> int:
    from qlaudit.report.batch import parse_years, run_batch

    summary = run_batch(args.data, args.out, args.units, parse_years(args.years), args.jobs, args.force,
                        progress=True, options=_options(args), pdf=args.pdf,
                        scheduler=args.scheduler, province=args.province)
    for o in summary.outcomes:
        if o.status == "failed":
            _say(message("batch.failed", unit=o.unit, year=o.year, reason=o.message))
    _say(message("batch.summary", written=summary.count("written"), skipped=summary.count("skipped"),
                 failed=summary.count("failed"), index=summary.index_path))
    if summary.province is not None:  # the set-based stage (--province / --scheduler)
        province = summary.province
        for unit, year in province.mismatched:  # type: ignore[attr-defined]
            _say(message("batch.different", unit=unit, year=year))
        _say(message("batch.province", count=province.cross_unit, path=province.findings_path))  # type: ignore[attr-defined]
        if province.mismatched:  # type: ignore[attr-defined]
            return 1
    return 0 if summary.ok else 1


def _lint(args: argparse.Namespace) -> int:
    from qlaudit.lint import lint_file
    from qlaudit.lint.render import render_text, result_json

    if (args.unit is None) != (args.year is None):
        raise QlauditError(message("cli.lint.unit_year_together"))
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
#: Commands that open an existing unit-year (``import`` may create one; ``lint`` only with --unit).
OPENS_UNIT_YEAR = ("validate", "check", "report", "score", "lint")


def _skip_slow_optional_imports() -> None:
    """jsonschema (used by nbformat) imports the optional ``rfc3987_syntax`` IRI checker when installed, which
    compiles a grammar on import (about 1.5 s). Notebook validation never checks IRIs, so the command line
    declines that import; the library, imported in JupyterLab, leaves sys.modules alone."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _data_dir(args: argparse.Namespace) -> Path:
    from qlaudit.workbook import default_data_dir

    return real_root(getattr(args, "data", None) or default_data_dir())


def _check_arguments(args: argparse.Namespace) -> None:
    """Units by code or name (:mod:`qlaudit.units`, then the code by pattern), years and year lists by pattern
    (:mod:`qlaudit.paths`), and the unit-year's folder, before anything is read."""
    from qlaudit.units import resolve_unit

    if getattr(args, "unit", None) is not None:
        args.unit = check_unit(resolve_unit(args.unit, _data_dir(args), must_exist=args.command != "import"))
    if getattr(args, "year", None) is not None:
        args.year = check_year(args.year)
    if getattr(args, "units", None):
        args.units = [check_unit(resolve_unit(u, _data_dir(args))) for u in args.units]
    if getattr(args, "years", None):
        args.years = check_years(args.years)
    if args.command in OPENS_UNIT_YEAR and getattr(args, "unit", None) and getattr(args, "year", None):
        _check_unit_year(args.unit, args.year, _data_dir(args))


def _check_unit_year(unit: str, year: int, root: Path) -> None:
    """A missing year folder, said with the years there are (the loader checks again, confined)."""
    from qlaudit.workbook import available_years

    if not (root / unit / str(year)).is_dir():
        years = ", ".join(str(y) for y in available_years(unit, root)) or message("cli.none")
        raise UnitYearNotFound(message("cli.no_year", unit=unit, year=year, years=years))


def _language(argv: list[str]) -> None:
    """--lang before the parser is built (its help texts are in that language); the parser checks the value."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else argv[i + 1] if arg == "--lang" and i + 1 < len(
            argv) else None
        if value is not None:
            i18n.set_language(i18n.parse_language(value))


def main(argv: list[str] | None = None) -> int:
    _skip_slow_optional_imports()
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(None)
    _language(argv)
    parser = build_parser()
    with argparse_in_current_language():
        args = parser.parse_args(argv)
    try:
        _check_arguments(args)
        return COMMANDS[args.command](args)
    except InvalidInput as err:
        log = err.import_log
        _say(message("cli.invalid_input", unit=getattr(args, "unit", ""), year=getattr(args, "year", ""),
                     count=len(log.errors)), err=True)
        for issue in log.errors[:50]:
            _say(f"  {issue}", err=True)
        if len(log.errors) > 50:
            _say(message("cli.invalid_more", count=len(log.errors) - 50), err=True)
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
        _say(message("cli.internal_error", kind=type(err).__name__, error=err), err=True)
        return 3


def run() -> None:
    """The ``qlaudit`` command (console script): :func:`main` in a process of its own, with settings that only a
    process of its own may take (:func:`_settle_process`, each measured with perf or interleaved runs of ``check``),
    and without the cyclic garbage collector's final passes (``gc.freeze``: at exit the interpreter would walk every
    object pandas and the rest left alive once more, 2–3 % of ``check`` on 10^5 lines; the operating system frees the
    memory anyway). ``main()`` called in another program's process changes none of this."""
    _settle_process()
    code = main()
    gc.freeze()
    sys.exit(code)


PR_SET_THP_DISABLE = 41  # linux/prctl.h


def _settle_process() -> None:
    """Process settings of the command, inherited by the processes it starts (report kernels, batch workers):

    - numpy's OpenBLAS on one thread (``OPENBLAS_NUM_THREADS``, unless set): qlaudit does no linear algebra, and
      OpenBLAS's idle threads spin for about 0.1 s of CPU after numpy starts (3 % of ``check`` on 10^5 lines);
      ``import qlaudit.cli`` loads no numpy (``qlaudit/__init__.py``), so the setting still takes effect.
    - on Linux, no transparent huge pages for this process (``prctl(PR_SET_THP_DISABLE)``): the allocators of Arrow
      and DuckDB ask for them, and each 2 MiB page is zeroed when first touched, for buffers that live a moment;
      at 10^6 lines that was a quarter of the system time (``check``: 0.6 s less system CPU, 0.7 s less in all,
      median of 5 interleaved runs each; no change at 10^5)."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl in this C library: the default pages
            pass


if __name__ == "__main__":
    run()
