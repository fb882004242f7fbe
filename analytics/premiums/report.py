"""What the rules do to the fund and to employers: tier distribution, fund impact, tables, Excel."""

from __future__ import annotations

import pandas as pd


def tier_distribution(rec: pd.DataFrame, by: str = "risk_class") -> pd.DataFrame:
    """Employers per recommended tier, by class, division or prefecture."""
    return rec.pivot_table(index=by, columns="recommended_tier", values="uscc", aggfunc="count", fill_value=0)


def fund_impact(rec: pd.DataFrame, by: str = "risk_class", expected_payouts: pd.Series | None = None) -> pd.DataFrame:
    """Premium income at current and recommended rates on last year's payroll, against payouts.

    Expected payouts default to the window's mean yearly benefits (history); a model's
    expected injuries times the mean benefit per injury can be passed per employer instead.
    """
    frame = rec.assign(
        income_current=rec.payroll_last * rec.current_rate / 100,
        income_recommended=rec.payroll_last * rec.recommended_rate / 100,
        expected_payouts=expected_payouts if expected_payouts is not None
        else rec.benefits / rec.full_years.clip(lower=1),
    )
    out = frame.groupby(by)[["income_current", "income_recommended", "expected_payouts"]].sum()
    out.insert(0, "employers", frame.groupby(by).size())
    out["change"] = out.income_recommended - out.income_current
    out["payout_ratio_recommended"] = out.expected_payouts / out.income_recommended
    total = out.sum(numeric_only=True)
    total["payout_ratio_recommended"] = total.expected_payouts / total.income_recommended
    out.loc["total"] = total
    return out


RECOMMENDATION_COLUMNS = {  # column -> (Chinese, English) header of exports and tables
    "uscc": ("统一社会信用代码", "USCC"), "name": ("单位名称", "Employer"), "industry_code": ("行业代码", "Industry"),
    "prefecture_code": ("州市代码", "Prefecture"), "risk_class": ("风险类别", "Risk class"),
    "benchmark_rate": ("基准费率(%)", "Benchmark rate (%)"), "window": ("支缴率窗口", "Window"),
    "ratio": ("支缴率(%)", "Payout ratio (%)"), "current_tier": ("现行浮动档(%)", "Current tier (%)"),
    "current_rate": ("现行费率(%)", "Current rate (%)"), "recommended_tier": ("建议浮动档(%)", "Recommended tier (%)"),
    "recommended_rate": ("建议费率(%)", "Recommended rate (%)"), "reason": ("理由", "Reason"),
}


def recommendation_table(rec: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    i = 1 if lang == "en" else 0
    cols = [c for c in RECOMMENDATION_COLUMNS if c in rec]
    rec = rec.assign(ratio=rec.ratio.round(1), recommended_rate=rec.recommended_rate.round(3),
                     current_rate=rec.current_rate.round(3))
    return rec[cols].rename(columns={c: RECOMMENDATION_COLUMNS[c][i] for c in cols})


def export_xlsx(rec: pd.DataFrame, path_or_buffer, lang: str = "zh") -> None:
    """Recommendations, tier distributions and fund impact in one workbook."""
    zh = lang != "en"
    with pd.ExcelWriter(path_or_buffer, engine="xlsxwriter") as writer:
        recommendation_table(rec, lang).to_excel(writer, sheet_name="建议费率" if zh else "Recommendations", index=False)
        for by, (szh, sen) in {"risk_class": ("按风险类别", "By class"), "division": ("按行业", "By division"),
                               "prefecture_code": ("按州市", "By prefecture")}.items():
            tier_distribution(rec, by).to_excel(writer, sheet_name=szh if zh else sen)
        fund_impact(rec).to_excel(writer, sheet_name="基金影响" if zh else "Fund impact")
        fund_impact(rec, "prefecture_code").to_excel(writer, sheet_name="基金影响-州市" if zh else "Fund by prefecture")
