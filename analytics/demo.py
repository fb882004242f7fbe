"""The demo province: a deterministic synthetic warehouse that behaves like real records.

Every feed is generated as a typed frame and imported through ``importer.import_frame``,
so the demo passes the same validation as a department's file. Each enterprise has a
hidden true injury rate, written to ``hidden.enterprise_risk`` and read only to evaluate
models. The targets, and where they come from, are in ``data/README.md``.

Model of one enterprise-year (all rates per insured person-year)::

    true_rate = base_rate[division] x prefecture x frailty_t x trend(year) x training effect
    frailty_t = frailty x exp(AR(1) noise)            # safety management, drifts slowly
    recognised injuries ~ Poisson(insured x true_rate x report_prob)

Hazards, overdue rectification and safety accidents are driven by the same frailty, so
they carry information about next year that last year's count alone does not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from stdnum.cn import ric, uscc

from analytics import importer, reference, warehouse

FIRST_YEAR, LAST_YEAR = 2018, 2026
AS_OF = dt.date(2026, 10, 31)          # the demo's data run to the end of October 2026
CHUNK_ROWS = 500_000                   # rows per import transaction when building a large province
SET_DUCKDB_MEMORY = "set memory_limit = '2GB'"   # DuckDB spills to disk beyond this: a large build's peak stays down

# Share of enterprises by prefecture (roughly by employment; Kunming dominates Yunnan).
PREFECTURE_WEIGHTS = {
    "yunnan": {"530100": .30, "530300": .10, "530400": .07, "530500": .04, "530600": .06, "530700": .025,
               "530800": .035, "530900": .03, "532300": .055, "532500": .09, "532600": .05, "532800": .025,
               "532900": .07, "533100": .025, "533300": .008, "533400": .01},
    "jilin": {"220100": .42, "220200": .17, "220300": .07, "220400": .04, "220500": .06, "220600": .04,
              "220700": .07, "220800": .05, "222400": .08},
}

# division (or group): (share of enterprises, recognised injuries per 1000 insured a year in 2020,
#                       pneumoconiosis/occupational-disease cases per 1000 insured a year, median size)
INDUSTRY_PROFILE = {
    "01": (.020, 2.0, .02, 25), "02": (.010, 3.5, .01, 20), "03": (.010, 2.5, .01, 20),
    "06": (.008, 16.0, 1.60, 180), "08": (.004, 13.0, 1.00, 120), "09": (.008, 14.0, 1.20, 150),
    "091": (.004, 14.5, 1.30, 160), "10": (.008, 11.0, .90, 45), "101": (.006, 12.0, 1.00, 35),
    "13": (.030, 3.5, .01, 40), "14": (.020, 3.0, .01, 40), "15": (.020, 2.5, .01, 45), "16": (.003, 1.5, .01, 600),
    "20": (.010, 5.5, .05, 30), "22": (.006, 5.0, .03, 40), "25": (.004, 6.0, .20, 200),
    "26": (.010, 6.5, .25, 80), "261": (.006, 7.0, .30, 90), "27": (.010, 3.0, .05, 100),
    "29": (.010, 5.0, .03, 50), "30": (.020, 8.0, .60, 60), "301": (.008, 9.0, .80, 90),
    "31": (.006, 9.0, .40, 200), "32": (.008, 8.5, .45, 180), "321": (.004, 9.5, .50, 220),
    "33": (.015, 6.5, .15, 40), "34": (.010, 5.5, .10, 60), "35": (.008, 5.5, .10, 60), "36": (.004, 5.0, .08, 250),
    "38": (.008, 4.5, .05, 80), "39": (.006, 2.0, .02, 150), "44": (.012, 3.0, .03, 90), "46": (.008, 2.5, .01, 50),
    "47": (.045, 15.0, .10, 70), "471": (.025, 16.0, .10, 60), "48": (.030, 14.0, .12, 80),
    "481": (.015, 16.0, .15, 110), "49": (.020, 8.0, .03, 35), "50": (.030, 7.5, .05, 25),
    "51": (.080, 1.2, .00, 15), "52": (.100, 1.0, .00, 12), "54": (.030, 7.0, .01, 40),
    "543": (.020, 8.0, .01, 35), "55": (.002, 6.0, .01, 40), "56": (.001, 2.0, .01, 400), "58": (.006, 4.5, .01, 20),
    "59": (.008, 5.0, .02, 25), "594": (.002, 6.5, .05, 30), "60": (.006, 3.5, .00, 30),
    "602": (.006, 6.0, .00, 45), "609": (.004, 9.0, .00, 60), "61": (.030, 1.5, .00, 20),
    "62": (.050, 1.8, .00, 15), "63": (.005, .8, .00, 60), "64": (.008, .5, .00, 25), "65": (.020, .3, .00, 30),
    "66": (.010, .3, .00, 60), "70": (.030, 1.2, .00, 25), "72": (.060, 1.0, .00, 20), "74": (.020, 1.5, .01, 30),
    "78": (.015, 2.5, .00, 40), "80": (.020, 1.5, .00, 12), "81": (.015, 3.0, .01, 10), "83": (.030, .6, .00, 60),
    "84": (.025, 1.2, .00, 80), "88": (.005, .8, .00, 20), "94": (.005, .3, .00, 40),
}

ACCIDENT_TYPES_BY_SECTION = {  # GB 6441 codes and weights of recognised injuries
    "mining": {1: 18, 2: 8, 3: 10, 9: 6, 10: 6, 11: 22, 12: 3, 13: 5, 15: 3, 19: 4, 20: 15},
    "construction": {1: 25, 2: 6, 3: 10, 4: 7, 5: 5, 9: 30, 10: 8, 20: 9},
    "transport": {1: 8, 2: 62, 3: 6, 4: 4, 9: 5, 20: 15},
    "delivery": {2: 85, 1: 3, 20: 12},
    "manufacturing": {1: 18, 2: 6, 3: 42, 4: 6, 5: 3, 7: 9, 9: 5, 19: 2, 20: 9},
    "chemicals": {1: 12, 2: 5, 3: 20, 7: 20, 8: 5, 17: 5, 18: 4, 19: 15, 20: 14},
    "other": {1: 15, 2: 30, 3: 10, 5: 3, 9: 10, 20: 32},
}

MONTH_SEASON = {  # relative weight of each month; construction peaks in summer, Spring Festival dip
    "construction": [.6, .5, 1.0, 1.1, 1.2, 1.2, 1.2, 1.2, 1.1, 1.1, 1.0, .8],
    "other": [.85, .75, 1.0, 1.0, 1.05, 1.05, 1.05, 1.05, 1.0, 1.05, 1.05, 1.05],
}

PNEUMOCONIOSIS_BY_DIVISION = {"06": "煤工尘肺", "08": "矽肺", "09": "矽肺", "10": "矽肺", "30": "水泥尘肺",
                              "31": "铸工尘肺", "32": "铝尘肺", "33": "电焊工尘肺", "34": "电焊工尘肺"}
OTHER_DISEASES = [(4, "职业性噪声聋"), (5, "职业性慢性铅中毒"), (5, "职业性苯中毒"), (2, "职业性接触性皮炎"),
                  (6, "职业性中暑"), (1, "职业性哮喘")]
HAZARD_CATEGORIES = {
    "mining": ["通风系统缺陷", "顶板支护不到位", "防治水措施不落实", "爆破作业违规", "粉尘浓度超标"],
    "construction": ["高处作业防护缺失", "脚手架搭设不规范", "临时用电不规范", "深基坑支护缺陷", "起重机械未检验"],
    "transport": ["车辆超载", "驾驶员疲劳驾驶", "车辆未按期检验", "动态监控缺失"],
    "delivery": ["骑手超速逆行", "电动车未检验", "未配备头盔", "超时派单"],
    "manufacturing": ["设备防护装置缺失", "特种设备未检验", "作业场所噪声超标", "应急预案未演练"],
    "chemicals": ["危化品储存不规范", "可燃气体报警失效", "动火作业未审批", "有毒气体浓度超标"],
    "other": ["消防通道堵塞", "电气线路老化", "安全培训不到位", "应急预案未演练"],
}
DEPARTMENTS = {"mining": "应急管理", "construction": "住建", "transport": "交通运输", "delivery": "交通运输",
               "manufacturing": "应急管理", "chemicals": "应急管理", "other": "消防救援"}
POSITIONS = {
    "mining": ["采煤工", "掘进工", "爆破工", "支护工", "井下电工"], "construction": ["架子工", "钢筋工", "木工", "塔吊司机", "电焊工"],
    "transport": ["货车司机", "客车司机", "装卸工"], "delivery": ["配送骑手", "站点调度"],
    "manufacturing": ["车床操作工", "冲压工", "焊工", "装配工"], "chemicals": ["反应釜操作工", "仓储保管员", "巡检工"],
    "other": ["营业员", "厨师", "保洁员", "司机", "文员"],
}
COURSES = {"principal": "企业主要负责人安全生产与工伤预防", "safety_manager": "安全管理人员工伤预防能力提升",
           "team_leader": "一线班组长工伤预防培训", "exposed_worker": "职业病危害防护与工伤预防"}


def _sector(codes: pd.Series) -> pd.Series:
    div = codes.str[:2].astype(int)
    sector = pd.Series("other", index=codes.index)
    sector[div.between(13, 43)] = "manufacturing"
    sector[div.isin([25, 26, 28]) | codes.eq("594")] = "chemicals"
    sector[div.between(6, 12)] = "mining"
    sector[div.between(47, 50)] = "construction"
    sector[div.between(53, 59) & ~codes.eq("594")] = "transport"
    sector[codes.isin(["602", "609"])] = "delivery"
    return sector


@dataclass
class DemoSummary:
    enterprises: int
    rows: dict[str, int]
    seconds: float


class _Ids:
    """Valid, unique identifiers (check digits by python-stdnum)."""

    ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

    def __init__(self, rng: np.random.Generator, province: str):
        self.rng = rng
        self.birthplaces = np.array(reference.birthplace_codes(province, born_by=1961))
        self.code_since = reference.division_start_years()

    def uscc(self, region_codes: np.ndarray) -> list[str]:
        body = self.rng.integers(0, len(self.ORG_ALPHABET), size=(len(region_codes), 9))
        out = []
        for n, (region, chars) in enumerate(zip(region_codes, body)):
            org = "".join(self.ORG_ALPHABET[c] for c in chars[:-4]) + f"{n:04d}"[-4:]
            stem = "91" + region + org
            out.append(stem + uscc.calc_check_digit(stem + "0"))
        return out

    def person(self, region_codes: np.ndarray, year: np.ndarray) -> list[str]:
        n = len(region_codes)
        age = self.rng.integers(19, 58, size=n)
        born = year - age
        birth = pd.to_datetime(pd.DataFrame({"year": born, "month": self.rng.integers(1, 13, n),
                                             "day": self.rng.integers(1, 29, n)})).dt.strftime("%Y%m%d")
        seq = self.rng.integers(0, 1000, n)
        # Birthplace: the workplace county where that code already existed, else a long-standing one.
        fallback = self.rng.choice(self.birthplaces, n) if n else np.array([], dtype=str)
        since = np.array([self.code_since.get(c, 9999) for c in region_codes], dtype=int)
        place = np.where(since <= born, region_codes, fallback)
        out = []
        for region, b, s in zip(place, birth, seq):
            stem = f"{region}{b}{s:03d}"
            out.append(stem + ric.calc_check_digit(stem + "0"))
        return out


def _expand(counts: np.ndarray) -> np.ndarray:
    """Row index repeated by count: one output row per event."""
    return np.repeat(np.arange(len(counts)), counts)


def _dates_in_year(rng, years: np.ndarray, season: np.ndarray, last: dt.date = AS_OF) -> pd.Series:
    """A day in each given year, month drawn from the row's seasonal weights."""
    probs = season / season.sum(axis=1, keepdims=True)
    month = (probs.cumsum(axis=1) > rng.random((len(years), 1))).argmax(axis=1) + 1
    day = rng.integers(1, 29, len(years))
    dates = pd.to_datetime(pd.DataFrame({"year": years, "month": month, "day": day}))
    cap = pd.Timestamp(last)
    return dates.where(dates <= cap, cap - pd.to_timedelta(rng.integers(0, 300, len(years)), unit="D"))


def generate(seed: int = 20250101, n_enterprises: int = 50_000, province: str = "yunnan") -> dict[str, pd.DataFrame]:
    """All feeds of the demo province as typed frames, plus ``hidden`` (the true risk)."""
    return dict(iter_feeds(seed, n_enterprises, province))


def iter_feeds(seed: int = 20250101, n_enterprises: int = 50_000, province: str = "yunnan"):
    """Yield ``(feed, frame)`` one feed at a time, enterprises first, so a large province is
    never in memory whole."""
    rng = np.random.default_rng(seed)
    ids = _Ids(rng, province)
    regions = reference.regions(province)
    counties = regions[regions.level == "county"]
    weights = PREFECTURE_WEIGHTS[province]

    # --- enterprises -------------------------------------------------------------------
    profile = pd.DataFrame.from_dict(INDUSTRY_PROFILE, orient="index",
                                     columns=["share", "injury_rate", "disease_rate", "median_size"])
    profile["share"] /= profile.share.sum()
    industry = rng.choice(profile.index.to_numpy(), size=n_enterprises, p=profile.share.to_numpy())
    pref_codes = np.array(list(weights))
    pref_p = np.array(list(weights.values()))
    prefecture = rng.choice(pref_codes, size=n_enterprises, p=pref_p / pref_p.sum())
    county = np.empty(n_enterprises, dtype=object)
    for pref in pref_codes:
        mask = prefecture == pref
        options = counties.loc[counties.prefecture_code == pref, "region_code"].to_numpy()
        county[mask] = rng.choice(options, size=mask.sum())
    county = county.astype(str)
    size = np.maximum(3, np.round(profile.loc[industry, "median_size"].to_numpy()
                                  * rng.lognormal(0, 0.9, n_enterprises))).astype(int)
    size = np.minimum(size, 20_000)
    ind = pd.Series(industry)
    sector = _sector(ind)
    delivery = ind.isin(["609"]).to_numpy()
    founded_year = np.where(delivery, rng.integers(2016, 2025, n_enterprises),
                            np.clip(2024 - rng.gamma(2.0, 7.0, n_enterprises).astype(int), 1980, 2025))
    founded = pd.to_datetime(pd.DataFrame({"year": founded_year, "month": rng.integers(1, 13, n_enterprises),
                                           "day": rng.integers(1, 29, n_enterprises)}))
    closes = np.where(rng.random(n_enterprises) < 0.12, rng.integers(2019, 2027, n_enterprises), 9999)
    uscc_list = ids.uscc(county)
    kind = np.where(sector.isin(["mining", "construction", "chemicals"]), "工程", "")
    suffix = np.where(size > 300, "集团有限公司", np.where(size > 50, "有限公司", "有限责任公司"))
    region_name = dict(zip(regions.region_code, regions.name_zh))
    names = [f"{region_name[c][:2]}{i:06d}{k}{s}"
             for i, (c, k, s) in enumerate(zip(county, kind, suffix))]
    enterprises = pd.DataFrame({
        "uscc": uscc_list, "name": names, "industry_code": industry, "region_code": county,
        "employees": size, "founded": founded.dt.date,
    })
    yield "enterprises", enterprises
    del enterprises, names

    # --- enterprise-years --------------------------------------------------------------
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    ey = pd.DataFrame({"e": np.repeat(np.arange(n_enterprises), len(years)),
                       "year": np.tile(years, n_enterprises)})
    ey = ey[(ey.year >= founded_year[ey.e]) & (ey.year < closes[ey.e])].reset_index(drop=True)
    e = ey.e.to_numpy()
    year = ey.year.to_numpy()
    groups = reference.load_key_industries(province=province)
    key_group = np.full(n_enterprises, "", dtype=object)
    for g in groups:
        for code in g.codes:
            key_group[ind.str.startswith(code).to_numpy()] = g.key
    is_key = key_group[e] != ""
    # Frailty: safety management quality, heavy-tailed, drifting year to year (AR(1) in logs).
    frailty = rng.gamma(1.4, 1 / 1.4, n_enterprises)
    drift = np.zeros(len(ey))
    shocks = rng.normal(0, 0.35, len(ey))
    position = ey.groupby("e").cumcount().to_numpy()       # rows of one enterprise are consecutive years
    for k in range(len(years)):
        at = np.flatnonzero(position == k)
        drift[at] = shocks[at] if k == 0 else 0.6 * drift[at - 1] + shocks[at]
    frailty_t = frailty[e] * np.exp(drift - 0.35**2 / 2 / (1 - 0.36))
    # Trend: key industries improve over 2021-2025 at a speed that differs by prefecture.
    pref_speed = dict(zip(pref_codes, rng.normal(-0.055, 0.035, len(pref_codes))))
    pref_speed[pref_codes[-2]] = 0.02       # one prefecture worsening
    pref_level = dict(zip(pref_codes, rng.lognormal(0, 0.15, len(pref_codes))))
    speed = np.vectorize(pref_speed.get)(prefecture)[e]
    level = np.vectorize(pref_level.get)(prefecture)[e]
    steps = np.clip(year - 2020, 0, None)
    trend = np.where(is_key, np.exp(speed * steps), np.exp(-0.01 * steps))
    trend = trend * np.where(year == 2020, 0.9, 1.0)          # 2020: fewer working days
    delivery_e = delivery[e]
    trend = np.where(delivery_e, np.exp(0.06 * (year - 2018)), trend)   # riders: rising risk
    insured_growth = np.where(delivery_e, 1.25, 1.02) ** (year - np.maximum(founded_year[e], FIRST_YEAR))
    insured = np.maximum(1, np.round(size[e] * rng.uniform(0.75, 1.0, len(ey)) * insured_growth
                                     * rng.lognormal(0, 0.08, len(ey)))).astype(int)
    exposure_fraction = np.where(year == LAST_YEAR, (AS_OF.timetuple().tm_yday) / 365, 1.0)
    # Training of key positions cuts risk: coverage rises over the plan period.
    coverage = np.clip(np.where(is_key, 0.15 + 0.17 * (year - 2020), 0.05) * rng.uniform(0.6, 1.2, len(ey)), 0, 1)
    coverage = np.where(year < 2021, 0.0, coverage)
    train_effect = 1 - 0.25 * coverage
    base = profile.loc[industry, "injury_rate"].to_numpy()[e] / 1000
    true_rate = base * level * frailty_t * trend * train_effect
    report_prob = np.where(rng.random(n_enterprises) < 0.08, rng.uniform(0.25, 0.6, n_enterprises),
                           rng.uniform(0.9, 1.0, n_enterprises))[e]
    expected = insured * true_rate * exposure_fraction
    yield "hidden", pd.DataFrame({"uscc": np.array(uscc_list)[e], "year": year, "true_rate": true_rate,
                                  "expected_injuries": expected, "report_prob": report_prob})

    # --- injuries ----------------------------------------------------------------------
    n_inj = rng.poisson(expected * report_prob)
    rows = _expand(n_inj)
    sec = sector.to_numpy()[e[rows]]
    season = np.array([MONTH_SEASON["construction" if s == "construction" else "other"] for s in sec]).reshape(-1, 12) \
        if len(rows) else np.ones((0, 12))
    accident_date = _dates_in_year(rng, year[rows], season)
    decision_lag = rng.gamma(3.0, 18.0, len(rows)).astype(int) + 10
    decision_date = accident_date + pd.to_timedelta(decision_lag, unit="D")
    recognised = (decision_date <= pd.Timestamp(AS_OF)).to_numpy()
    acc_type = np.empty(len(rows), dtype=int)
    for s, dist in ACCIDENT_TYPES_BY_SECTION.items():
        mask = sec == s
        p = np.array(list(dist.values()), dtype=float)
        acc_type[mask] = rng.choice(list(dist), size=mask.sum(), p=p / p.sum())
    fatal_p = np.select([sec == "mining", np.isin(sec, ["transport", "delivery"]), sec == "construction"],
                        [0.045, 0.035, 0.025], 0.008)
    fatal = rng.random(len(rows)) < fatal_p
    u = rng.random(len(rows))
    grade = np.where(fatal, pd.NA, np.where(u < 0.03, rng.integers(1, 5, len(rows)),
                     np.where(u < 0.38, rng.choice([5, 6, 7, 8, 9, 10], len(rows), p=[.03, .05, .1, .17, .3, .35]), pd.NA)))
    lost_days = np.where(fatal, pd.NA, np.minimum(365, rng.lognormal(3.8, 0.7, len(rows)).astype(int) + 7))
    grade_num = pd.to_numeric(pd.Series(grade), errors="coerce").to_numpy()
    benefits = np.select([fatal, grade_num <= 4, grade_num <= 10],
                         [rng.normal(1_050_000, 80_000, len(rows)), rng.normal(420_000, 90_000, len(rows)),
                          (11 - np.nan_to_num(grade_num)) * rng.normal(16_000, 3_000, len(rows))],
                         rng.lognormal(9.2, 0.6, len(rows))).round(2)
    injuries = pd.DataFrame({
        "case_no": [f"{c}-{y}-{i:07d}" for i, (c, y) in enumerate(zip(county[e[rows]], year[rows]))],
        "uscc": np.array(uscc_list)[e[rows]],
        "id_number": ids.person(county[e[rows]], year[rows]),
        "accident_date": accident_date.dt.date, "decision_date": decision_date.dt.date,
        "accident_type": acc_type, "fatal": fatal,
        "disability_grade": pd.array(grade, dtype="Int64"), "lost_days": pd.array(lost_days, dtype="Int64"),
        "benefits": np.maximum(benefits, 500),
        "position": [POSITIONS[s][k % len(POSITIONS[s])] for s, k in zip(sec, rng.integers(0, 100, len(rows)))],
    })[recognised].reset_index(drop=True)
    # Fund payments by decision year: the award, then yearly 伤残津贴 (grades 1-4) or
    # 供养亲属抚恤金 (deaths) in every later year.
    decided = pd.to_datetime(injuries.decision_date).dt.year.to_numpy()
    paid = pd.DataFrame({"e": e[rows][recognised], "year": decided, "benefits": injuries.benefits.to_numpy()})
    pension = np.where(injuries.fatal, 30_000.0, np.where(injuries.disability_grade.fillna(99) <= 4, 45_000.0, 0.0))
    later = [paid.assign(year=decided + k, benefits=pension)[pension > 0] for k in range(1, LAST_YEAR - FIRST_YEAR + 1)]
    paid = pd.concat([paid, *later]).groupby(["e", "year"]).benefits.sum()
    yield "injuries", injuries
    del injuries

    # --- occupational diseases ---------------------------------------------------------
    dis_rate = profile.loc[industry, "disease_rate"].to_numpy()[e] / 1000
    dis_trend = np.where(is_key, np.exp(-0.07 * steps), 1.0)
    n_dis = rng.poisson(insured * dis_rate * np.sqrt(frailty_t) * dis_trend * exposure_fraction)
    drow = _expand(n_dis)
    div = ind.str[:2].to_numpy()[e[drow]]
    pneumo_name = np.array([PNEUMOCONIOSIS_BY_DIVISION.get(d, "") for d in div], dtype=object)
    is_pneumo = (pneumo_name != "") & (rng.random(len(drow)) < 0.85)
    other = rng.integers(0, len(OTHER_DISEASES), len(drow))
    diseases = pd.DataFrame({
        "case_no": [f"ZYB-{y}-{i:06d}" for i, y in enumerate(year[drow])],
        "uscc": np.array(uscc_list)[e[drow]],
        "id_number": ids.person(county[e[drow]], year[drow] - 5),
        "diagnosis_date": _dates_in_year(rng, year[drow], np.ones((len(drow), 12))).dt.date,
        "category": np.where(is_pneumo, 1, [OTHER_DISEASES[k][0] for k in other]),
        "disease": np.where(is_pneumo, pneumo_name, [OTHER_DISEASES[k][1] for k in other]),
        "stage": np.where(is_pneumo, rng.choice(["壹期", "贰期", "叁期"], len(drow), p=[.7, .22, .08]), None),
        "exposure_years": rng.uniform(3, 30, len(drow)).round(1),
    })
    yield "diseases", diseases
    del diseases

    # --- safety accidents --------------------------------------------------------------
    n_acc = rng.poisson(expected * 0.04 + 0.002)
    arow = _expand(n_acc)
    asec = sector.to_numpy()[e[arow]]
    big = rng.random(len(arow))
    deaths = np.where(big < 0.02, rng.integers(3, 8, len(arow)), np.where(big < 0.35, 1, 0))
    deaths = np.where((asec == "mining") & (big < 0.004), rng.integers(10, 14, len(arow)), deaths)
    accidents = pd.DataFrame({
        "accident_no": [f"YJ-{y}-{i:06d}" for i, y in enumerate(year[arow])],
        "uscc": np.array(uscc_list)[e[arow]],
        "date": _dates_in_year(rng, year[arow], np.ones((len(arow), 12))).dt.date,
        "accident_type": [rng.choice(list(ACCIDENT_TYPES_BY_SECTION[s])) for s in asec],
        "deaths": deaths, "serious_injuries": rng.poisson(0.6, len(arow)), "minor_injuries": rng.poisson(1.2, len(arow)),
        "direct_loss": (rng.lognormal(3.5, 1.2, len(arow)) * (1 + deaths)).round(1),
    })
    yield "accidents", accidents
    del accidents

    # --- hazards -----------------------------------------------------------------------
    inspect = np.where(is_key, 1.0, 0.25) * np.sqrt(insured / 30)
    n_haz = rng.poisson(0.6 * inspect * frailty_t ** 0.8 * exposure_fraction)
    hrow = _expand(n_haz)
    hsec = sector.to_numpy()[e[hrow]]
    found = _dates_in_year(rng, year[hrow], np.ones((len(hrow), 12)))
    deadline = found + pd.to_timedelta(rng.choice([15, 30, 60, 90], len(hrow)), unit="D")
    major = rng.random(len(hrow)) < 0.03 + 0.04 * np.minimum(frailty_t[hrow], 3)
    diligence = 1 / (1 + frailty_t[hrow])                       # frail enterprises fix late or never
    outcome = rng.random(len(hrow))
    lag = np.where(outcome < 0.35 + 0.6 * diligence, -rng.integers(0, 15, len(hrow)), rng.integers(5, 200, len(hrow)))
    rectified = deadline + pd.to_timedelta(lag, unit="D")
    # A 重大隐患 is supervised (挂牌督办) until fixed: one is seldom left open for good.
    never = rng.random(len(hrow)) < np.where(major, 0.01, 0.08) * frailty_t[hrow]
    rectified = rectified.where((rectified <= pd.Timestamp(AS_OF)) & ~never & (rectified >= found))
    hazards = pd.DataFrame({
        "hazard_no": [f"YH-{y}-{i:07d}" for i, y in enumerate(year[hrow])],
        "uscc": np.array(uscc_list)[e[hrow]],
        "found_date": found.dt.date,
        "level": np.where(major, "major", "general"),
        "category": [HAZARD_CATEGORIES[s][k % len(HAZARD_CATEGORIES[s])] for s, k in
                     zip(hsec, rng.integers(0, 100, len(hrow)))],
        "deadline": deadline.dt.date,
        "rectified_date": rectified.dt.date,
        "department": [DEPARTMENTS[s] for s in hsec],
    })
    yield "hazards", hazards
    del hazards, found, deadline, rectified, major

    # --- key positions and training (key-industry enterprises, plan years) -------------
    plan = is_key & (year >= 2021) & (insured >= 30)
    kp = []
    for role, per in (("principal", 0), ("safety_manager", 80), ("team_leader", 40), ("exposed_worker", 40)):
        count = np.ones(plan.sum(), dtype=int) if per == 0 else np.maximum(1, insured[plan] // per)
        kp.append(pd.DataFrame({"i": np.flatnonzero(plan), "role": role, "headcount": count}))
    kp = pd.concat(kp, ignore_index=True)
    exposed_sector = sector.to_numpy()[e[kp.i]]
    kp = kp[(kp.role != "exposed_worker") | np.isin(exposed_sector, ["mining", "chemicals", "manufacturing"])]
    kp = kp.reset_index(drop=True)
    key_positions = pd.DataFrame({"uscc": np.array(uscc_list)[e[kp.i]], "year": year[kp.i],
                                  "role": kp.role, "headcount": kp.headcount})
    trained = rng.binomial(kp.headcount.to_numpy(), np.minimum(1, coverage[kp.i] * rng.uniform(0.8, 1.1, len(kp))))
    trow = _expand(trained)
    ti = kp.i.to_numpy()[trow]
    cap = pd.Timestamp(AS_OF)
    completed = _dates_in_year(rng, year[ti], np.ones((len(trow), 12)))
    trainings = pd.DataFrame({
        "record_no": [f"PX-{y}-{i:07d}" for i, y in enumerate(year[ti])],
        "uscc": np.array(uscc_list)[e[ti]],
        "id_number": ids.person(county[e[ti]], year[ti]),
        "role": kp.role.to_numpy()[trow],
        "course": [COURSES[r] for r in kp.role.to_numpy()[trow]],
        "hours": rng.choice([8.0, 12.0, 16.0, 24.0], len(trow)),
        "completed_date": completed.where(completed <= cap, cap).dt.date,
        "online": rng.random(len(trow)) < 0.4,
    })
    yield "key_positions", key_positions
    yield "trainings", trainings
    del key_positions, trainings, completed

    # --- insurance ---------------------------------------------------------------------
    rate_class = reference.industries().set_index("industry_code").risk_class
    cls = pd.Series(industry).map(lambda c: rate_class.get(c, rate_class.get(c[:2]))).to_numpy()[e].astype(int)
    wage = 68_000 * 1.055 ** (year - 2018) * rng.lognormal(0, 0.2, len(ey))
    payroll = (insured * wage * exposure_fraction).round(-2)
    tier = rng.choice([0.8, 1.0, 1.0, 1.0, 1.2, 1.5], len(ey))
    tier = np.where(cls == 1, np.maximum(tier, 1.0), tier)
    rate_applied = np.array([reference.BENCHMARK_RATES[c] for c in cls]) * tier
    late = rng.random(len(ey)) < 0.03 * np.minimum(frailty_t, 3)
    premium = (payroll * rate_applied / 100 * np.where(late, rng.uniform(0.5, 0.9, len(ey)), 1.0)).round(2)
    benefit = paid.reindex(pd.MultiIndex.from_arrays([e, year])).fillna(0).to_numpy()
    yield "insurance", pd.DataFrame({
        "uscc": np.array(uscc_list)[e], "year": year, "insured": insured, "payroll": payroll,
        "premium_paid": premium, "benefits_paid": benefit.round(2), "rate_class": cls,
        "rate_applied": rate_applied.round(3), "paid_late": late,
    })


def build(db, seed: int = 20250101, n_enterprises: int = 50_000, province: str = "yunnan",
          force: bool = False, progress=print) -> DemoSummary:
    """Generate the demo province and import it feed by feed through the validating importer."""
    import time
    from pathlib import Path

    start = time.perf_counter()
    path = Path(db)
    if path.exists():
        if not force:
            raise FileExistsError(f"{path} exists; pass force=True (--force) to rebuild it")
        path.unlink()
        Path(str(path) + ".wal").unlink(missing_ok=True)
    con = warehouse.connect(path)
    con.execute(SET_DUCKDB_MEMORY)
    con.execute("set preserve_insertion_order = false")
    warehouse.migrate(con, province=province)
    key = f"demo-{seed}".encode()               # demo data: a fixed key keeps the build reproducible
    rows = {}
    ctx = None
    for feed, frame in iter_feeds(seed, n_enterprises, province):
        if feed == "hidden":
            con.register("hidden_frame", frame)
            con.execute("insert into hidden.enterprise_risk select * from hidden_frame")
            con.unregister("hidden_frame")
            continue
        ctx = ctx or importer.context(con, AS_OF)
        rows[feed] = 0
        for first in range(0, len(frame), CHUNK_ROWS):   # bounded memory for a large province
            chunk = frame.iloc[first:first + CHUNK_ROWS]
            result = importer.import_frame(con, feed, chunk, f"demo:{feed}", user="demo", key=key, ctx=ctx,
                                           refresh=False)
            if not result.accepted:
                report = result.validation.report("en").head(5).to_string()
                raise RuntimeError(f"demo feed {feed} failed validation:\n{report}")
            rows[feed] += result.inserted
        progress(f"{feed}: {rows[feed]} rows")
        if feed == "enterprises":
            ctx = None                              # the other feeds refer to these enterprises
        del frame
    warehouse.refresh_marts(con)
    con.execute("checkpoint")
    con.close()
    return DemoSummary(n_enterprises, rows, time.perf_counter() - start)
