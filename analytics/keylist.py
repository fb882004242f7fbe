"""Key-enterprise list (重点企业) for a coming year: ranked, mandatory and audit entries.

- ranked: the top enterprises by the default model's expected injuries (``top`` of them, or
  the smallest set holding ``share`` of all expected injuries);
- mandatory, whatever their rank: a death or a 较大 or worse safety accident in the last
  year, a 重大隐患 overdue and open at its end, a new pneumoconiosis case in it;
- audit: a seeded random sample of enterprises from the lower half of the ranking, to find
  under-reporting (OSHA's Site-Specific Targeting keeps such a sample).

Each entry carries its predicted injuries with a 90 % Poisson interval and its reasons in
plain Chinese, computed from its own features against its division's average.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
from scipy import stats

from analytics import features, models, registry, warehouse

KIND_ZH = {"ranked": "模型排序", "mandatory": "必选", "audit": "随机抽查"}


def build(con: duckdb.DuckDBPyConnection, year: int, top: int | None = 100, share: float | None = None,
          audit: int = 20, seed: int = 0, model_id: str | None = None, models_dir=None) -> pd.DataFrame:
    """The list for ``year``, scored on the features of ``year - 1`` by a registered model."""
    model, meta = registry.load(model_id, models_dir)
    frame = features.build(con, year - 1, year - 1).reset_index(drop=True)
    frame["expected"] = models.expected_injuries(model, frame)
    frame = frame.sort_values("expected", ascending=False, kind="stable").reset_index(drop=True)
    frame["rank"] = np.arange(1, len(frame) + 1)
    if share is not None:
        n = int(np.searchsorted(frame.expected.cumsum() / frame.expected.sum(), share) + 1)
    else:
        n = min(top or 0, len(frame))
    ranked = frame.index < n
    pneumo = set(warehouse.query(con, "select distinct uscc from diseases where is_pneumoconiosis "
                                      "and year(diagnosis_date) = ?", [year - 1]).uscc)
    deaths_last = set(warehouse.query(con, "select distinct uscc from injuries where fatal "
                                           "and year(accident_date) = ?", [year - 1]).uscc)
    larger = set(warehouse.query(con, "select distinct uscc from accidents where level <> 'general' "
                                      "and year(date) = ?", [year - 1]).uscc)
    hits = frame.uscc.isin(deaths_last | larger | pneumo) | (frame.hazards_major_overdue > 0)
    frame["mandatory_reason"] = ""
    frame.loc[hits, "mandatory_reason"] = [
        "；".join(r for r, hit in (("上年发生工亡", u in deaths_last), ("上年发生较大及以上生产安全事故", u in larger),
                                  (f"重大隐患 {int(m)} 项逾期未整改", m > 0), ("上年新发尘肺病", u in pneumo)) if hit)
        for u, m in zip(frame.uscc[hits], frame.hazards_major_overdue[hits])]
    mandatory = frame.mandatory_reason.ne("") & ~ranked
    lower = frame.index[frame.index >= len(frame) // 2]
    lower = lower[~mandatory[lower]]
    picked = np.random.default_rng(seed).choice(lower, size=min(audit, len(lower)), replace=False) if audit else []
    frame["kind"] = np.select([ranked, mandatory, frame.index.isin(picked)], ["ranked", "mandatory", "audit"], "")
    out = frame[frame.kind != ""].copy()
    out["low"] = stats.poisson.ppf(0.05, out.expected)
    out["high"] = stats.poisson.ppf(0.95, out.expected)
    out["reasons"] = _reasons(out, frame)
    names = warehouse.query(con, "select uscc, name, industry_code, region_code from enterprises")
    where = warehouse.query(con, "select uscc, county_code as county, key_group from enterprise_year where year = ?",
                            [year - 1])
    out = out.merge(names, on="uscc", how="left").merge(where, on="uscc", how="left")
    out = out.rename(columns={"prefecture_code": "prefecture"})
    out.attrs["model"] = meta["id"]
    return out[["kind", "rank", "uscc", "name", "industry_code", "region_code", "insured", "expected", "low", "high",
                "mandatory_reason", "reasons", "prefecture", "county", "division", "key_group"]]


def subset(entries: pd.DataFrame, filters) -> pd.DataFrame:
    """The entries within the dashboard's place and industry filters (``indicators.Filters``)."""
    keep = pd.Series(True, index=entries.index)
    for name in ("prefecture", "county", "division", "key_group"):
        wanted = getattr(filters, name)
        if wanted:
            keep &= entries[name].isin(wanted)
    return entries[keep]


def _reasons(entries: pd.DataFrame, everyone: pd.DataFrame) -> list[str]:
    """Plain-Chinese reasons from the entry's own figures against its division's mean."""
    mean = everyone.groupby("division")[["inj_3", "hazards_overdue", "training_coverage", "rate_3"]].mean()
    out = []
    for row in entries.itertuples():
        m = mean.loc[row.division]
        parts = []
        if row.inj_3 > 0 and m.inj_3 > 0 and row.inj_3 >= 1.5 * m.inj_3:
            parts.append(f"近三年工伤 {int(row.inj_3)} 起，为同行业均值的 {row.inj_3 / m.inj_3:.1f} 倍")
        if row.rate_3 > 0 and m.rate_3 > 0 and row.rate_3 >= 2 * m.rate_3:
            parts.append(f"近三年工伤发生率 {row.rate_3 * 1000:.1f}‰，为同行业的 {row.rate_3 / m.rate_3:.1f} 倍")
        if row.deaths_3 > 0:
            parts.append(f"近三年工亡 {int(row.deaths_3)} 人")
        if row.hazards_major_overdue > 0:
            parts.append(f"重大隐患 {int(row.hazards_major_overdue)} 项逾期未整改")
        elif row.hazards_overdue > max(1, 2 * m.hazards_overdue):
            parts.append(f"逾期未整改隐患 {int(row.hazards_overdue)} 项（同行业平均 {m.hazards_overdue:.1f} 项）")
        if m.training_coverage > 0 and row.training_coverage < 0.5 * m.training_coverage:
            parts.append(f"重点岗位培训覆盖率 {row.training_coverage:.0%}，低于同行业平均 {m.training_coverage:.0%}")
        if row.kind == "audit":
            parts.append("随机抽取的低排序单位，用于核查是否少报漏报工伤")
        if not parts:
            parts.append(f"参保 {int(row.insured)} 人，按模型预计明年工伤 {row.expected:.1f} 起")
        out.append("；".join(parts))
    return out


def export_xlsx(entries: pd.DataFrame, path_or_buffer) -> None:
    table = entries.drop(columns=["prefecture", "county", "division", "key_group"], errors="ignore")
    table = table.assign(kind=table.kind.map(KIND_ZH), expected=table.expected.round(2)).rename(columns={
        "kind": "类型", "rank": "模型排序", "uscc": "统一社会信用代码", "name": "单位名称", "industry_code": "行业代码",
        "region_code": "行政区划代码", "insured": "参保人数", "expected": "预计工伤（起）", "low": "90%区间下限",
        "high": "90%区间上限", "mandatory_reason": "必选原因", "reasons": "理由"})
    table.to_excel(path_or_buffer, sheet_name="重点企业名单", index=False)
