"""The ``qlaudit`` command line's arguments: the parser, its help texts (from the message catalogue, in the current
language) and the checks of option values that argparse cannot express. No command runs here (:mod:`qlaudit.cli`).
"""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from qlaudit import __version__
from qlaudit.errors import QlauditError
from qlaudit.i18n import message
from qlaudit.paths import check_year

LEDGERS = ("appropriations", "expenditures", "projects")


# argparse's own messages (its gettext ids) → the catalogue's keys: the errors argparse prints itself (a value not
# among the choices, a missing or unknown argument) in the reader's language; others stay as argparse writes them.
ARGPARSE_MESSAGES = {
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "the following arguments are required: %s": "cli.argparse.required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "not allowed with argument %s": "cli.argparse.not_allowed",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
}


@contextlib.contextmanager
def argparse_in_current_language() -> Iterator[None]:
    """argparse's messages from the catalogue inside the block (argparse looks them up through its module's ``_``
    each time; the original is put back after)."""
    original: Callable[[str], str] = argparse._  # type: ignore[attr-defined]  # argparse's private gettext hook

    def translated(text: str) -> str:
        return message(ARGPARSE_MESSAGES[text]) if text in ARGPARSE_MESSAGES else original(text)

    argparse._ = translated  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, message("cli.usage_prefix") if prefix is None else prefix)


def _parser(parent: argparse._SubParsersAction | None, name: str, **kwargs: object) -> argparse.ArgumentParser:
    """A (sub)parser whose section titles and -h help are in the current language."""
    kwargs.setdefault("formatter_class", _Formatter)
    parser = (parent.add_parser(name, add_help=False, **kwargs) if parent is not None  # type: ignore[arg-type]
              else argparse.ArgumentParser(prog=name, add_help=False, **kwargs))  # type: ignore[arg-type]
    parser._positionals.title = message("cli.positionals")
    parser._optionals.title = message("cli.optionals")
    parser.add_argument("-h", "--help", action="help", help=message("cli.help"))
    return parser


def _positive(upper: int):  # type: ignore[no-untyped-def]
    def number(text: str) -> int:
        if not text.strip().isdigit() or not 1 <= int(text) <= upper:
            raise argparse.ArgumentTypeError(message("cli.not_whole_number", text=text, low=1, high=upper))
        return int(text)

    return number


def _count(upper: int):  # type: ignore[no-untyped-def]
    def number(text: str) -> int:
        if not text.strip().isdigit() or int(text) > upper:
            raise argparse.ArgumentTypeError(message("cli.not_whole_number", text=text, low=0, high=upper))
        return int(text)

    return number


def _data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help=message("cli.opt.data"))


def _unit_year(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", required=True, help=message("cli.opt.unit"))
    parser.add_argument("--year", required=True, help=message("cli.opt.year"))
    _data(parser)


def _report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--settings", default="", help=message("cli.opt.settings"))
    parser.add_argument("--scoring", default="", help=message("cli.opt.scoring"))
    parser.add_argument("--sample-size", type=_count(100_000), default=10, help=message("cli.opt.sample_size"))
    parser.add_argument("--sample-seed", type=_count(2**32 - 1), default=None, help=message("cli.opt.sample_seed"))
    parser.add_argument("--report-settings", default="", help=message("cli.opt.report_settings"))
    parser.add_argument("--report-date", default="", help=message("cli.opt.report_date"))
    parser.add_argument("--preparer", default="", help=message("cli.opt.preparer"))
    parser.add_argument("--reviewer", default="", help=message("cli.opt.reviewer"))
    parser.add_argument("--pdf", action="store_true", help=message("cli.opt.pdf"))


def _command(sub: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser:
    return _parser(sub, name, help=message(f"cli.{name}.help"), description=message(f"cli.{name}.description"),
                   epilog=message(f"cli.{name}.example"))


def build_parser() -> argparse.ArgumentParser:
    parser = _parser(None, "qlaudit", description=message("cli.description"), epilog=message("cli.epilog"))
    parser.add_argument("--version", action="version", version=f"qlaudit {__version__}",
                        help=message("cli.opt.version"))
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help=message("cli.opt.lang"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title=message("cli.commands"))

    p = _command(sub, "validate")
    _unit_year(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help=message("cli.opt.format_text_json"))

    p = _command(sub, "check")
    _unit_year(p)
    p.add_argument("--format", choices=("text", "json", "csv"), default="text", help=message("cli.opt.format_check"))
    p.add_argument("--output", type=Path, default=None, help=message("cli.opt.output"))
    p.add_argument("--settings", type=Path, default=None, help=message("cli.opt.settings"))
    p.add_argument("--oplog", type=Path, default=None, help=message("cli.opt.oplog"))
    p.add_argument("--fail-on-error", action="store_true", help=message("cli.opt.fail_on_error"))

    p = _command(sub, "replay")
    p.add_argument("log", type=Path, help="oplog.json")
    _data(p)
    p.add_argument("--settings", type=Path, default=None, help=message("cli.opt.replay_settings"))

    p = _command(sub, "report")
    _unit_year(p)
    p.add_argument("--out", type=Path, default=Path("reports"), help=message("cli.opt.out"))
    p.add_argument("--engine", choices=("inprocess", "kernel"), default="inprocess", help=message("cli.opt.engine"))
    _report_options(p)

    p = _command(sub, "batch")
    p.add_argument("--units", nargs="+", default=None, help=message("cli.opt.units"))
    p.add_argument("--years", default=None, help=message("cli.opt.years"))
    p.add_argument("--jobs", type=_positive(64), default=2, help=message("cli.opt.jobs"))
    _data(p)
    p.add_argument("--out", type=Path, default=Path("reports"), help=message("cli.opt.out"))
    p.add_argument("--force", action="store_true", help=message("cli.opt.batch_force"))
    _report_options(p)
    # Scale (docs/scale.md): run the unit-years on a Dask cluster; the set-based stage over all of them at once.
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT", help=message("cli.opt.scheduler"))
    p.add_argument("--province", action="store_true", help=message("cli.opt.province"))

    p = _command(sub, "lint")
    p.add_argument("report", type=Path, metavar="REPORT", help=message("cli.opt.lint_report"))
    p.add_argument("--unit", default=None, help=message("cli.opt.lint_unit"))
    p.add_argument("--year", default=None, help=message("cli.opt.lint_year"))
    _data(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help=message("cli.opt.format_text_json"))
    p.add_argument("--verbose", action="store_true", help=message("cli.opt.verbose"))
    p.add_argument("--vocabulary", type=Path, default=None, metavar="TOML", help=message("cli.opt.vocabulary"))

    p = _command(sub, "score")
    _unit_year(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help=message("cli.opt.format_text_json"))
    p.add_argument("--scoring", type=Path, default=None, help=message("cli.opt.scoring"))
    p.add_argument("--settings", type=Path, default=None, help=message("cli.opt.settings"))

    _import_commands(sub)
    return parser


def _import_commands(sub: argparse._SubParsersAction) -> None:
    from qlaudit.ledgers.profiles import shipped

    names = ", ".join(p.name for p in shipped())
    p = _parser(sub, "import", help=message("cli.import.help"), description=message("cli.import.description",
                profiles=names), epilog=message("cli.import.example"))
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help=message("cli.opt.import_files"))
    _unit_year(p)
    p.add_argument("--profile", default=None, help=message("cli.opt.profile"))
    p.add_argument("--ledger", choices=LEDGERS, default=None, help=message("cli.opt.ledger"))
    p.add_argument("--preview", action="store_true", help=message("cli.opt.preview"))
    p.add_argument("--force", action="store_true", help=message("cli.opt.import_force"))

    p = _command(sub, "profile")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION", title=message("cli.actions"))
    new = _parser(actions, "new", help=message("cli.profile.new_help"), epilog=message("cli.profile.example"))
    new.add_argument("sample", type=Path, metavar="SAMPLE_FILE")
    new.add_argument("--ledger", choices=LEDGERS, default=None, help=message("cli.opt.ledger"))
    new.add_argument("--name", default=None, help=message("cli.opt.profile_name"))
    new.add_argument("--output", type=Path, default=None, help=message("cli.opt.profile_output"))
    new.add_argument("--force", action="store_true", help=message("cli.opt.profile_force"))


def check_years(text: str) -> str:
    """A --years value: years (four digits) and ranges, e.g. 2019-2023 or 2021,2023; at most 200 years."""
    if not re.fullmatch(r"\d{4}(-\d{4})?(,\d{4}(-\d{4})?)*", text.replace(" ", "")):
        raise QlauditError(message("cli.years_not_list", text=text))
    count = 0
    for part in text.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        check_year(first)
        if last:
            check_year(last)
            if int(last) < int(first):
                raise QlauditError(message("cli.years_backwards", part=part))
        count += int(last or first) - int(first) + 1
    if count > 200:
        raise QlauditError(message("cli.years_too_many", text=text, count=count))
    return text.replace(" ", "")
