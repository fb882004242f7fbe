"""What the rules do to the fund and to employers: tier distribution, fund impact, tables, Excel."""

from __future__ import annotations

import pandas as pd

from analytics import labels
from analytics.data import spreadsheets


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


def subset(rec: pd.DataFrame, filters) -> pd.DataFrame:
    """The employers within the dashboard's place and industry filters. Tiers are set province-wide
    (each employer is compared with its whole division), then shown for the chosen population."""
    keep = pd.Series(True, index=rec.index)
    for name, column in (("prefecture", "prefecture_code"), ("county", "county_code"), ("division", "division"),
                         ("key_group", "key_group")):
        wanted = getattr(filters, name)
        if wanted:
            keep &= rec[column].isin(wanted)
    return rec[keep]


def recommendation_table(rec: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per employer with the headers of ``lang``."""
    cols = [c for c in labels.RECOMMENDATION_COLUMNS if c in rec]
    rec = rec.assign(ratio=rec.ratio.round(1), recommended_rate=rec.recommended_rate.round(3),
                     current_rate=rec.current_rate.round(3))
    return rec[cols].rename(columns={c: labels.pair(labels.RECOMMENDATION_COLUMNS[c], lang) for c in cols})


def export_xlsx(rec: pd.DataFrame, path_or_buffer, lang: str = "zh", parameters: dict | None = None) -> None:
    """Recommendations, tier distributions and fund impact as an office-ready workbook: a parameters
    sheet first, headers in ``lang``, names beside the division and prefecture codes."""
    import datetime as dt

    from analytics.data import reference

    sheet = lambda key: labels.pair(labels.PREMIUM_SHEETS[key], lang)  # noqa: E731
    names = {"division": reference.industries().set_index("industry_code")["name_en" if lang == "en" else "name_zh"],
             "prefecture_code": reference.regions().set_index("region_code").name_zh}
    keys = {"risk_class": "risk_class", "division": "dim_division", "prefecture_code": "dim_prefecture"}
    def named(frame: pd.DataFrame, by: str) -> pd.DataFrame:
        frame = frame.reset_index()
        if by in names:
            frame.insert(1, labels.t("name", lang), frame[by].map(names[by]))
        return frame.rename(columns={by: labels.t(keys[by], lang)})

    def fund(by: str) -> pd.DataFrame:
        """The fund impact in 万元 to one decimal, as its headers say."""
        frame = fund_impact(rec, by)
        money = ["income_current", "income_recommended", "expected_payouts", "change"]
        frame[money] = (frame[money] / 1e4).round(1)
        frame["payout_ratio_recommended"] = frame.payout_ratio_recommended.round(3)
        return named(frame.rename(columns=lambda c: labels.column(c, lang)), by)
    table = recommendation_table(rec, lang)
    industry = reference.industries().set_index("industry_code")["name_en" if lang == "en" else "name_zh"]
    table.insert(table.columns.get_loc(labels.pair(labels.RECOMMENDATION_COLUMNS["industry_code"], lang)) + 1,
                 labels.t("industry_name", lang),
                 rec.industry_code.map(industry).fillna(rec.industry_code.str[:2].map(industry)).to_numpy())
    table.insert(table.columns.get_loc(labels.pair(labels.RECOMMENDATION_COLUMNS["prefecture_code"], lang)) + 1,
                 labels.t("prefecture_name", lang), rec.prefecture_code.map(names["prefecture_code"]).to_numpy())
    sheets = {sheet("recommendations"): table}
    for by in ("risk_class", "division", "prefecture_code"):
        distribution = tier_distribution(rec, by)
        distribution.columns = [f"{c:g}%" for c in distribution.columns]
        sheets[sheet(by)] = named(distribution, by)
    sheets[sheet("fund")] = fund("risk_class")
    sheets[sheet("fund_prefecture")] = fund("prefecture_code")
    given = {"made_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), **(parameters or {})}
    spreadsheets.write_workbook(path_or_buffer, sheets, [(labels.t(f"param_{k}", lang), v) for k, v in given.items()],
                                (labels.t("param_sheet", lang), labels.t("param_item", lang), labels.t("param_value", lang)))
