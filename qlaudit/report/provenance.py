"""Provenance (来源记录): what produced a report — input hashes, versions, parameters, run time.

``manifest(...)`` returns a plain dict written as ``manifest.json`` beside the report and shown in its appendix.
Only ``run_at`` and ``seconds`` vary between two runs on the same inputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from qlaudit import codes

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

PACKAGES = ("qlaudit", "pandas", "openpyxl", "matplotlib", "papermill", "nbconvert", "nbformat", "ipykernel", "mplfonts")
VOLATILE_KEYS = ("run_at", "seconds")


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_commit(path: Path | None = None) -> str:
    """The commit of the qlaudit checkout, with '+dirty' when it has uncommitted changes; '' outside git."""
    where = path or Path(__file__).resolve().parent
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, timeout=5,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=where,
                               capture_output=True, text=True, timeout=5, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return head + ("+dirty" if dirty else "")


def manifest(workbook: Workbook, parameters: dict[str, object], notebook_sha256: str = "",
             settings_files: list[Path] | None = None) -> dict[str, object]:
    settings = [{"role": "settings", "path": str(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
                for p in settings_files or []]
    return {
        "unit": workbook.unit.code,
        "unit_name": workbook.unit.name,
        "year": workbook.year,
        "inputs": [{"role": f.role, "path": f.path, "sha256": f.sha256} for f in workbook.inputs] + settings,
        "reference_tables": codes.reference_version(),
        "notebook_sha256": notebook_sha256,
        "qlaudit_commit": git_commit(),
        "versions": package_versions(),
        "parameters": parameters,
        "run_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }


# --- 附五 as people read it: Chinese labels, paths relative to the data folder, Beijing time ---------------------

BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")  # Asia/Shanghai: UTC+8, no daylight saving since 1991
ROLES = {"appropriations": "指标账", "expenditures": "支出凭证", "projects": "项目库", "unit": "单位信息",
         "activities": "工作情况", "self_evaluation": "单位自评报告", "settings": "设置文件", "profile": "导入配置"}
PARAMETERS = {"unit": "单位", "year": "年度", "data_dir": "数据目录", "sample_size": "抽样行数", "sample_seed": "随机种子",
              "settings_path": "规则阈值文件", "scoring_path": "评分规则文件", "report_settings_path": "报告文字文件",
              "report_date": "报告日期", "preparer": "编制人", "reviewer": "复核人", "strict": "严格模式",
              "method": "抽样方法", "n": "样本量", "per_stratum": "每层样本量", "seed": "随机种子", "rule": "规则",
              "overrides": "参数调整", "report": "报告文件"}
VERB_LABELS = {"open": "打开单位年度", "check": "运行核对规则", "rule": "运行单项规则", "sample": "抽样",
               "lint": "核对单位自评报告"}
VALUE_LABELS = {"True": "是", "False": "否", "None": "无", "monetary_unit": "货币单位抽样", "random": "简单随机抽样",
                "stratified": "分层随机抽样"}


def role_label(role: str) -> str:
    return ROLES.get(role, role)


def encoding_label(encoding: str | None) -> str:
    return (encoding or "").upper()


def version_label(version: str) -> str:
    return "未安装" if version == "not installed" else version


def beijing_time(run_at: str) -> str:
    """'2024-03-01T02:03:04+00:00' → '2024年3月1日 10:03:04（北京时间）'; '' (not recorded) → '（未记录）'."""
    try:
        when = dt.datetime.fromisoformat(run_at)
    except ValueError:
        return "（未记录）"
    local = when.astimezone(BEIJING) if when.tzinfo else when
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M:%S}（北京时间）"


def shown_path(value: str, data_dir: Path) -> str:
    """An absolute path as people read it: relative to the data folder when inside it ('数据目录'), else its name."""
    path = Path(value)
    if not path.is_absolute():
        return value
    try:
        relative = path.relative_to(data_dir)
    except ValueError:
        return path.name
    return "数据目录" if relative == Path() else f"数据目录/{relative.as_posix()}"


def _value(value: object, data_dir: Path, names: dict[str, str]) -> str:
    if isinstance(value, dict):
        return "、".join(f"{k}={_value(v, data_dir, names)}" for k, v in sorted(value.items())) or "无"
    text = str(value)
    if text == "":
        return "（未指定）"
    if text in names:
        return names[text]
    if text.startswith("/") or (len(text) > 2 and text[1:3] == ":\\"):
        return shown_path(text, data_dir)
    return VALUE_LABELS.get(text, text)


def parameters_text(parameters: dict[str, object], data_dir: Path, names: dict[str, str] | None = None) -> str:
    """The run's parameters with Chinese names, paths relative to the data folder (manifest.json keeps them)."""
    return "；".join(f"{PARAMETERS.get(k, k)}：{_value(v, data_dir, names or {})}" for k, v in parameters.items())


def oplog_text(oplog: object, data_dir: Path, names: dict[str, str] | None = None) -> str:
    """The operation log in Chinese, one line per step (``OperationLog.render_text`` is the machine's form)."""
    lines = []
    for op in oplog.operations:  # type: ignore[attr-defined]
        params = parameters_text(dict(sorted(op.params.items())), data_dir, names)
        seed = f"，随机种子 {op.seed}" if op.seed is not None else ""
        summary = " ".join(VALUE_LABELS.get(word, word) for word in str(op.summary).split(" "))
        lines.append(f"{op.seq}. {VERB_LABELS.get(op.verb, op.verb)}（{params}）{seed}：{op.rows_in} → {op.rows_out} 行；"
                     f"{summary}；结果 SHA-256 {op.result_sha256[:12]}…")
    return "\n".join(lines)
