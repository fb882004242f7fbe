"""Prevention work of the demo province: publicity campaigns, warning-education bases, school courses.

Gaps are planted for the views to find, and documented in ``data/README.md``: in some years one
key industry has no campaign anywhere; two prefectures (and some counties elsewhere) have no
filed warning-education base; some technical-school courses run under 10 class hours.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from analytics.data import reference
from analytics.data.demo.draws import AS_OF

CAMPAIGN_GAPS = {2022: "metallurgy", 2024: "machinery", 2025: "transport"}   # no campaign that year
THEMES = ["安全生产月·工伤预防宣传", "工伤预防进企业", "《工伤保险条例》宣传周", "职业病防治法宣传周",
          "一线班组长安全讲堂", "农民工工伤预防专场"]
COURSES = ["工伤预防与职业安全", "安全生产法律法规", "职业病危害防护", "应急救护技能"]


def campaigns(rng: np.random.Generator, province: str) -> pd.DataFrame:
    """A few campaigns a year in every prefecture, each for one key industry or the public."""
    regions = reference.regions(province)
    prefectures = regions[regions.level == "prefecture"].region_code.to_numpy()
    groups = reference.load_key_industries(province=province)
    rows = []
    for year in range(2021, AS_OF.year + 1):
        active = [g.key for g in groups if (g.from_year or 0) <= year <= (g.to_year or 9999)
                  and g.key != CAMPAIGN_GAPS.get(year)]
        last_day = (AS_OF - dt.date(year, 1, 1)).days if year == AS_OF.year else 364
        for prefecture in prefectures:
            for _ in range(rng.poisson(3) + 1):
                group = rng.choice(active) if rng.random() < 0.8 else None
                rows.append((f"XC-{year}-{len(rows):05d}", dt.date(year, 1, 1) + dt.timedelta(int(rng.integers(0, last_day + 1))),
                             prefecture, group, THEMES[int(rng.integers(0, len(THEMES)))], int(rng.lognormal(6.5, 0.8))))
    return pd.DataFrame(rows, columns=["campaign_no", "date", "region_code", "key_group", "theme", "reach"])


def warning_bases(rng: np.random.Generator, province: str) -> pd.DataFrame:
    """Bases filed in most counties from 2021 on; the last two prefectures have none yet."""
    regions = reference.regions(province)
    names = dict(zip(regions.region_code, regions.name_zh))
    prefectures = sorted(regions[regions.level == "prefecture"].region_code)
    without = set(prefectures[-2:])
    rows = []
    for county in regions[(regions.level == "county") & ~regions.prefecture_code.isin(without)].itertuples():
        if rng.random() < 0.85:
            filed = dt.date(2021, 1, 1) + dt.timedelta(int(rng.integers(0, (AS_OF - dt.date(2021, 1, 1)).days)))
            rows.append((f"JD-{county.region_code}", f"{names[county.region_code]}工伤预防警示教育基地",
                         county.region_code, filed))
    return pd.DataFrame(rows, columns=["base_no", "name", "region_code", "filed_date"])


def school_courses(rng: np.random.Generator, province: str) -> pd.DataFrame:
    """Courses of one or two technical schools per prefecture, a few of them too short (< 10 class hours)."""
    regions = reference.regions(province)
    rows = []
    for prefecture in regions[regions.level == "prefecture"].itertuples():
        name = prefecture.name_zh
        short = name[:4] if name.startswith("西双版纳") else name[:2] if "自治州" in name else name.removesuffix("市")
        schools = [f"{short}技师学院", f"{short}高级技工学校"][: int(rng.integers(1, 3))]
        for year in range(2021, AS_OF.year):
            for school in schools:
                for course in rng.choice(COURSES, size=int(rng.integers(1, 3)), replace=False):
                    hours = float(rng.choice([4, 6, 8, 12, 16, 16, 24, 32], p=[.04, .04, .07, .15, .3, .2, .12, .08]))
                    rows.append((f"JX-{year}-{len(rows):05d}", school, course, hours, year, int(rng.integers(40, 400))))
    return pd.DataFrame(rows, columns=["record_no", "school", "course", "class_hours", "year", "students"])
