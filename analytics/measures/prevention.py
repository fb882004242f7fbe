"""Prevention work the plans ask for, measured against their rules (``data/config/prevention.toml``):
a campaign each year for every key industry, a filed warning-education base in every prefecture
and county, technical-school courses of at least 10 class hours."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analytics import config, paths
from analytics.data import warehouse


@dataclass(frozen=True)
class PreventionRules:
    campaigns_per_key_industry: int = 1
    bases_per_region: int = 1
    min_class_hours: float = 10


def load_rules(path: str | Path | None = None) -> PreventionRules:
    doc = config.read(path or paths.CONFIG_DIR / "prevention.toml")
    return PreventionRules(doc.section("campaigns").integer("per_key_industry", 1, minimum=1),
                           doc.section("bases").integer("per_region", 1, minimum=1),
                           doc.section("courses").number("min_class_hours", 10, low=0))


def campaign_coverage(con: duckdb.DuckDBPyConnection, year: int, rules: PreventionRules | None = None,
                      prefectures: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Each key industry active in ``year`` with its campaigns (held in ``prefectures`` when given);
    ``short`` where fewer than the rule asks."""
    rules = rules or load_rules()
    frame = warehouse.run_query(con, "measures/campaign_coverage",
                                {"year": year, "prefectures": list(prefectures) if prefectures else None})
    return frame.assign(short=frame.campaigns < rules.campaigns_per_key_industry)


def base_coverage(con: duckdb.DuckDBPyConnection, year: int, rules: PreventionRules | None = None,
                  prefectures: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every prefecture and county (of ``prefectures`` when given) with the bases filed by the end of
    ``year``; ``missing`` where too few."""
    rules = rules or load_rules()
    frame = warehouse.run_query(con, "measures/base_coverage", {"year": year})
    if prefectures:
        frame = frame[frame.prefecture_code.isin(prefectures)].reset_index(drop=True)
    return frame.assign(missing=frame.bases < rules.bases_per_region)


def short_courses(con: duckdb.DuckDBPyConnection, year: int, rules: PreventionRules | None = None) -> pd.DataFrame:
    """Technical-school courses of ``year`` under the minimum class hours (Jilin 三(三): 10)."""
    rules = rules or load_rules()
    return warehouse.run_query(con, "measures/short_courses", {"year": year, "min_hours": rules.min_class_hours})


def county_share(bases: pd.DataFrame) -> pd.DataFrame:
    """Per prefecture, the share of its counties with enough filed bases (``prefecture, county_base_share``):
    the value the coverage map shows."""
    counties = bases[bases.level == "county"]
    share = (~counties.missing).groupby(counties.prefecture_code).mean()
    return pd.DataFrame({"prefecture": share.index, "county_base_share": share.to_numpy()})
