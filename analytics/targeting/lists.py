"""Four lists beside the ranked key list, after OSHA's Site-Specific Targeting and the Nordic inspectorates.

- ``rising``: the empirical-Bayes smoothed injury rate rose three years running, and a
  log-linear Poisson trend over the four years says more than noise (its 95 % interval of the
  yearly change lies above zero);
- ``underreporting``: what the other departments recorded (safety-accident casualties,
  hazards, occupational diseases) and what enterprises of the same industry and size report,
  say more injuries happened than were recognised; scored by how surprising the gap is
  (``-log10`` of the probability of so few recognitions: negative binomial around the peers'
  expectation, with their overdispersion, or Poisson around the casualties recorded);
- ``excess``: recognised injuries above what industry and size predict (a standardised ratio,
  empirical-Bayes smoothed towards 1): the honest version of a rate list, which a small
  employer with one injury would otherwise top;
- ``audit``: a seeded random sample of low-ranked enterprises (``keylist.build`` draws it),
  recorded with :func:`record_audit` so next year its hit rate can be set against the list's.

Every list works on the warehouse's features (``features.build``) or a panel's
(``panel.frame``): ``id`` and ``group`` name the enterprise and industry columns. Each entry
carries its score and its reasons in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from scipy import stats as sps
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import PoissonRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from analytics import config, labels, paths, stats
from analytics.data import warehouse
from analytics.targeting.models import RelativeRate, one_hot

LISTS = ("rising", "underreporting", "excess", "audit")
SIZE_BANDS = ((10, "1-9"), (50, "10-49"), (300, "50-299"), (1000, "300-999"), (np.inf, "1000+"))
PEER_ROWS = 300_000      # enterprises the under-reporting list's peer model is fitted on at most
SIGNALS = ("accident_casualties_3", "accident_deaths_3", "hazards_3", "hazards_overdue", "diseases_3")


@dataclass(frozen=True)
class ListRules:
    """Thresholds of ``data/config/keylist.toml`` ``[lists]``."""

    rising_years: int = 3
    rising_confidence: float = 0.95
    underreporting_p: float = 0.01
    min_expected: float = 2.0
    excess_min_expected: float = 1.0


def load_rules(path: str | Path | None = None) -> ListRules:
    doc = config.read(path or paths.CONFIG_DIR / "keylist.toml").section("lists")
    return ListRules(doc.integer("rising_years", 3, minimum=2),
                     doc.number("rising_confidence", 0.95, low=0.5, high=1, below_high=True),
                     doc.number("underreporting_p", 0.01, low=0, high=1, below_high=True),
                     doc.number("min_expected", 2.0, low=0),
                     doc.number("excess_min_expected", 1.0, low=0))


def size_band(insured: pd.Series) -> pd.Series:
    bounds = [0] + [b for b, _ in SIZE_BANDS]
    return pd.cut(insured, bounds, right=False, labels=[name for _, name in SIZE_BANDS]).astype(str)


def _group(frame: pd.DataFrame, group: str | None) -> pd.Series:
    return frame[group].astype(str) if group and group in frame else pd.Series("all", index=frame.index)


def rising(history: pd.DataFrame, year: int, rules: ListRules | None = None, id: str = "uscc",
           group: str | None = "division") -> pd.DataFrame:
    """Enterprises whose smoothed rate rose ``rules.rising_years`` years running to ``year``, beyond noise.

    ``history`` holds one row per enterprise-year with ``inj_1`` (injuries of the year) and ``insured``.
    Returns ``id, rates (oldest first, per 1000), change (yearly, with low and high), score``."""
    rules = rules or load_rules()
    years = list(range(year - rules.rising_years, year + 1))
    rows = history[history.year.isin(years) & (history.insured > 0)]
    counts, exposure = rows.inj_1.to_numpy(dtype=float), rows.insured.to_numpy(dtype=float)
    cell = pd.DataFrame({"year": rows.year.to_numpy(), "group": _group(rows, group).to_numpy()})
    smoothed = _smoothed(counts, exposure, cell.groupby(["year", "group"], sort=False).ngroup().to_numpy())
    # One row per enterprise-year (the first), laid out as enterprise x year arrays: light at a million.
    entity, ids = pd.factorize(rows[id])
    column = rows.year.to_numpy() - years[0]
    first = ~pd.Series(entity * len(years) + column).duplicated().to_numpy()
    wide = {name: np.full((len(ids), len(years)), np.nan) for name in ("smoothed", "inj_1", "insured")}
    for name, values in (("smoothed", smoothed), ("inj_1", counts), ("insured", exposure)):
        wide[name][entity[first], column[first]] = values[first]
    complete = ~np.isnan(wide["smoothed"]).any(axis=1)                      # insured every year
    rose = complete & (np.diff(wide["smoothed"], axis=1) > 0).all(axis=1) & (np.nansum(wide["inj_1"], axis=1) >= 3)
    change, low, high = _yearly_change(years, wide["inj_1"][rose], wide["insured"][rose], rules.rising_confidence)
    trend = np.isfinite(low) & (low > 0)
    listed = np.flatnonzero(rose)[trend]
    frame = pd.DataFrame({id: np.asarray(ids)[listed],
                          "rates": [tuple(r) for r in np.round(wide["smoothed"][listed] * 1000, 2)],
                          "injuries": [tuple(int(c) for c in r) for r in wide["inj_1"][listed]],
                          "change": change[trend], "change_low": low[trend], "change_high": high[trend],
                          "score": low[trend]})
    return frame.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def _smoothed(counts: np.ndarray, exposure: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """``stats.eb_smooth`` within each cell (year x industry), for every cell at once."""
    def total(values):
        return np.bincount(cell, weights=values)[cell]
    exposed = total(exposure)
    m = total(counts) / exposed
    s2 = total(exposure * (counts / exposure - m) ** 2) / exposed
    between = np.maximum(s2 - m / (exposed / np.bincount(cell)[cell]), m * m * 1e-6)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha, beta = m * m / between, m / between
        return np.where(m > 0, (counts + alpha) / (exposure + beta), 0.0)


def _yearly_change(years, counts: np.ndarray, exposure: np.ndarray, confidence: float
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The yearly rate change of a log-linear Poisson fit (quasi-Poisson, dispersion at least 1) with
    its interval, as fractions (-0.1 is a 10 % fall a year); one row of ``counts`` and ``exposure``
    per enterprise, every fit's Newton steps taken together. NaN where no trend can be fitted
    (injuries in one year only)."""
    x = np.asarray(years, dtype=float) - np.mean(years)
    y, offset = np.asarray(counts, dtype=float), np.log(np.asarray(exposure, dtype=float))
    k = len(y)
    beta = np.column_stack([np.log(np.maximum(y.sum(axis=1), 0.5) / np.exp(offset).sum(axis=1)), np.zeros(k)])
    active, fitted = np.ones(k, dtype=bool), np.ones(k, dtype=bool)
    def information(beta, offset):
        mu = np.exp(beta[:, :1] + beta[:, 1:] * x + offset)
        return mu, mu.sum(axis=1), (mu * x).sum(axis=1), (mu * x * x).sum(axis=1)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for _ in range(50):
            if not active.any():
                break
            b = beta[active]
            mu, h00, h01, h11 = information(b, offset[active])
            g0, g1 = (y[active] - mu).sum(axis=1), ((y[active] - mu) * x).sum(axis=1)
            det = h00 * h11 - h01 * h01
            singular = ~(np.abs(det) > 0)
            step = np.column_stack([(h11 * g0 - h01 * g1) / det, (h00 * g1 - h01 * g0) / det])
            beta[active] = np.where(singular[:, None], b, b + step)
            rows = np.flatnonzero(active)
            fitted[rows[singular]] = False
            active[rows[singular | (np.abs(step).max(axis=1) < 1e-10)]] = False
        mu, h00, h01, h11 = information(beta, offset)
        var = h00 / (h00 * h11 - h01 * h01)                   # the slope's element of the inverse information
        dispersion = np.maximum(1.0, ((y - mu) ** 2 / mu).sum(axis=1) / max(len(x) - 2, 1))
        se = np.sqrt(var * dispersion)
        z = sps.norm.ppf(0.5 + confidence / 2)
        slope = np.where(fitted, beta[:, 1], np.nan)
        return np.expm1(slope), np.expm1(slope - z * se), np.expm1(slope + z * se)


def _peer_model(rows: pd.DataFrame, signals: list[str], group: str | None) -> np.ndarray:
    """Expected recognised injuries in three years from what does not depend on the enterprise's own
    claims: size, industry and the other departments' records; fitted across all enterprises."""
    numeric = ["insured", *signals]
    categorical = ["group", "band"]
    design = ColumnTransformer([
        ("numeric", Pipeline([("log", FunctionTransformer(np.log1p, feature_names_out="one-to-one")),
                              ("scale", StandardScaler())]), numeric),
        ("categorical", one_hot(), categorical),
    ])
    model = Pipeline([("design", design),
                      ("model", RelativeRate(PoissonRegressor(alpha=1e-3, solver="newton-cholesky", max_iter=1000)))])
    exposure = rows.insured.clip(lower=1) * 3
    step = max(1, len(rows) // PEER_ROWS)       # every step-th enterprise: peers' effects need no million
    fit, fit_exposure = rows.iloc[::step], exposure.iloc[::step]
    model.fit(fit[numeric + categorical], fit.inj_3 / fit_exposure, model__sample_weight=fit_exposure)
    return model.predict(rows[numeric + categorical]) * exposure


def underreporting(frame: pd.DataFrame, rules: ListRules | None = None, id: str = "uscc",
                   group: str | None = "division") -> pd.DataFrame:
    """Enterprises (one year's rows of ``frame``) that recognised surprisingly few injuries in three years.

    Returns ``id, recognised, expected, casualties, p, score`` (score ``-log10 p``), most surprising first."""
    rules = rules or load_rules()
    rows = frame[frame.insured > 0].reset_index(drop=True)
    rows["group"], rows["band"] = _group(rows, group), size_band(rows.insured)
    signals = [c for c in SIGNALS if c in rows]
    peers = _peer_model(rows, signals, group)
    observed = rows.inj_3.to_numpy()
    # Enterprises differ more than Poisson noise: a negative binomial with the peers' overdispersion
    # (moment estimate) judges the gap; casualties recorded by emergency management are a floor.
    inverse_k = max(float(((observed - peers) ** 2 - peers).sum() / (peers ** 2).sum()), 1e-6)
    p_peers = sps.nbinom.cdf(observed, 1 / inverse_k, 1 / (1 + inverse_k * peers))
    casualties = rows.accident_casualties_3.to_numpy() if "accident_casualties_3" in rows else np.zeros(len(rows))
    p_floor = np.where(casualties > 0, sps.poisson.cdf(observed, np.maximum(casualties, 1e-9)), 1.0)
    p = np.minimum(p_peers, p_floor)
    expected = np.maximum(peers, casualties)
    keep = (p < rules.underreporting_p) & (expected >= rules.min_expected)
    out = pd.DataFrame({id: rows[id].to_numpy(), "recognised": rows.inj_3.to_numpy().astype(int), "expected": expected,
                        "casualties": casualties, "p": p, "score": -np.log10(np.maximum(p, 1e-300))})
    for column in ("hazards_3", "diseases_3"):
        out[column] = rows[column].to_numpy() if column in rows else 0
    return out[keep].sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def excess(frame: pd.DataFrame, rules: ListRules | None = None, id: str = "uscc",
           group: str | None = "division") -> pd.DataFrame:
    """Enterprises whose three-year injuries exceed what their industry and size band predict,
    ranked by the smoothed ratio. Returns ``id, recognised, expected, ratio, smoothed, excess, score``."""
    rules = rules or load_rules()
    rows = frame[frame.insured > 0].reset_index(drop=True)
    rows["group"], rows["band"] = _group(rows, group), size_band(rows.insured)
    exposure = rows.insured * 3
    cell = rows.assign(exposure=exposure).groupby(["group", "band"])
    rate = cell.inj_3.transform("sum") / cell.exposure.transform("sum")
    expected = (rate * exposure).to_numpy()
    observed = rows.inj_3.to_numpy().astype(float)
    usable = expected >= rules.excess_min_expected
    smoothed = np.full(len(rows), np.nan)
    if usable.any():
        smoothed[usable] = stats.eb_smooth(pd.Series(observed[usable]), pd.Series(expected[usable]))[0].to_numpy()
    out = pd.DataFrame({id: rows[id].to_numpy(), "recognised": observed.astype(int), "expected": expected,
                        "ratio": observed / np.where(expected > 0, expected, np.nan), "smoothed": smoothed,
                        "excess": (smoothed - 1) * expected})
    out["score"] = out.smoothed
    out = out[usable & (out.smoothed > 1)]
    return out.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def build(con: duckdb.DuckDBPyConnection, year: int, which: str, top: int | None = 100, rules: ListRules | None = None,
          audit: int = 20, seed: int = 0, models_dir=None, ytd: bool = False) -> pd.DataFrame:
    """List ``which`` for ``year``, from the records up to the end of ``year - 1`` (like the key list),
    with names, places and reasons (``reasons``, ``reasons_en``); the ``top`` entries (all when None)."""
    from analytics.targeting import features, keylist

    if which not in LISTS:
        raise ValueError(f"unknown list {which!r}; choose one of {', '.join(LISTS)}")
    rules = rules or load_rules()
    scored = keylist.scoring_year(con, year, ytd)
    if which == "audit":
        sample = keylist.build(con, year, top=top or 100, audit=audit, seed=seed, models_dir=models_dir, ytd=ytd)
        sample = sample[sample.kind == "audit"].drop(columns="kind").reset_index(drop=True)
        return sample.assign(score=sample.expected, list="audit")
    history = features.build(con, scored - rules.rising_years, scored)
    frame = history[history.year == scored]
    entries = {"rising": lambda: rising(history, scored, rules),
               "underreporting": lambda: underreporting(frame, rules),
               "excess": lambda: excess(frame, rules)}[which]()
    entries = entries.head(top) if top else entries
    entries["reasons"], entries["reasons_en"] = reasons(which, entries, "zh"), reasons(which, entries, "en")
    places = warehouse.run_query(con, "targeting/keylist_places", {"year": scored})
    entries = entries.merge(places, on="uscc", how="left").merge(
        frame[["uscc", "insured", "division", "prefecture_code"]], on="uscc", how="left")
    return entries.rename(columns={"prefecture_code": "prefecture"}).assign(list=which)


def reasons(kind: str, entries: pd.DataFrame, lang: str = "zh") -> list[str]:
    """Each entry's reason in a sentence with its own figures."""
    out = []
    for row in entries.itertuples():
        if kind == "rising":
            text = labels.t("list_rising_reason", lang, rates="→".join(f"{r:.1f}" for r in row.rates),
                            injuries="、".join(str(i) for i in row.injuries), change=row.change,
                            low=row.change_low, high=row.change_high)
        elif kind == "underreporting":
            text = labels.t("list_underreporting_reason", lang, expected=row.expected, recognised=row.recognised,
                            p=_probability(row.p), casualties=int(row.casualties), hazards=int(row.hazards_3),
                            diseases=int(row.diseases_3))
        elif kind == "excess":
            text = labels.t("list_excess_reason", lang, recognised=row.recognised, expected=row.expected,
                            smoothed=row.smoothed, excess=row.excess)
        else:
            text = labels.t("reason_audit", lang)
        out.append(text)
    return out


def _probability(p: float) -> str:
    return "<0.01%" if p < 1e-4 else f"{p:.2%}"


def record_audit(con: duckdb.DuckDBPyConnection, year: int, usccs: list[str], seed: int, user: str) -> int:
    """Record the audit sample drawn for ``year`` (once per year and seed); returns how many rows were new."""
    before = warehouse.scalar(con, "select count(*) from audit_samples")
    con.execute(warehouse.sql_text("targeting/record_audit"),
                {"year": year, "usccs": list(usccs), "seed": seed, "drawn_at": dt.datetime.now(), "username": user})
    return warehouse.scalar(con, "select count(*) from audit_samples") - before


def audit_hits(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """For every recorded audit year whose next records are in: how many sampled enterprises had a
    recognised injury in the list's year, against the same share among all insured (the Danish KPI)."""
    return warehouse.run_query(con, "targeting/audit_hits")
