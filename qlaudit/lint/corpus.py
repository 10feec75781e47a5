"""Measuring ``qlaudit lint`` on an annotated corpus of real report texts (``annotations.json`` beside them).

The corpus lives outside the repository (``../shared/corpus/reports/``: public texts by other authors, never copied
here). Each entry names a file, a verdict (``flag`` / ``clean``), the issues a careful reader proves from the text
(``kind`` such as ``SCORE`` with exact ``quote`` substrings) and the arithmetic done (``checks_done``).

An issue is **found** when a finding of rule ``LINT-<kind>`` with severity error or warning quotes a line that
holds one of the issue's quotes (its evidence rows are report lines). A **false alarm** is an error finding on a
clean file. This module reads files and lints them; it prints nothing (``benchmarks/lint_corpus.py`` does).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qlaudit.findings import Finding
from qlaudit.lint import LintResult, lint_file

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "reports"


@dataclass(frozen=True)
class Issue:
    file: str
    kind: str
    quotes: tuple[str, ...]
    explanation: str

    @property
    def rule(self) -> str:
        return f"LINT-{self.kind}"


@dataclass(frozen=True)
class Entry:
    file: str
    verdict: str
    issues: tuple[Issue, ...]
    checks_done: tuple[str, ...]


@dataclass(frozen=True)
class FileOutcome:
    entry: Entry
    result: LintResult
    seconds: float
    found: tuple[bool, ...]  # one per issue of the entry

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.result.findings if f.severity == "error" and not f.passed]


def load(folder: Path = CORPUS) -> list[Entry]:
    """The annotated entries, in file order."""
    raw = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))
    return [Entry(e["file"], e["verdict"],
                  tuple(Issue(e["file"], i["kind"], tuple(i["quote"]), i.get("explanation", "")) for i in e["issues"]),
                  tuple(e.get("checks_done", ()))) for e in raw]


def quote_lines(text: str, quote: str) -> set[int]:
    """1-based numbers of the lines that the occurrences of ``quote`` in ``text`` touch."""
    lines: set[int] = set()
    at = text.find(quote)
    while at >= 0:
        first = text.count("\n", 0, at) + 1
        lines.update(range(first, first + quote.count("\n") + 1))
        at = text.find(quote, at + 1)
    return lines


def issue_found(issue: Issue, text: str, findings: list[Finding]) -> bool:
    """A finding of the issue's rule (error or warning) quotes a line that holds one of the issue's quotes."""
    lines = set().union(*(quote_lines(text, q) for q in issue.quotes))
    return any(f.rule == issue.rule and f.severity in ("error", "warning") and not f.passed
               and any(e.row in lines for e in f.evidence) for f in findings)


def run(folder: Path = CORPUS, lint: Callable[[Path], LintResult] = lint_file) -> list[FileOutcome]:
    """Lint every annotated file of ``folder``, timed."""
    outcomes = []
    for entry in load(folder):
        path = folder / entry.file
        started = time.perf_counter()
        result = lint(path)
        seconds = time.perf_counter() - started
        text = path.read_text(encoding="utf-8")
        found = tuple(issue_found(i, text, result.findings) for i in entry.issues)
        outcomes.append(FileOutcome(entry, result, seconds, found))
    return outcomes


@dataclass(frozen=True)
class Summary:
    by_kind: dict[str, tuple[int, int]]  # kind → (found, annotated)
    found: int
    issues: int
    clean_files: int
    clean_with_error: list[str]
    clean_with_warning: list[str]
    seconds_per_file: float


def summarise(outcomes: list[FileOutcome]) -> Summary:
    by_kind: dict[str, list[int]] = {}
    for o in outcomes:
        for issue, hit in zip(o.entry.issues, o.found, strict=True):
            counts = by_kind.setdefault(issue.kind, [0, 0])
            counts[0] += hit
            counts[1] += 1
    clean = [o for o in outcomes if o.entry.verdict == "clean"]
    figures_rules = {"LINT-VAGUE-GOAL", "LINT-STRUCTURE", "LINT-UNATTRIBUTED"}
    return Summary(
        {k: (v[0], v[1]) for k, v in sorted(by_kind.items())},
        sum(sum(o.found) for o in outcomes), sum(len(o.entry.issues) for o in outcomes), len(clean),
        [o.entry.file for o in clean if o.errors],
        [o.entry.file for o in clean if any(f.severity == "warning" and not f.passed and f.rule not in figures_rules
                                            for f in o.result.findings)],
        sum(o.seconds for o in outcomes) / max(len(outcomes), 1))
