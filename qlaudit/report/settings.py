"""Texts and thresholds of the report (``qlaudit/report/report.toml``), with an optional override file merged over.

``load(path)`` returns :class:`ReportSettings`: the 评价方式, the basis documents per province, what makes a payee a
natural person, the 三公/会议费/培训费 items, the codes left out of 政府采购 and the
length of long tables. This module reads settings; the narrative uses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qlaudit import tomlconfig
from qlaudit.errors import QlauditError


class ReportSettingsError(QlauditError):
    """A report settings file that cannot be read or lacks a key."""


@dataclass(frozen=True)
class ReportSettings:
    evaluation_method: str
    basis: dict[str, tuple[str, ...]]  # province → documents
    organisation_words: tuple[str, ...]
    personal_classes: tuple[str, ...]
    replacement: str
    sangong_labels: dict[str, str]
    controlled: tuple[tuple[str, tuple[str, ...]], ...]  # (label, codes)
    procurement_excluded: tuple[str, ...]
    long_table_rows: int
    long_list_items: int
    score_tables: int  # project 自评表 printed in 六 (the rest in 附六)
    lint_accepted: dict[str, str]  # lint rule → why its warning does not stop publication
    source: str

    def basis_for(self, province: str) -> tuple[str, ...]:
        return self.basis.get(province) or self.basis.get("default", ())


def load(path: str | Path | None = None) -> ReportSettings:
    data, source = tomlconfig.load("report/report.toml", path or None, "report settings", ReportSettingsError)
    d: dict[str, Any] = data
    try:
        privacy, long_tables = d["privacy"], d["long_tables"]
        return ReportSettings(
            evaluation_method=str(d["evaluation_method"]),
            basis={str(k): tuple(map(str, v["documents"])) for k, v in d["basis"].items()},
            organisation_words=tuple(map(str, privacy["organisation_words"])),
            personal_classes=tuple(map(str, privacy["personal_classes"])),
            replacement=str(privacy["replacement"]),
            sangong_labels={str(k): str(v) for k, v in d["sangong_labels"].items()},
            controlled=tuple((str(k), tuple(map(str, v))) for k, v in d["controlled"].items()),
            procurement_excluded=tuple(map(str, d["procurement"]["excluded_codes"])),
            long_table_rows=int(long_tables["rows"]),
            long_list_items=int(long_tables["items"]),
            score_tables=int(long_tables["score_tables"]),
            lint_accepted={str(k): str(v) for k, v in d.get("lint_accepted", {}).items()},
            source=source,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReportSettingsError(f"{source}: missing or malformed report setting {exc}") from exc
