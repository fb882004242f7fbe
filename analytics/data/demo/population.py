"""The demo's enterprises and their years: who is insured where, how many, and how risky.

Model of one enterprise-year (all rates per insured person-year)::

    true_rate = base_rate[division] x prefecture x frailty_t x trend(year) x training effect
    frailty_t = frailty x exp(AR(1) noise)            # safety management, drifts slowly

Every feed generator reads these arrays; none of it is stored except the hidden risk.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.data import reference
from analytics.data.demo.draws import AS_OF, FIRST_YEAR, LAST_YEAR, Ids
from analytics.data.demo.profile import INDUSTRY_PROFILE, PREFECTURE_WEIGHTS, sector_of


@dataclass
class Enterprises:
    """One entry per enterprise (arrays of length n)."""

    uscc: pd.api.extensions.ExtensionArray     # Arrow strings: ``uscc[e]`` is a take, not a million objects
    industry: pd.Series
    sector: np.ndarray
    prefecture: np.ndarray
    county: np.ndarray
    size: np.ndarray
    founded_year: np.ndarray
    closes: np.ndarray
    delivery: np.ndarray
    profile: pd.DataFrame          # INDUSTRY_PROFILE as a frame, shares normalised


@dataclass
class Years:
    """One entry per insured enterprise-year; ``e`` indexes :class:`Enterprises`."""

    e: np.ndarray
    year: np.ndarray
    is_key: np.ndarray
    frailty_t: np.ndarray
    steps: np.ndarray              # plan years since 2020 (0 before)
    insured: np.ndarray
    exposure_fraction: np.ndarray  # the share of the year the data cover (the last year is partial)
    coverage: np.ndarray           # training coverage of key positions
    true_rate: np.ndarray
    report_prob: np.ndarray
    expected: np.ndarray           # expected injuries (before under-reporting)


def enterprises(rng: np.random.Generator, ids: Ids, province: str, n: int) -> tuple[Enterprises, pd.DataFrame]:
    """Draw the enterprises; returns them and the ``enterprises`` feed."""
    regions = reference.regions(province)
    counties = regions[regions.level == "county"]
    weights = PREFECTURE_WEIGHTS[province]
    profile = pd.DataFrame.from_dict(INDUSTRY_PROFILE, orient="index",
                                     columns=["share", "injury_rate", "disease_rate", "median_size"])
    profile["share"] /= profile.share.sum()
    industry = rng.choice(profile.index.to_numpy(), size=n, p=profile.share.to_numpy())
    pref_codes = np.array(list(weights))
    pref_p = np.array(list(weights.values()))
    prefecture = rng.choice(pref_codes, size=n, p=pref_p / pref_p.sum())
    county = np.empty(n, dtype=object)
    for pref in pref_codes:
        mask = prefecture == pref
        options = counties.loc[counties.prefecture_code == pref, "region_code"].to_numpy()
        county[mask] = rng.choice(options, size=mask.sum())
    county = county.astype(str)
    size = np.maximum(3, np.round(profile.loc[industry, "median_size"].to_numpy() * rng.lognormal(0, 0.9, n))).astype(int)
    size = np.minimum(size, 20_000)
    ind = pd.Series(industry)
    sector = sector_of(ind)
    delivery = ind.isin(["609"]).to_numpy()
    founded_year = np.where(delivery, rng.integers(2016, 2025, n),
                            np.clip(2024 - rng.gamma(2.0, 7.0, n).astype(int), 1980, 2025))
    founded = pd.to_datetime(pd.DataFrame({"year": founded_year, "month": rng.integers(1, 13, n),
                                           "day": rng.integers(1, 29, n)}))
    closes = np.where(rng.random(n) < 0.12, rng.integers(2019, 2027, n), 9999)
    uscc = ids.uscc(county)
    kind = np.where(sector.isin(["mining", "construction", "chemicals"]), "工程", "")
    suffix = np.where(size > 300, "集团有限公司", np.where(size > 50, "有限公司", "有限责任公司"))
    region_name = dict(zip(regions.region_code, regions.name_zh))
    names = [f"{region_name[c][:2]}{i:06d}{k}{s}" for i, (c, k, s) in enumerate(zip(county, kind, suffix))]
    frame = pd.DataFrame({"uscc": uscc, "name": names, "industry_code": industry, "region_code": county,
                          "employees": size, "founded": founded})
    population = Enterprises(uscc, ind, sector.to_numpy(), prefecture, county, size, founded_year, closes, delivery,
                             profile)
    return population, frame


def key_groups(pop: Enterprises, province: str) -> np.ndarray:
    """Each enterprise's key-industry group (the province's list), "" outside every group."""
    group = np.full(len(pop.uscc), "", dtype=object)
    for g in reference.load_key_industries(province=province):
        for code in g.codes:
            group[pop.industry.str.startswith(code).to_numpy()] = g.key
    return group


def _frailty(rng: np.random.Generator, ey: pd.DataFrame, n: int, n_years: int) -> np.ndarray:
    """Safety management quality per enterprise-year: heavy-tailed, drifting (AR(1) in logs)."""
    frailty = rng.gamma(1.4, 1 / 1.4, n)
    drift = np.zeros(len(ey))
    shocks = rng.normal(0, 0.35, len(ey))
    position = ey.groupby("e").cumcount().to_numpy()       # rows of one enterprise are consecutive years
    for k in range(n_years):
        at = np.flatnonzero(position == k)
        drift[at] = shocks[at] if k == 0 else 0.6 * drift[at - 1] + shocks[at]
    return frailty[ey.e.to_numpy()] * np.exp(drift - 0.35**2 / 2 / (1 - 0.36))


def years(rng: np.random.Generator, pop: Enterprises, province: str) -> Years:
    """Draw each enterprise's insured years, exposure, training coverage and true risk."""
    n = len(pop.uscc)
    all_years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    ey = pd.DataFrame({"e": np.repeat(np.arange(n), len(all_years)), "year": np.tile(all_years, n)})
    ey = ey[(ey.year >= pop.founded_year[ey.e]) & (ey.year < pop.closes[ey.e])].reset_index(drop=True)
    e, year = ey.e.to_numpy(), ey.year.to_numpy()
    is_key = key_groups(pop, province)[e] != ""
    frailty_t = _frailty(rng, ey, n, len(all_years))
    # Trend: key industries improve over 2021-2025 at a speed that differs by prefecture.
    pref_codes = np.array(list(PREFECTURE_WEIGHTS[province]))
    pref_speed = dict(zip(pref_codes, rng.normal(-0.055, 0.035, len(pref_codes))))
    pref_speed[pref_codes[-2]] = 0.02       # one prefecture worsening
    pref_level = dict(zip(pref_codes, rng.lognormal(0, 0.15, len(pref_codes))))
    speed = np.vectorize(pref_speed.get)(pop.prefecture)[e]
    level = np.vectorize(pref_level.get)(pop.prefecture)[e]
    steps = np.clip(year - 2020, 0, None)
    trend = np.where(is_key, np.exp(speed * steps), np.exp(-0.01 * steps))
    trend = trend * np.where(year == 2020, 0.9, 1.0)          # 2020: fewer working days
    delivery = pop.delivery[e]
    trend = np.where(delivery, np.exp(0.06 * (year - 2018)), trend)   # riders: rising risk
    insured_growth = np.where(delivery, 1.25, 1.02) ** (year - np.maximum(pop.founded_year[e], FIRST_YEAR))
    insured = np.maximum(1, np.round(pop.size[e] * rng.uniform(0.75, 1.0, len(ey)) * insured_growth
                                     * rng.lognormal(0, 0.08, len(ey)))).astype(int)
    exposure_fraction = np.where(year == LAST_YEAR, (AS_OF.timetuple().tm_yday) / 365, 1.0)
    # Training of key positions cuts risk: coverage rises over the plan period.
    coverage = np.clip(np.where(is_key, 0.15 + 0.17 * (year - 2020), 0.05) * rng.uniform(0.6, 1.2, len(ey)), 0, 1)
    coverage = np.where(year < 2021, 0.0, coverage)
    base = pop.profile.loc[pop.industry.to_numpy(), "injury_rate"].to_numpy()[e] / 1000
    true_rate = base * level * frailty_t * trend * (1 - 0.25 * coverage)
    report_prob = np.where(rng.random(n) < 0.08, rng.uniform(0.25, 0.6, n), rng.uniform(0.9, 1.0, n))[e]
    return Years(e, year, is_key, frailty_t, steps, insured, exposure_fraction, coverage, true_rate, report_prob,
                 insured * true_rate * exposure_fraction)


def hidden(pop: Enterprises, ys: Years) -> pd.DataFrame:
    """The true risk, written apart from the feeds (``hidden.enterprise_risk``) to judge models."""
    return pd.DataFrame({"uscc": pop.uscc[ys.e], "year": ys.year, "true_rate": ys.true_rate,
                         "expected_injuries": ys.expected, "report_prob": ys.report_prob})
