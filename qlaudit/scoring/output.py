"""What ``qlaudit score`` prints: the unit score and every project score as JSON or as plain text.

JSON (stable key order, deterministic)::

    {"unit", "year",
     "unit_score": {"total", "grade", "indicators": [{"name", "formula", "value", "points", "score", "note"}]},
     "projects": [{"code", "name", "execution_rate", "execution_score", "indicator_score", "total", "grade",
                   "scored", "note"}]}

Points, scores and rates are decimal strings (rates and percentage values in percent with 2 decimals: "117.08"
means 117.08%); ``null`` where there is nothing to state (an indicator not scored, a project without budget or
without indicators). A project's ``scored`` is false when it has no performance indicators: it is still scored on
execution and counted in the unit score, its ``indicator_score`` is null and the note says so.
"""

from __future__ import annotations

import json
from decimal import Decimal

from qlaudit.scoring.formulas import CENT
from qlaudit.scoring.projects import ProjectScore
from qlaudit.scoring.unit import UnitScore


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number.quantize(CENT))


def project_payload(p: ProjectScore) -> dict[str, object]:
    return {
        "code": p.code,
        "name": p.name,
        "execution_rate": None if p.execution_rate == "—" else p.execution_rate.rstrip("%"),
        "execution_score": str(p.execution_points),
        "indicator_score": _text(p.indicator_points),
        "total": str(p.total),
        "grade": p.grade,
        "scored": p.has_indicators,
        "note": "；".join((*p.deductions, *p.notes)),
    }


def score_payload(unit: str, year: int, score: UnitScore) -> dict[str, object]:
    return {
        "unit": unit,
        "year": year,
        "unit_score": {
            "total": _text(score.total),
            "grade": score.grade,
            "indicators": [{"name": i.name, "formula": i.formula, "value": None if i.value is None else str(i.value), "points": _text(i.points),
                            "score": _text(i.score), "note": i.note} for i in score.indicators],
        },
        "projects": [project_payload(p) for p in score.projects.projects],
    }


def score_json(unit: str, year: int, score: UnitScore) -> str:
    return json.dumps(score_payload(unit, year, score), ensure_ascii=False, indent=2) + "\n"


def score_text(score: UnitScore) -> str:
    """A plain-text score card for the terminal."""
    total = "未形成" if score.total is None else f"{score.total}分，等级“{score.grade}”"
    lines = [f"{score.unit_name} {score.year}年度部门整体支出绩效自评：{total}", f"  {score.basis}", "",
             "共性指标及项目支出绩效（指标｜值｜分值｜得分）"]
    for i in score.indicators:
        got = "未评分" if i.score is None else f"{i.score}"
        lines.append(f"  {i.name}｜{i.value_text}｜{i.points}｜{got}")
        lines.append(f"      {i.note}")
    lines += ["", f"项目（{score.projects.basis}）"]
    for p in score.projects.projects:
        indicator = "—（未设绩效指标）" if p.indicator_points is None else str(p.indicator_points)
        lines.append(f"  {p.code} {p.name}｜执行率{p.execution_rate}｜执行得分{p.execution_points}｜指标得分{indicator}"
                     f"｜总分{p.total}｜{p.grade}")
        lines.extend(f"      · {d}" for d in (*p.deductions, *p.notes))
    return "\n".join(lines) + "\n"
