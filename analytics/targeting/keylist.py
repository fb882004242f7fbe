"""Key-enterprise list (重点企业) for a coming year: ranked, mandatory and audit entries.

- ranked: the top enterprises by the default model's expected injuries (``top`` of them, or
  the smallest set holding ``share`` of all expected injuries);
- mandatory, whatever their rank: the triggers of ``data/config/keylist.toml`` (by default a
  death or a 较大 or worse safety accident in the last year, a 重大隐患 overdue and open at its
  end, a new pneumoconiosis case in it);
- audit: a seeded random sample of enterprises from the lower part of the ranking, to find
  under-reporting (OSHA's Site-Specific Targeting keeps such a sample).

Each entry carries its predicted injuries with a 90 % Poisson interval and its reasons in
plain words (Chinese ``reasons``, English ``reasons_en``), computed from its own features
against its division's average with the thresholds of the same file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from scipy import stats

from analytics import config, labels, paths
from analytics.data import spreadsheets, warehouse
from analytics.data.feeds import ACCIDENT_LEVELS
from analytics.targeting import features, models, registry

KINDS = ("ranked", "mandatory", "audit")


@dataclass(frozen=True)
class KeylistRules:
    """The triggers, audit pool and reason thresholds of ``data/config/keylist.toml``."""

    fatal_injury: bool = True
    accident_level: str = "larger"
    overdue_major_hazard: bool = True
    new_pneumoconiosis: bool = True
    audit_below_share: float = 0.5
    injuries_multiple: float = 1.5
    rate_multiple: float = 2.0
    overdue_multiple: float = 2.0
    overdue_minimum: int = 1
    training_share: float = 0.5
    min_events: int = 3


def load_rules(path: str | Path | None = None) -> KeylistRules:
    doc = config.read(path or paths.CONFIG_DIR / "keylist.toml")
    mandatory, audit, reasons = doc.section("mandatory"), doc.section("audit"), doc.section("reasons")
    return KeylistRules(
        fatal_injury=mandatory.flag("fatal_injury", True),
        accident_level=mandatory.choice("accident_level", ("", *ACCIDENT_LEVELS), "larger"),
        overdue_major_hazard=mandatory.flag("overdue_major_hazard", True),
        new_pneumoconiosis=mandatory.flag("new_pneumoconiosis", True),
        audit_below_share=audit.number("below_share", 0.5, low=0, high=1, below_high=True),
        injuries_multiple=reasons.number("injuries_multiple", 1.5, low=1),
        rate_multiple=reasons.number("rate_multiple", 2.0, low=1),
        overdue_multiple=reasons.number("overdue_multiple", 2.0, low=1),
        overdue_minimum=reasons.integer("overdue_minimum", 1, minimum=0),
        training_share=reasons.number("training_share", 0.5, low=0, high=1),
        min_events=reasons.integer("min_events", 3, minimum=1),
    )


class IncompleteYear(ValueError):
    """The list would be scored on a year whose records are not complete; says so in either language."""

    def __init__(self, **fields):
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        return labels.t("incomplete_year", lang, **self.fields)


def scoring_year(con: duckdb.DuckDBPyConnection, year: int, ytd: bool = False) -> int:
    """The year whose end-of-year features score the list for ``year``: ``year - 1``, which must be
    complete unless ``ytd`` asks for year-to-date scoring (recognitions lag, so it reads low)."""
    from analytics.measures.indicators import current_year

    current, fraction = current_year(con)
    last_complete = current if fraction >= 1 else (current - 1 if current else None)
    if last_complete is None or year - 1 <= last_complete or (ytd and year - 1 == current):
        return year - 1
    raise IncompleteYear(year=year, scored=year - 1, complete=last_complete, coming=last_complete + 1)


def build(con: duckdb.DuckDBPyConnection, year: int, top: int | None = 100, share: float | None = None,
          audit: int = 20, seed: int = 0, model_id: str | None = None, models_dir=None,
          rules: KeylistRules | None = None, ytd: bool = False, release: bool = False) -> pd.DataFrame:
    """The list for ``year``, scored on the features of ``year - 1`` by a registered model.

    ``year - 1`` must be a complete year (``IncompleteYear`` otherwise) unless ``ytd`` is set,
    which the list then says in ``attrs["ytd"]``. A model of another province is refused.
    ``release``: a batch job's own connection (``features.build``).
    """
    rules = rules or load_rules()
    scoring_year(con, year, ytd)
    model, meta = registry.load(model_id, models_dir)
    registry.check(meta, con)
    frame = features.build(con, year - 1, year - 1, release=release)
    frame["expected"] = models.expected_injuries(model, frame)
    frame["p_serious"] = _serious_probability(con, frame, models_dir)
    frame = frame.sort_values("expected", ascending=False, kind="stable").reset_index(drop=True)
    frame["rank"] = np.arange(1, len(frame) + 1)
    if share is not None:
        n = int(np.searchsorted(frame.expected.cumsum() / frame.expected.sum(), share) + 1)
    else:
        n = min(top or 0, len(frame))
    ranked = frame.index < n
    triggers = _mandatory(con, frame, year - 1, rules)
    frame["mandatory_reason"], frame["mandatory_reason_en"] = triggers["zh"], triggers["en"]
    mandatory = frame.mandatory_reason.ne("") & ~ranked
    lower = frame.index[frame.index >= int(len(frame) * rules.audit_below_share)]
    lower = lower[~mandatory[lower]]
    picked = np.random.default_rng(seed).choice(lower, size=min(audit, len(lower)), replace=False) if audit else []
    frame["kind"] = np.select([ranked, mandatory, frame.index.isin(picked)], list(KINDS), "")
    out = frame[frame.kind != ""].copy()
    out["low"] = stats.poisson.ppf(0.05, out.expected)
    out["high"] = stats.poisson.ppf(0.95, out.expected)
    out["reasons"], out["reasons_en"] = _reasons(out, frame, rules)
    places = warehouse.run_query(con, "targeting/keylist_places", {"year": year - 1})
    out = out.merge(places, on="uscc", how="left").rename(columns={"prefecture_code": "prefecture"})
    out.attrs.update(model=meta["id"], model_name=meta["name"], model_created=meta.get("created", ""), ytd=ytd)
    return out[["kind", "rank", "uscc", "name", "industry_code", "region_code", "insured", "expected", "low", "high",
                "p_serious",
                "mandatory_reason", "reasons", "mandatory_reason_en", "reasons_en",
                "prefecture", "county", "division", "key_group"]]


def _serious_probability(con, frame: pd.DataFrame, models_dir) -> np.ndarray:
    """Each enterprise's probability of a fatal or grade 1-4 injury next year, from the latest
    registered classifier of this warehouse's province (NaN without one)."""
    classifier_id = registry.latest("classifier", models_dir)
    if classifier_id is None:
        return np.full(len(frame), np.nan)
    classifier, meta = registry.load(classifier_id, models_dir)
    try:
        registry.check(meta, con)
    except registry.ModelMismatch:
        return np.full(len(frame), np.nan)
    return models.serious_probability(classifier, frame)


def _mandatory(con, frame: pd.DataFrame, year: int, rules: KeylistRules) -> dict[str, list[str]]:
    """Each enterprise's mandatory triggers in words (empty where none fires)."""
    fired = warehouse.run_query(con, "targeting/mandatory_triggers",
                                {"year": year, "levels": list(ACCIDENT_LEVELS), "min_level": rules.accident_level})
    fired = frame[["uscc"]].merge(fired, on="uscc", how="left").fillna(False)
    overdue = frame.hazards_major_overdue.to_numpy() if rules.overdue_major_hazard else np.zeros(len(frame))
    level = labels.ACCIDENT_LEVELS.get(rules.accident_level, ("", ""))
    out = {"zh": [""] * len(frame), "en": [""] * len(frame)}
    columns = (fired.fatal.to_numpy(dtype=bool) & rules.fatal_injury, fired.larger_accident.to_numpy(dtype=bool),
               fired.pneumoconiosis.to_numpy(dtype=bool) & rules.new_pneumoconiosis, overdue)
    for row in np.flatnonzero(np.logical_or.reduce([c > 0 for c in columns])):   # words only where one fires
        fatal, larger, pneumo, major = (c[row] for c in columns)
        for lang in out:
            parts = [("mandatory_fatal", {}, fatal), ("mandatory_accident", {"level": labels.pair(level, lang)}, larger),
                     ("mandatory_major_overdue", {"n": int(major)}, major > 0), ("mandatory_pneumoconiosis", {}, pneumo)]
            out[lang][row] = labels.join([labels.t(k, lang, **f) for k, f, hit in parts if hit], lang)
    return out


def search(entries: pd.DataFrame, text: str) -> pd.DataFrame:
    """Entries whose name or USCC contains ``text`` (literally; blank: all of them)."""
    text = (text or "").strip()
    if not text:
        return entries
    found = entries.name.str.contains(text, regex=False, na=False) | \
        entries.uscc.str.contains(text.upper(), regex=False, na=False)
    return entries[found]


MANDATORY_TRIGGERS = {"fatal": "上年发生工亡", "accident": "生产安全事故", "major_overdue": "逾期未整改",
                      "pneumoconiosis": "尘肺病"}       # as the Chinese reasons say them (labels.mandatory_*)


def mandatory_counts(entries: pd.DataFrame) -> dict[str, int]:
    """How many mandatory entries each trigger put on the list (one entry may have several)."""
    reasons = entries.loc[entries.kind == "mandatory", "mandatory_reason"].fillna("")
    return {key: int(reasons.str.contains(phrase, regex=False).sum()) for key, phrase in MANDATORY_TRIGGERS.items()}


def subset(entries: pd.DataFrame, filters) -> pd.DataFrame:
    """The entries within the dashboard's place and industry filters (``indicators.Filters``)."""
    keep = pd.Series(True, index=entries.index)
    for name in ("prefecture", "county", "division", "key_group"):
        wanted = getattr(filters, name)
        if wanted:
            keep &= entries[name].isin(wanted)
    return entries[keep]


def _reasons(entries: pd.DataFrame, everyone: pd.DataFrame, rules: KeylistRules) -> tuple[list[str], list[str]]:
    """Reasons in Chinese and English from the entry's own figures against its division's mean."""
    mean = everyone.groupby("division")[["inj_3", "hazards_overdue", "training_coverage", "rate_3"]].mean()
    zh, en = [], []
    for row in entries.itertuples():
        m = mean.loc[row.division]
        parts = []
        # A multiple is said only on rates (size-adjusted) and with enough events behind it.
        if row.inj_3 >= rules.min_events and m.rate_3 > 0 and row.rate_3 >= rules.rate_multiple * m.rate_3:
            parts.append(("reason_rate_multiple", {"n": int(row.inj_3), "rate": row.rate_3 * 1000,
                                                   "multiple": row.rate_3 / m.rate_3}))
        elif row.inj_3 >= rules.min_events and m.inj_3 > 0 and row.inj_3 >= rules.injuries_multiple * m.inj_3:
            parts.append(("reason_injuries_many", {"n": int(row.inj_3), "mean": m.inj_3}))
        if row.deaths_3 > 0:
            parts.append(("reason_deaths", {"n": int(row.deaths_3)}))
        if row.hazards_major_overdue > 0:
            parts.append(("reason_major_overdue", {"n": int(row.hazards_major_overdue)}))
        elif row.hazards_overdue > max(rules.overdue_minimum, rules.overdue_multiple * m.hazards_overdue):
            parts.append(("reason_overdue", {"n": int(row.hazards_overdue), "mean": m.hazards_overdue}))
        if m.training_coverage > 0 and row.training_coverage < rules.training_share * m.training_coverage:
            parts.append(("reason_training", {"coverage": row.training_coverage, "mean": m.training_coverage}))
        if row.kind == "audit":
            parts.append(("reason_audit", {}))
        if not parts:
            parts.append(("reason_expected", {"insured": int(row.insured), "expected": row.expected}))
        zh.append(labels.join([labels.t(k, "zh", **f) for k, f in parts], "zh"))
        en.append(labels.join([labels.t(k, "en", **f) for k, f in parts], "en"))
    return zh, en


def export_xlsx(entries: pd.DataFrame, path_or_buffer, lang: str = "zh", parameters: dict | None = None) -> None:
    """The list as an office-ready workbook: a parameters sheet, then the list with headers in ``lang``,
    names beside codes (prefecture, county, industry), expected injuries to one decimal."""
    from analytics.data import reference

    en = lang == "en"
    industry = reference.industries().set_index("industry_code")["name_en" if en else "name_zh"]
    regions = reference.regions().set_index("region_code").name_zh
    table = entries.assign(
        prefecture_name=entries.get("prefecture", pd.Series(index=entries.index, dtype="object")).map(regions),
        county_name=entries.region_code.map(regions),
        industry_name=entries.industry_code.map(industry).fillna(entries.industry_code.str[:2].map(industry)))
    table = table.drop(columns=["prefecture", "county", "division", "key_group"], errors="ignore")
    table = table.drop(columns=["mandatory_reason", "reasons"] if en else ["mandatory_reason_en", "reasons_en"])
    table = table.rename(columns={"mandatory_reason_en": "mandatory_reason", "reasons_en": "reasons"})
    table = table.assign(kind=table.kind.map(lambda k: labels.t(f"kind_{k}", lang)), expected=table.expected.round(1),
                         p_serious=table.p_serious.round(3) if "p_serious" in table else None)
    headers = {"kind": "kind", "rank": "rank", "uscc": "uscc", "name": "enterprise_name",
               "prefecture_name": "prefecture_name", "county_name": "county_name", "industry_code": "industry_code",
               "industry_name": "industry_name", "region_code": "region_code", "insured": "insured",
               "expected": "expected", "low": "interval_low", "high": "interval_high", "p_serious": "p_serious",
               "mandatory_reason": "mandatory_reason", "reasons": "reasons"}
    table = table[[c for c in headers if c in table]].rename(columns={c: labels.t(k, lang) for c, k in headers.items()})
    spreadsheets.write_workbook(path_or_buffer, {labels.t("keylist_sheet", lang): table},
                                _parameters(parameters, entries.attrs, lang), _parameter_headers(lang))


def _parameters(given: dict | None, attrs: dict, lang: str) -> list[tuple[str, object]]:
    import datetime as dt

    given = {"model": attrs.get("model"), "rules": "data/config/keylist.toml",
             "made_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), **(given or {})}
    return [(labels.t(f"param_{k}", lang), v) for k, v in given.items()]


def _parameter_headers(lang: str) -> tuple[str, str, str]:
    return labels.t("param_sheet", lang), labels.t("param_item", lang), labels.t("param_value", lang)
