"""Prevention projects of the demo province, their trails, the expert pool, and the projects' hidden effect.

Each year from 2022 about two prefectures in three commission a project (a few two) for one key
industry, serving 15-60 of its enterprises there (a quarter at most), chosen as real projects are,
on last year's records: mostly the riskier ones (weight ∝ last year's expected injuries^0.7), so
a naive before/after or treated/untreated comparison is biased. From the day work starts (开工) a
served enterprise's injuries fall by a hidden share, large below 100 insured (no safety department
of its own) and in mining and construction, small above
(:data:`SIZE_EFFECT` x :data:`SECTOR_FACTOR`); ``injuries`` thins them accordingly and the truth
is written to ``hidden.project_effect``. Inspections and letters have no planted effect.

The trails break no rule, except one file of late corrections (:func:`broken_events`) that
the importer must reject: an overpayment, a 尾款 before 验收 and a 开工 before 签约. Some
projects miss a milestone (no 中期评估, a late 开工) for the overdue view to find. Everything here
is drawn from its own generator, and averted injuries are removed after they are drawn, so the
enterprises, their years and the injuries not averted are those the demo had without projects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from stdnum.cn import uscc

from analytics.data import reference
from analytics.data.demo.draws import AS_OF, Ids
from analytics.data.demo import population
from analytics.data.demo.population import Enterprises, Years

FIRST_PROJECT_YEAR = 2022
# An employer of 100 or more must keep its own safety department (安全生产法 第二十四条), so a
# project adds little there; below that it is often the only safety help the employer gets.
SIZE_EFFECT = ((100, 0.45), (np.inf, 0.02))                        # insured below the bound -> share averted
SECTOR_FACTOR = {"mining": 1.2, "construction": 1.2}               # every other sector: OTHER_SECTORS
OTHER_SECTORS = 0.8
SPECIALTIES = ["建筑施工安全", "矿山安全", "危险化学品安全", "职业卫生", "交通运输安全", "机械安全", "冶金安全", "工伤保险"]
IMPLEMENTERS = ["安全技术服务中心", "职业卫生技术服务有限公司", "安全生产培训中心", "安全生产协会", "应急安全科学研究院",
                "建筑安全咨询有限公司", "矿山安全技术研究所", "工伤预防宣传教育中心"]


@dataclass
class DemoProjects:
    projects: pd.DataFrame
    served: pd.DataFrame
    events: pd.DataFrame
    effect: pd.DataFrame            # hidden: uscc, project_no, start_date, effect
    implementers: np.ndarray        # their USCCs, for the expert pool


def draw(rng: np.random.Generator, ids: Ids, pop: Enterprises, ys: Years, province: str) -> DemoProjects:
    """Projects, the enterprises they serve, their trails and the hidden effect."""
    regions = reference.regions(province)
    names = dict(zip(regions.region_code, regions.name_zh))
    groups = reference.load_key_industries(province=province)
    group_of = population.key_groups(pop, province)
    group_zh = {g.key: g.name_zh for g in groups}
    implementers = _organisations(ids, "52", rng.choice(sorted(set(pop.prefecture)), len(IMPLEMENTERS)))
    served_before = np.zeros(len(pop.uscc), dtype=bool)
    # Projects are planned on last year's records: the weight is the enterprise's risk of the year before.
    risk = pd.Series(ys.expected, index=pd.MultiIndex.from_arrays([ys.e, ys.year]))
    planned_on = risk.reindex(pd.MultiIndex.from_arrays([ys.e, ys.year - 1])).to_numpy()
    planned_on = np.where(np.isnan(planned_on), ys.expected, planned_on)
    prefectures = sorted(set(pop.prefecture))
    prefecture_of = pd.Categorical(pop.prefecture, categories=prefectures).codes[ys.e]
    keys = [g.key for g in groups]
    group_code = pd.Index(keys).get_indexer(group_of)[ys.e]      # -1: not in a key group
    projects, served, events, effect = [], [], [], []
    for year in range(FIRST_PROJECT_YEAR, AS_OF.year + 1):
        in_year = np.flatnonzero(ys.year == year)
        for p, prefecture in enumerate(prefectures):
            here = in_year[prefecture_of[in_year] == p]
            for _ in range(int(rng.random() < 0.65) + int(rng.random() < 0.1)):
                alive = here[~served_before[ys.e[here]] & (group_code[here] >= 0)]
                counts = np.bincount(group_code[alive], minlength=len(keys))
                options = [g.key for g, count in zip(groups, counts)
                           if (g.from_year or 0) <= year <= (g.to_year or 9999) and count >= 5]
                if not options:
                    continue
                group = str(rng.choice(options))
                rows = alive[group_code[alive] == keys.index(group)]
                weight = planned_on[rows] ** 0.7 + 1e-6
                take = min(max(1, len(rows) // 4), int(rng.integers(15, 61)))   # a small province: a quarter at most
                chosen = rows[rng.choice(len(rows), size=take, replace=False, p=weight / weight.sum())]
                number = f"GSYF-{year}-{len(projects) + 1:03d}"
                contract = dt.date(year, 1, 1) + dt.timedelta(int(rng.integers(40, 200)))
                if contract > AS_OF - dt.timedelta(days=20):
                    continue
                due = contract + dt.timedelta(int(rng.integers(240, 320)))
                k = int(rng.integers(0, len(IMPLEMENTERS)))
                budget = float(round(take * rng.uniform(8_000, 20_000), -3))
                projects.append((number, f"{names[prefecture]}{group_zh[group]}企业工伤预防项目（{year}年度）", year,
                                 prefecture, group, budget, f"云南{IMPLEMENTERS[k]}", implementers[k], contract, due))
                trail, start = _trail(rng, number, contract, due, budget)
                events.extend(trail)
                e = ys.e[chosen]
                served_before[e] = True
                served.extend((number, u) for u in pop.uscc[e])
                if start is not None:
                    effect.extend(zip(pop.uscc[e], [number] * len(e), [start] * len(e),
                                      _effect(ys.insured[chosen], pop.sector[e])))
    return DemoProjects(
        pd.DataFrame(projects, columns=["project_no", "name", "year", "region_code", "key_group", "budget", "implementer",
                                        "implementer_uscc", "contract_date", "due_date"]),
        pd.DataFrame(served, columns=["project_no", "uscc"]),
        pd.DataFrame(events, columns=["event_no", "project_no", "stage", "date", "amount", "payment_kind", "note"]),
        pd.DataFrame(effect, columns=["uscc", "project_no", "start_date", "effect"]),
        implementers)


def _organisations(ids: Ids, kind: str, region_codes: np.ndarray) -> np.ndarray:
    """Valid USCCs of social organisations ("52") or public institutions ("12") registered in ``region_codes``."""
    stems = [kind + code[2:17] for code in ids.uscc(region_codes)]
    return np.array([stem + uscc.calc_check_digit(stem + "0") for stem in stems])


def _effect(insured: np.ndarray, sector: np.ndarray) -> np.ndarray:
    base = np.select([insured < bound for bound, _ in SIZE_EFFECT], [share for _, share in SIZE_EFFECT])
    factor = pd.Series(sector).map(SECTOR_FACTOR).fillna(OTHER_SECTORS).to_numpy(dtype=float)
    return np.round(base * factor, 4)


def _trail(rng: np.random.Generator, number: str, contract: dt.date, due: dt.date, budget: float):
    """The events up to the demo's last day; returns them and the start date (None if not started)."""
    day = lambda base, lo, hi: base + dt.timedelta(int(rng.integers(lo, hi + 1)))  # noqa: E731
    skip_midterm = rng.random() < 0.08
    late_start = rng.random() < 0.1
    start = day(contract, 35, 70) if late_start else day(contract, 5, 28)
    midterm = contract + (due - contract) * float(rng.uniform(0.42, 0.5))
    acceptance = day(due, -25, 10)
    advance, progress = round(budget * 0.3, 2), round(budget * 0.4, 2)
    plan = [("initiation", day(contract, -90, -40), None, None, "项目立项批复"),
            ("tender", day(contract, -35, -10), None, None, "公开遴选实施机构"),
            ("contract", contract, None, None, "签订服务合同"),
            ("payment", day(contract, 3, 15), advance, "advance", "预付款 30%"),
            ("start", start, None, None, "项目开工"),
            ("midterm", None if skip_midterm else midterm, None, None, "中期评估"),
            ("payment", day(max(start, midterm), 5, 20), progress, "progress", "进度款 40%"),
            ("acceptance", acceptance, None, None, "项目验收"),
            ("payment", day(acceptance, 10, 40), round(budget * float(rng.uniform(0.25, 0.3)), 2), "balance", "尾款")]
    rows = []
    for stage, when, amount, kind, note in plan:
        if when is None or when > AS_OF:
            continue
        if stage == "acceptance" and skip_midterm and rng.random() < 0.5:
            break                                   # a project that stalled after a missed review
        rows.append((f"{number}-E{len(rows) + 1:02d}", number, stage, when, amount, kind, note))
    return rows, (start if start <= AS_OF else None)


def broken_events(projects: DemoProjects) -> pd.DataFrame:
    """Late corrections that break the rules, for the importer to reject whole: an overpayment,
    a 尾款 before 验收 and a 开工 before 签约."""
    p = projects.projects.sort_values("project_no").iloc[:3].reset_index(drop=True)
    return pd.DataFrame([
        (f"{p.project_no[0]}-X01", p.project_no[0], "payment", p.contract_date[0] + dt.timedelta(60),
         p.budget[0], "progress", "追加进度款"),
        (f"{p.project_no[1]}-X01", p.project_no[1], "payment", p.contract_date[1] + dt.timedelta(20),
         round(p.budget[1] * 0.1, 2), "balance", "提前支付尾款"),
        (f"{p.project_no[2]}-X01", p.project_no[2], "start", p.contract_date[2] - dt.timedelta(30), None, None, "补录开工"),
    ], columns=projects.events.columns)


def experts(rng: np.random.Generator, ids: Ids, pop: Enterprises, implementers: np.ndarray, province: str,
            n: int = 240) -> pd.DataFrame:
    """The expert pool: employed by implementers (a fifth), served-industry enterprises (a fifth) or
    universities and institutes; terms started 2021-2026, so some have lapsed."""
    regions = reference.regions(province)
    prefectures = regions[regions.level == "prefecture"].region_code.to_numpy()
    own = _organisations(ids, "12", rng.choice(prefectures, 30))
    source = rng.random(n)
    employer = np.where(source < 0.2, rng.choice(implementers, n),
                        np.where(source < 0.4, rng.choice(pop.uscc, n), rng.choice(own, n)))
    first_year = rng.choice(np.arange(2021, 2027), n, p=[0.04, 0.08, 0.2, 0.3, 0.28, 0.1])
    start = pd.to_datetime(pd.DataFrame({"year": first_year, "month": rng.integers(1, 13, n),
                                         "day": rng.integers(1, 29, n)}))
    start = start.where(start <= pd.Timestamp(AS_OF), start - pd.DateOffset(years=1))
    county = rng.choice(regions[regions.level == "county"].region_code.to_numpy(), n)
    return pd.DataFrame({
        "expert_no": [f"ZJ-{k + 1:04d}" for k in range(n)],
        "id_number": ids.person(county, np.full(n, 2026) - 15),
        "specialty": rng.choice(SPECIALTIES, n),
        "employer_uscc": employer,
        "term_start": start.dt.date,
    })


def averter(rng: np.random.Generator, pop: Enterprises, ys: Years, effect: pd.DataFrame):
    """A function marking the happened injuries (see ``injuries``) a project averted: those after
    work started at a served enterprise, each accident with probability equal to the effect."""
    start, share, _ = _served(pop, effect)

    def averted(happened: pd.DataFrame) -> np.ndarray:
        if happened.empty:
            return np.zeros(0, dtype=bool)
        e = ys.e[happened.i.to_numpy()]
        after = pd.to_datetime(happened.date).to_numpy() >= start[e]
        chance = rng.random(int(happened.accident.max()) + 1)[happened.accident.to_numpy()]
        return after & (chance < share[e])

    return averted


def _served(pop: Enterprises, effect: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per enterprise (each is served once at most): the day its project's work started (NaT if never),
    the effect (0 if never) and the share of that first year left after the start."""
    start = np.full(len(pop.uscc), np.datetime64("NaT"), dtype="datetime64[ns]")
    share, part = np.zeros(len(pop.uscc)), np.zeros(len(pop.uscc))
    e = pd.Index(pop.uscc).get_indexer(effect.uscc)
    began = pd.to_datetime(effect.start_date)
    start[e] = began.to_numpy(dtype="datetime64[ns]")
    share[e] = effect.effect.to_numpy()
    part[e] = 1 - (began.dt.day_of_year.to_numpy() - 1) / 365
    return start, share, part


def hidden_truth(pop: Enterprises, ys: Years, effect: pd.DataFrame) -> pd.DataFrame:
    """``hidden.enterprise_risk``: the true risk after the projects' effect (a served enterprise-year's
    rate falls by the effect times the share of the year after work started) and ``project_effect``,
    the share of injuries a project would avert at every enterprise-year, served or not."""
    hidden = population.hidden(pop, ys).assign(project_effect=_effect(ys.insured, pop.sector[ys.e]))
    if effect.empty:
        return hidden
    start, share, part = _served(pop, effect)
    start_year = pd.DatetimeIndex(start).year.to_numpy(dtype=float, na_value=np.nan)[ys.e]
    after = np.where(ys.year > start_year, 1.0, np.where(ys.year == start_year, part[ys.e], 0.0))
    factor = 1 - share[ys.e] * after
    return hidden.assign(true_rate=hidden.true_rate * factor, expected_injuries=hidden.expected_injuries * factor)
