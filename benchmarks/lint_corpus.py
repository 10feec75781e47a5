"""`qlaudit lint` on the annotated corpus of real report texts: per-kind recall, false alarms, time per file.

Reads ``../shared/corpus/reports/`` (public texts kept outside the repository) and its ``annotations.json``. An
annotated issue is found when a finding of rule ``LINT-<kind>`` (error or warning) quotes a line holding one of
the issue's quotes; a false alarm is an error finding on a file annotated clean. Time per file is compared with a
baseline measured in the same run: reading the file and normalising its text (no parsing, no checks).

    .venv/bin/python benchmarks/lint_corpus.py [--corpus DIR] [--details]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from qlaudit.lint import corpus
from qlaudit.lint.normalise import normalise
from qlaudit.lint.read import read_report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=corpus.CORPUS)
    parser.add_argument("--details", action="store_true", help="list each issue and each false alarm")
    args = parser.parse_args()
    if not (args.corpus / "annotations.json").is_file():
        print(f"no annotated corpus at {args.corpus}; nothing measured")
        return 0
    entries = corpus.load(args.corpus)
    started = time.perf_counter()
    for entry in entries:
        normalise(read_report(args.corpus / entry.file))
    baseline = (time.perf_counter() - started) / len(entries)
    outcomes = corpus.run(args.corpus)
    summary = corpus.summarise(outcomes)
    print(f"{'kind':<16} {'found':>5} / {'annotated':<9}")
    for kind, (found, total) in summary.by_kind.items():
        print(f"{kind:<16} {found:>5} / {total:<9}")
    print(f"{'all':<16} {summary.found:>5} / {summary.issues:<9}")
    print(f"clean files with an error finding: {len(summary.clean_with_error)} of {summary.clean_files} "
          f"{' '.join(summary.clean_with_error)}")
    print(f"clean files with a warning about figures: {len(summary.clean_with_warning)} of {summary.clean_files} "
          f"{' '.join(summary.clean_with_warning)}")
    print(f"time per file: {summary.seconds_per_file * 1000:.1f} ms (read + normalise baseline "
          f"{baseline * 1000:.2f} ms, ratio {summary.seconds_per_file / baseline:.0f}×)")
    if args.details:
        for o in outcomes:
            for issue, hit in zip(o.entry.issues, o.found, strict=True):
                print(f"{'found ' if hit else 'MISSED'} {o.entry.file} {issue.rule}")
            for f in o.errors if o.entry.verdict == "clean" else []:
                print(f"FALSE  {o.entry.file} {f.rule} {f.title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
