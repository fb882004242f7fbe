"""What an intervention averts: matched difference-in-differences on recorded interventions, and a
ranking by injuries averted rather than by risk (Johnson, Levine and Toffel).

Design, for each kind of intervention (project, letter, inspection):

1. *Cohorts.* An enterprise is treated in year ``y0`` when its first intervention of the kind falls
   in ``y0`` and it was insured in the two years before (``pre``) and in at least the year after
   (``post``: the years after ``y0`` up to two, ``y0`` itself is partly treated and left out).
2. *Matched comparisons.* Within the same cohort, prefecture, key-industry group and size class,
   each treated enterprise gets the ``K`` untreated enterprises (no intervention of the kind from
   ``y0 - 2`` to the end of its post years) nearest in the risk it was planned on (the model's
   expected injuries from the records of the year before), each comparison used once.
3. *Estimate.* The treated's post-period injuries against their counterfactual: their pre-period
   rate times the matched comparisons' change from pre to post, times their post exposure;
   ``effect = 1 - observed / counterfactual``. A 95 % interval comes from a cluster bootstrap
   (enterprises resampled within strata, matches kept).
4. *Heterogeneity.* The same estimate by size class and by key-industry group, each where enough
   enterprises were treated, shrunk towards the overall effect by precision (DerSimonian-Laird) so
   a small group does not carry a wild number; an enterprise's effect combines its size's and its
   industry's multiplicatively (too few projects to estimate every cell of the cross).

:func:`averted` multiplies a risk score by the enterprise's estimated effect.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from analytics.data import identifiers, warehouse

KINDS = ("project", "letter", "inspection")
# Size classes at the SPEC's band edges and at 100, where an employer must keep a safety department
# of its own (安全生产法 第二十四条): an outside project may matter less above it.
SIZE_CLASSES = ((50, "1-49"), (100, "50-99"), (300, "100-299"), (np.inf, "300+"))
MATCHES = 3
MIN_TREATED = 30              # per size class or industry, for an estimate of its own
MIN_GROUP_TREATED = 100       # per industry, for its deviation to move the ranking
BOOTSTRAP = 300
COHORT_TREATED = 5000         # treated enterprises matched per cohort at most (a seeded sample beyond)


@dataclass
class Estimate:
    kind: str
    effect: float                     # share of injuries averted (0.25 = a quarter fewer)
    low: float
    high: float
    treated: int
    controls: int
    by_size: dict = field(default_factory=dict)     # size class -> (shrunk effect, low, high, treated)
    by_group: dict = field(default_factory=dict)    # key-industry group -> (shrunk effect, low, high, treated)
    years: tuple[int, int] | None = None            # the cohorts used
    treated_units: pd.DataFrame | None = None       # uscc, cohort of each treated enterprise used

    def effect_for(self, key_group: pd.Series, size: pd.Series) -> np.ndarray:
        """Each enterprise's estimated effect: ``1 - m_size x q_group``, the injuries left by its size
        class times its industry's deviation (``by_group`` holds ``1 - q``). An industry's deviation
        counts only where the data support it (:func:`supported`); else the size class's effect, else
        the overall one."""
        left = {s: 1 - v[0] for s, v in self.by_size.items()}
        m = pd.Series(np.asarray(size, dtype=object)).map(left).fillna(1 - self.effect).to_numpy(float)
        deviations = {g: 1 - v[0] for g, v in self.by_group.items() if supported(v)}
        q = pd.Series(np.asarray(key_group, dtype=object)).map(deviations).fillna(1.0).to_numpy(float)
        return 1 - m * q


def supported(cell: tuple) -> bool:
    """An industry's deviation is used for ranking when at least ``MIN_GROUP_TREATED`` enterprises of
    it were treated and its interval excludes no deviation."""
    _, low, high, treated = cell
    return treated >= MIN_GROUP_TREATED and (low > 0 or high < 0)


def size_class(insured: pd.Series, labelled: bool = True) -> pd.Series:
    """Each enterprise's size class by name (``labelled``), else as a category whose codes sort as the
    names do (a million strings need not be made to match on them, and strata keep their order)."""
    bounds, names = [0] + [b for b, _ in SIZE_CLASSES], [n for _, n in SIZE_CLASSES]
    classes = pd.cut(insured, bounds, right=False, labels=names)
    return classes.astype(str) if labelled else classes.cat.reorder_categories(sorted(names)).array


def panel(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Injuries and exposure of every insured enterprise, wide (``insured_<year>``, ``injuries_<year>``),
    with the matching strata: one row per enterprise, so a million of them fit in memory."""
    wide = warehouse.run_query(con, "targeting/uplift_panel")
    wide = wide.astype({"prefecture_code": "category", "key_group": "category"})     # strata as codes
    return wide.rename(columns=lambda c: re.sub(r"^(\d{4})_(\w+)$", r"\2_\1", c))     # 2021_insured: insured_2021


def widen(years: pd.DataFrame) -> pd.DataFrame:
    """A long panel (``uscc, year, prefecture_code, key_group, insured, injuries``) in :func:`panel`'s
    wide form; the strata are each enterprise's latest."""
    years = years[years.insured > 0]
    strata = years.sort_values("year", kind="stable").groupby("uscc")[["prefecture_code", "key_group"]].last()
    values = years.pivot(index="uscc", columns="year", values=["insured", "injuries"])
    values.columns = [f"{name}_{year}" for name, year in values.columns]
    return strata.join(values).sort_index().reset_index()


def _years_of(wide: pd.DataFrame) -> set[int]:
    return {int(c.rsplit("_", 1)[1]) for c in wide.columns if c.startswith("insured_")}


def first_interventions(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Per kind, each enterprise's interventions by year (``uscc, year``; one row per year it had one)."""
    years = warehouse.run_query(con, "targeting/intervention_years",
                                interventions=warehouse.sql_text("measures/interventions"))
    return {kind: years[years.kind == kind][["uscc", "year"]].reset_index(drop=True) for kind in KINDS}


def estimate(years: pd.DataFrame, events: pd.DataFrame, kind: str, last_year: int, risk: dict[int, pd.Series],
             seed: int = 0, matches: int = MATCHES) -> Estimate | None:
    """The matched DiD estimate from ``years`` (:func:`panel`, or a long panel :func:`widen` takes),
    ``events`` (``uscc, year``) whose post years end by ``last_year`` and ``risk`` (cohort -> each enterprise's expected injuries that year as
    the records stood at the end of the year before: what projects are planned on); None when none qualifies."""
    sets = _matched_sets(widen(years) if "year" in years else years, events, last_year, risk, matches, seed)
    if sets is None:
        return None
    rng = np.random.default_rng(seed)
    effect = _effect(sets)
    low, high = _bootstrap(sets, rng)
    by_size, by_group = _heterogeneity(sets, effect, rng)
    cohorts = (int(sets.cohort.min()), int(sets.cohort.max()))
    return Estimate(kind, effect, low, high, len(sets), int(sets.controls.sum()), by_size, by_group, cohorts,
                    sets[["uscc", "cohort"]])


STRATUM = ["cohort", "prefecture_code", "key_group"]     # where comparisons' change is pooled (a project's reach)
SUMS = ["pre_inj", "pre_exp", "post_inj", "post_exp"]


def _matched_sets(years: pd.DataFrame, events: pd.DataFrame, last_year: int, risk: dict[int, pd.Series | np.ndarray],
                  matches: int, seed: int = 0) -> pd.DataFrame | None:
    """One row per treated enterprise: its pre/post sums and the mean of its matched comparisons'
    (``c_pre_inj`` ...), matched within cohort, prefecture, key-industry group and size class on the
    risk it was planned on. A cohort of more than ``COHORT_TREATED`` (a million enterprises, most of them
    inspected) is a seeded random sample of them: the interval is already narrow, and matching is not.
    Enterprises are the panel's row positions throughout (integers, not a million USCCs hashed again
    for every cohort); ``risk[cohort]`` is a Series by USCC or an array already in the panel's rows."""
    present = _years_of(years)
    ids = pd.Index(years.uscc)
    at = identifiers.positions(events.uscc, ids)        # each event's panel row (-1: never insured)
    at, event_year = at[at >= 0], events.year.to_numpy()[at >= 0]
    first = pd.Series(event_year).groupby(at).min()
    out = []
    for cohort in sorted(first.unique()):
        post = [y for y in (cohort + 1, cohort + 2) if y <= last_year and y in present]
        pre = [y for y in (cohort - 2, cohort - 1) if y in present]
        if not post or len(pre) < 2 or cohort not in risk:
            continue
        touched = np.zeros(len(years), dtype=bool)
        touched[at[(event_year >= cohort - 2) & (event_year <= post[-1])]] = True
        frame = _summaries(years, pre, post)
        if frame.empty:
            continue
        frame["risk"] = aligned(risk[cohort], ids)[frame.index]
        treated = first.index[first.to_numpy() == cohort].to_numpy()      # rows in USCC order, as the panel
        if len(treated) > COHORT_TREATED:
            treated = np.random.default_rng(seed + cohort).choice(treated, COHORT_TREATED, replace=False)
        chosen = np.zeros(len(years), dtype=bool)
        chosen[treated] = True
        frame["treated"] = chosen[frame.index]
        frame = frame[(frame.treated | ~touched[frame.index]) & frame.risk.notna()]
        block = _match_cohort(frame, matches)
        if block is not None:
            block.insert(0, "uscc", ids[block.index].to_numpy())
            out.append(block.reset_index(drop=True).assign(cohort=cohort, controls=matches))
    if not out:
        return None
    sets = pd.concat(out, ignore_index=True)
    return sets.astype({"prefecture_code": str, "key_group": str, "size_class": str})


def aligned(risk: pd.Series | np.ndarray, ids: pd.Index) -> np.ndarray:
    """``risk`` (a Series by USCC) as an array in the order of ``ids`` (NaN where it has none)."""
    if isinstance(risk, np.ndarray):
        return risk
    out = np.full(len(ids), np.nan)
    at = identifiers.positions(risk.index, ids)
    out[at[at >= 0]] = risk.to_numpy(float)[at >= 0]
    return out


def _match_cohort(frame: pd.DataFrame, matches: int) -> pd.DataFrame | None:
    """Match one cohort's treated within each prefecture, key-industry group and size class holding
    one; stratum by stratum in the order of their names, on arrays (a million enterprises have
    thousands of strata, and only those with a treated enterprise are looked at)."""
    codes = frame.groupby(["prefecture_code", "key_group", "size_class"]).ngroup().to_numpy()
    treated, risk, sums = frame.treated.to_numpy(), frame.risk.to_numpy(float), frame[SUMS].to_numpy()
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(codes.max() + 2))
    chosen, means = [], []
    for code in np.unique(codes[treated & (codes >= 0)]):
        rows = order[starts[code]:starts[code + 1]]
        t, c = rows[treated[rows]], rows[~treated[rows]]
        if len(c) < matches:
            continue
        c = c[np.argsort(risk[c])]            # as pandas' sort_values (quicksort), so ties fall alike
        nearest = _nearest_unused(risk[c], risk[t], matches)
        keep = nearest[:, 0] >= 0
        if keep.any():
            chosen.append(t[keep])
            means.append(sums[c][nearest[keep]].mean(axis=1))
    if not chosen:
        return None
    block = frame.iloc[np.concatenate(chosen)][["prefecture_code", "key_group", "size_class", "risk", *SUMS]]
    block[[f"c_{k}" for k in SUMS]] = np.concatenate(means)
    return block


def _nearest_unused(ranked: np.ndarray, wanted: np.ndarray, matches: int) -> np.ndarray:
    """For each treated risk in ``wanted``, the positions of the ``matches`` nearest controls in the sorted
    ``ranked``, each control used once (so the bootstrap's resampled sets are independent); the riskiest
    treated, hardest to match, choose first. Rows left without enough controls are -1."""
    used = np.zeros(len(ranked), dtype=bool)
    out = np.full((len(wanted), matches), -1)
    for row in np.argsort(-wanted, kind="stable"):
        at = int(np.searchsorted(ranked, wanted[row]))
        lo, hi, picked = at - 1, at, []
        while len(picked) < matches and (lo >= 0 or hi < len(ranked)):
            while lo >= 0 and used[lo]:
                lo -= 1
            while hi < len(ranked) and used[hi]:
                hi += 1
            if hi >= len(ranked) or (lo >= 0 and wanted[row] - ranked[lo] <= ranked[hi] - wanted[row]):
                if lo < 0:
                    break
                picked.append(lo)
                used[lo] = True
            else:
                picked.append(hi)
                used[hi] = True
        if len(picked) == matches:
            out[row] = picked
        else:
            used[picked] = False
    return out


def _summaries(wide: pd.DataFrame, pre: list[int], post: list[int]) -> pd.DataFrame:
    """Per enterprise insured in every pre and post year: injuries and exposure before and after."""
    keep = wide[[f"insured_{y}" for y in pre + post]].notna().all(axis=1).to_numpy()
    if not keep.any():
        return pd.DataFrame()
    rows = wide[keep]
    out = pd.DataFrame({"prefecture_code": rows.prefecture_code.array, "key_group": rows.key_group.array,
                        "size_class": size_class(rows[f"insured_{pre[-1]}"], labelled=False)},
                       index=np.flatnonzero(keep))
    for name, span in (("pre", pre), ("post", post)):
        out[f"{name}_inj"] = sum(rows[f"injuries_{y}"].to_numpy(float) for y in span)
        out[f"{name}_exp"] = sum(rows[f"insured_{y}"].to_numpy(float) for y in span)
    return out


def _strata(sets: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each treated row's stratum number (-1: a stratum key is missing) and its sums, own and
    comparisons' (the columns of ``SUMS`` then ``c_`` ``SUMS``): what :func:`_effect` pools."""
    return sets.groupby(STRATUM).ngroup().to_numpy(), sets[SUMS + [f"c_{k}" for k in SUMS]].to_numpy(float)


def _effect(sets: pd.DataFrame, weights: np.ndarray | None = None, strata=None) -> float:
    """1 - observed / counterfactual post injuries of the treated. Within each stratum the treated's
    pooled pre-period rate grows as their matched comparisons' pooled rate did. ``strata``
    (:func:`_strata`) when it is called again and again, as by the bootstrap."""
    codes, values = _strata(sets) if strata is None else strata
    w = np.ones(len(values)) if weights is None else weights
    keep = codes >= 0
    pooled = np.column_stack([np.bincount(codes[keep], weights=(values[:, j] * w)[keep], minlength=codes.max() + 1)
                              for j in range(values.shape[1])])
    pooled = pooled[pooled[:, 1] > 0]
    pre_inj, pre_exp, post_inj, post_exp, c_pre_inj, c_pre_exp, c_post_inj, c_post_exp = pooled.T
    overall = pooled.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (c_post_inj / c_post_exp) / (c_pre_inj / c_pre_exp)
        fallback = (overall[6] / overall[7]) / (overall[4] / overall[5])
        growth = np.where(np.isnan(growth) | np.isposinf(growth), fallback, growth)
        total = float(((pre_inj / pre_exp) * growth * post_exp).sum())
    return float(1 - post_inj.sum() / total) if total > 0 else float("nan")


def _bootstrap(sets: pd.DataFrame, rng: np.random.Generator, reps: int = BOOTSTRAP) -> tuple[float, float]:
    """A 95 % percentile interval: treated enterprises (with their matches) resampled with replacement."""
    n, strata = len(sets), _strata(sets)
    values = np.array([_effect(sets, rng.multinomial(n, np.full(n, 1 / n)).astype(float), strata) for _ in range(reps)])
    values = values[np.isfinite(values)]
    return (float(np.quantile(values, 0.025)), float(np.quantile(values, 0.975))) if len(values) else (np.nan, np.nan)


def _row_counterfactuals(sets: pd.DataFrame) -> np.ndarray:
    """Each treated enterprise's share of its stratum's counterfactual, in proportion to its post
    exposure times its pre-period rate smoothed towards the stratum's (one pseudo-injury)."""
    columns = SUMS + [f"c_{k}" for k in SUMS]
    keys = [sets[k].to_numpy() for k in STRATUM]
    pooled = sets[columns].groupby(keys).transform("sum")
    growth = (pooled.c_post_inj / pooled.c_post_exp) / (pooled.c_pre_inj / pooled.c_pre_exp)
    overall = sets[columns].sum()
    growth = growth.replace([np.inf], np.nan).fillna(
        (overall.c_post_inj / overall.c_post_exp) / (overall.c_pre_inj / overall.c_pre_exp))
    rate = pooled.pre_inj / pooled.pre_exp
    stratum_cf = rate * growth * pooled.post_exp
    own = (sets.pre_inj + 1) / (sets.pre_exp + 1 / rate.where(rate > 0, np.nan)).fillna(sets.pre_exp)
    weight = sets.post_exp * own
    return (stratum_cf * weight / weight.groupby(keys).transform("sum")).fillna(0).to_numpy()


def _margins(obs: np.ndarray, cf: np.ndarray, size: np.ndarray, group: np.ndarray, w: np.ndarray):
    """Injuries left by size class (``m``) and the industry's deviation (``q``, weighted mean 1):
    ``obs ≈ cf x m[size] x q[group]``, fitted by backfitting."""
    sizes, at_size = np.unique(size, return_inverse=True)
    groups, at_group = np.unique(group, return_inverse=True)
    observed, expected = w * obs, w * cf
    m, q = np.ones(len(sizes)), np.ones(len(groups))
    for _ in range(20):
        m = np.bincount(at_size, observed, len(sizes)) / \
            np.maximum(np.bincount(at_size, expected * q[at_group], len(sizes)), 1e-12)
        q = np.bincount(at_group, observed, len(groups)) / \
            np.maximum(np.bincount(at_group, expected * m[at_size], len(groups)), 1e-12)
    scale = (expected * m[at_size] * q[at_group]).sum() / max((expected * m[at_size]).sum(), 1e-12)
    if not scale > 0:       # a draw with no injuries left says nothing about the margins
        return dict.fromkeys(sizes, np.nan), dict.fromkeys(groups, np.nan)
    return dict(zip(sizes, m * scale)), dict(zip(groups, q / scale))


def _heterogeneity(sets: pd.DataFrame, overall: float, rng: np.random.Generator, reps: int = 200):
    """Effects by size class and industry deviations, each with a bootstrap interval, shrunk; size
    classes and industries with fewer than ``MIN_TREATED`` treated enterprises are pooled as ``other``."""
    obs, cf = sets.post_inj.to_numpy(), _row_counterfactuals(sets)
    def enough(column):
        counts = sets[column].value_counts()
        return sets[column].where(sets[column].isin(counts[counts >= MIN_TREATED].index), "other").to_numpy()
    size, group = enough("size_class"), enough("key_group")
    m, q = _margins(obs, cf, size, group, np.ones(len(sets)))
    draws = [_margins(obs, cf, size, group, rng.multinomial(len(sets), np.full(len(sets), 1 / len(sets))).astype(float))
             for _ in range(reps)]
    def table(fitted: dict, labels: np.ndarray, which: int) -> dict:
        counts = pd.Series(labels).value_counts().to_dict()
        return {k: (1 - v, *np.quantile([1 - d[which][k] for d in draws], [0.025, 0.975]), counts[k])
                for k, v in fitted.items() if k != "other"}

    by_size, by_group = table(m, size, 0), table(q, group, 1)
    return _shrink(by_size, overall), _shrink(by_group, 0.0)


def _shrink(raw: dict, centre: float) -> dict:
    """Effects pulled towards ``centre`` by their precision (DerSimonian-Laird): a group with few
    treated enterprises does not carry a wild number."""
    if not raw:
        return {}
    se = {k: max((hi - lo) / 3.92, 1e-3) for k, (_, lo, hi, _) in raw.items()}
    weights = {k: 1 / se[k] ** 2 for k in raw}
    mean = sum(weights[k] * raw[k][0] for k in raw) / sum(weights.values())
    q = sum(weights[k] * (raw[k][0] - mean) ** 2 for k in raw)
    spread = sum(weights.values()) - sum(w ** 2 for w in weights.values()) / sum(weights.values())
    tau2 = max(0.0, (q - (len(raw) - 1)) / spread) if spread > 0 else 0.0
    out = {}
    for k, (value, lo, hi, n) in raw.items():
        shrunk = centre if tau2 == 0 else (value / se[k] ** 2 + centre / tau2) / (1 / se[k] ** 2 + 1 / tau2)
        out[k] = (float(shrunk), float(lo), float(hi), int(n))
    return out


def averted(risk: np.ndarray, estimate: Estimate, key_group: pd.Series, insured: pd.Series) -> np.ndarray:
    """Injuries an intervention would avert: the risk score times the enterprise's estimated effect
    (none below zero); ties, as where the estimate found no difference between enterprises, go by risk."""
    risk = np.asarray(risk, dtype=float)
    return risk * np.clip(estimate.effect_for(key_group, size_class(insured)), 0, 1) + 1e-9 * risk


def report(con: duckdb.DuckDBPyConnection, test_years: list[int], risk_scores: Mapping[int, pd.DataFrame],
           seed: int = 0) -> dict:
    """The uplift section of a backtest: each kind's estimate from every complete year, and for each
    test year T the injuries a project would avert in the top 10 % ranked by risk x estimated effect
    (estimated on years before T) against the top 10 % by risk; judged on the demo's hidden truth.

    ``risk_scores`` maps T to ``uscc, insured, risk`` (the backtest's model scores for T)."""
    years = panel(con)
    warehouse.release_cache(con)      # a backtest's own connection: the pivot's blocks are not needed again
    last = max(test_years)
    # A test year's model scores are the risk its cohort was planned on (records to the year before).
    ids = pd.Index(years.uscc)
    risk = {int(y): aligned(pd.Series(frame.risk.to_numpy(), index=pd.Index(frame.uscc)), ids)
            for y, frame in risk_scores.items()}
    out = {"kinds": {}, "by_year": {}}
    estimates = {}
    events_by_kind = first_interventions(con)
    for kind, events in events_by_kind.items():
        found = estimate(years, events, kind, last, risk, seed) if not events.empty else None
        estimates[kind] = found
        out["kinds"][kind] = _describe(found)
    project = estimates["project"]
    if project is None:
        out["note"] = "no project has both pre and post years yet: nothing to estimate"
        return out
    out.update(estimated_effect=project.effect, ci_low=project.low, ci_high=project.high)
    hidden = warehouse.has_demo_truth(con)
    if hidden:
        out["true_effect"] = _true_effect(con, project.treated_units, last)
    events = events_by_kind["project"]
    for year in test_years:
        before = estimate(years, events, "project", year - 1, risk, seed)
        if before is None or year not in risk_scores:
            continue
        scored = risk_scores[year]
        row = identifiers.positions(scored.uscc, ids)
        scored = scored.assign(key_group=np.where(row >= 0, years.key_group.astype(object).to_numpy()[row], None))
        by = {"by_risk": scored.risk.to_numpy(),
              "by_averted": averted(scored.risk.to_numpy(), before, scored.key_group.fillna("other"), scored.insured)}
        entry = {"estimated_effect": before.effect, "cohorts": list(before.years)}
        if hidden:
            truth = scored[["uscc"]].merge(_hidden_effect(con, year, year), on="uscc", how="left").fillna(0)
            gain = truth.expected_injuries.to_numpy() * truth.project_effect.to_numpy()
            k = max(1, int(round(len(scored) * 0.10)))
            entry["averted_top10"] = {name: float(gain[np.argsort(-score, kind="stable")[:k]].sum())
                                      for name, score in by.items()}
            entry["averted_top10"]["oracle"] = float(np.sort(gain)[::-1][:k].sum())
        out["by_year"][int(year)] = entry
    if out["by_year"]:
        latest = out["by_year"][max(out["by_year"])]
        if "averted_top10" in latest:
            out["averted_top10"] = latest["averted_top10"]
    return out


def _describe(found: Estimate | None) -> dict | None:
    if found is None:
        return None
    return {"estimated_effect": found.effect, "ci_low": found.low, "ci_high": found.high, "treated": found.treated,
            "comparisons": found.controls, "cohorts": list(found.years),
            "by_size": [{"size_class": k, "effect": v[0], "ci_low": v[1], "ci_high": v[2], "treated": v[3]}
                        for k, v in found.by_size.items()],
            "by_key_group": [{"key_group": k, "effect": v[0], "ci_low": v[1], "ci_high": v[2], "treated": v[3]}
                             for k, v in found.by_group.items()]}


def _hidden_effect(con: duckdb.DuckDBPyConnection, first_year: int, last_year: int, usccs: list[str] | None = None
            ) -> pd.DataFrame:
    """The demo's truth: expected injuries and the share a project would avert, per enterprise-year
    of those years (of ``usccs`` only, when given): a year at a time, as a million enterprises need."""
    return warehouse.run_query(con, "targeting/hidden_effect",
                               {"first_year": int(first_year), "last_year": int(last_year), "usccs": usccs})


def _true_effect(con: duckdb.DuckDBPyConnection, units: pd.DataFrame, last: int) -> float:
    """The planted effect over the post years of the treated enterprises the estimate used, weighted
    by the injuries they would have had without the project."""
    hidden = _hidden_effect(con, int(units.cohort.min()) + 1, last, sorted(set(units.uscc)))
    rows = hidden.merge(units, on="uscc")
    rows = rows[(rows.year > rows.cohort) & (rows.year <= np.minimum(rows.cohort + 2, last)) & rows.effect.notna()]
    untreated = rows.expected_injuries / (1 - rows.effect)
    return math.fsum(untreated * rows.effect) / math.fsum(untreated)    # exact sums: the same whatever the row order
