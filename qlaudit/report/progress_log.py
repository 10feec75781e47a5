"""What ``qlaudit batch`` says while it runs: one line per unit-year as it finishes, then a summary line.

The lines go to a stream (standard error by default) and are flushed one by one, whether or not the stream is a
terminal, so a batch whose output goes to a log file can be followed with ``tail -f``::

    [ 3/11] 完成 株洲市芦淞区归国华侨联合会（lusong-qiaolian）2021年  4.2 秒  错误 1，关注 3，信息 0
    [ 4/11] 跳过 株洲市芦淞区妇女联合会（lusong-fulian）2022年  0.1 秒  输入未变更  错误 0，关注 2，信息 0
    [ 5/11] 失败 lusong-tuanwei 2023年  1.0 秒  expenditures.csv, row 3, column date: …
    完成 9 个，跳过 1 个，失败 1 个，共 11 个单位年度，用时 16.6 秒；索引：reports/index.html

On a terminal a tqdm bar counts the unit-years and its description names the one last finished; the lines are
written above it. Unit names and messages are untrusted: control characters are shown as escapes
(``terminal.safe``). The words come from the message catalogue (``progress.*``): Chinese by default, English with
``--lang en``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from qlaudit.i18n import message
from qlaudit.terminal import safe

if TYPE_CHECKING:
    from qlaudit.report.batch import BatchSummary, UnitYearOutcome

STATUSES = ("written", "skipped", "failed")  # each a catalogue key progress.<status> (完成 / 跳过 / 失败)


def status_word(status: str) -> str:
    return message(f"progress.{status}") if status in STATUSES else status


def who(o: UnitYearOutcome) -> str:
    """``单位名称（code）2021年`` — or ``code 2021年`` when the name is not known."""
    name = str(o.summary.get("unit_name") or "")
    return (message("progress.who_named", name=name, unit=o.unit, year=o.year) if name
            else message("progress.who", unit=o.unit, year=o.year))


def counts(summary: dict[str, object]) -> str:
    """Finding counts by severity as the manifest's summary holds them ('' when it holds none)."""
    parts = [message(f"progress.{key}", count=summary[key]) for key in ("errors", "warnings", "infos")
             if key in summary and summary[key] != ""]
    return message("progress.separator").join(parts)


def line(o: UnitYearOutcome, done: int, total: int) -> str:
    width = len(str(total))
    head = (f"[{done:>{width}}/{total}] {status_word(o.status)} {who(o)}  "
            + message("progress.seconds", seconds=f"{o.seconds:.1f}"))
    if o.status == "failed":
        tail = f"  {o.message}"
    elif o.status == "skipped":
        tail = "  " + message("progress.unchanged") + (f"  {c}" if (c := counts(o.summary)) else "")
    else:
        tail = f"  {c}" if (c := counts(o.summary)) else ""
    return safe(head + tail)


def summary_line(summary: BatchSummary, seconds: float) -> str:
    return safe(message("progress.summary", written=summary.count("written"), skipped=summary.count("skipped"),
                        failed=summary.count("failed"), total=len(summary.outcomes), seconds=f"{seconds:.1f}",
                        index=summary.index_path))


class Progress:
    """Lines to ``stream`` (None: silent) and, when it is a terminal, a tqdm bar."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total, self.stream, self.finished = total, stream, 0
        self.bar = None
        if stream is not None and _isatty(stream) and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="qlaudit batch", unit=message("progress.bar_unit"), file=stream, leave=True)

    def write(self, text: str) -> None:
        if self.stream is None:
            return
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def done(self, outcome: UnitYearOutcome) -> None:
        self.finished += 1
        self.write(line(outcome, self.finished, self.total))
        if self.bar is not None:
            self.bar.set_description_str(safe(f"{status_word(outcome.status)} {who(outcome)}"),
                                         refresh=False)
            self.bar.update(1)

    def close(self, summary: BatchSummary, seconds: float) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        self.write(summary_line(summary, seconds))


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
