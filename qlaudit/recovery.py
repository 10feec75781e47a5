"""The year-end recovery of unused quotas (年底收回结余指标): one definition for the scoring, the report and lint.

A 调减 quota row whose 文号名称 contains one of the configured words (``[unit] year_end_recovery`` of
``qlaudit/scoring.toml``, e.g. "年底收回") takes back, on the last days of the year, what a line did not spend. It is
not a budget adjustment: netted into 调减 it makes basic execution 100% by construction. The budget before it is the
全年预算数 (the denominator of 预算执行率 in the 自评表); after it, the ledgers' 调整后预算.

Vectorised: one mask over the quota frame, one group-by per call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd


def is_recovery(quota: pd.DataFrame, keywords: Iterable[str]) -> pd.Series:
    """True for the 调减 rows of ``quota`` whose 文号名称 names a year-end recovery (``keywords``)."""
    words = [w for w in keywords if w]
    if not words or "quota_name" not in quota.columns:
        return pd.Series(False, index=quota.index)
    names = quota["quota_name"].fillna("").astype(str)
    return (quota["source"] == "reduction") & names.str.contains("|".join(map(re.escape, words)), regex=True)


def recovered_by(quota: pd.DataFrame, keywords: Iterable[str], by: str | list[str]) -> dict[object, int]:
    """Recovered quota (分, ≥ 0) per value of ``by`` (a column or columns of ``quota``)."""
    rows = quota[is_recovery(quota, keywords)]
    return {k: -int(v) for k, v in rows.groupby(by)["amount_fen"].sum().items() if v}
