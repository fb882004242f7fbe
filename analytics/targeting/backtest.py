"""Rolling-origin backtest: train on years up to t - 1, rank enterprises for t, score on t.

For each test year T the models are fitted on feature years ``<= T - 2`` (whose outcomes,
year ``<= T - 1``, are known by the end of T - 1) and rank the enterprises insured in T - 1
by their features of T - 1. Rankers compared:

- models: ``poisson_glm``, ``hgb_poisson``, ``credibility_glm`` (expected injuries), ``serious_classifier``;
- baselines a department uses today: ``last_count`` (last year's injuries), ``last_rate``
  (last year's injuries per insured, as OSHA's Site-Specific Targeting ranks, ties by count),
  ``risk_class`` (the industry class, ties by size), ``random`` (seeded);
- ``ceiling`` (demo only): the hidden true expected recognised injuries of T.

Metrics per test year: the share of T's injuries, deaths and serious injuries (fatal or
grade 1-4) in the top 1, 5 and 10 % of enterprises; the mean Poisson deviance of expected
counts; the AUC of each ranker for "at least one serious injury"; calibration by decile.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from sklearn.metrics import mean_poisson_deviance

from analytics.data import identifiers, warehouse
from analytics.progress import report
from analytics.targeting import card, features, lists, models, uplift

SHARES = (0.01, 0.05, 0.10)
OUTCOMES = {"injuries": "injuries_next", "deaths": "deaths_next", "serious": "serious_next"}


def capture(score: np.ndarray, outcome: np.ndarray, share: float, order: np.ndarray | None = None) -> float:
    """Share of all ``outcome`` in the top ``share`` of enterprises ranked by ``score`` (``order``:
    its ranking, when already sorted)."""
    total = outcome.sum()
    if total == 0:
        return float("nan")
    k = max(1, int(round(len(score) * share)))
    top = (np.argsort(-score, kind="stable") if order is None else order)[:k]
    return float(outcome[top].sum() / total)


def calibration(expected: np.ndarray, observed: np.ndarray, bins: int = 10) -> list[dict]:
    """Expected against observed by deciles of the expected count (equal numbers of enterprises; ties
    in the order given): ``pandas.qcut`` of the ranks, counted with ``bincount`` (a million enterprises
    and ten rankers a year)."""
    n = len(expected)
    rank = np.empty(n)
    rank[np.argsort(expected, kind="stable")] = np.arange(1, n + 1)
    edges = 1 + (n - 1) * np.arange(bins + 1) / bins                  # the ranks' quantiles
    decile = np.clip(np.searchsorted(edges, rank, side="left"), 1, bins)
    sums = [np.bincount(decile, weights=w, minlength=bins + 1)[1:] for w in (expected, observed)]
    counts = np.bincount(decile, minlength=bins + 1)[1:]
    return [{"decile": d + 1, "expected": float(sums[0][d]), "observed": float(sums[1][d]), "n": int(counts[d])}
            for d in range(bins) if counts[d]]


def auc(positive: np.ndarray, score: np.ndarray, order: np.ndarray) -> float:
    """The area under the ROC curve (``roc_auc_score``; a tie counts a half) from ``order``, the
    enterprises by descending score, so a million of them are not sorted again."""
    ranked, hit = score[order], positive[order].astype(bool)
    group = np.cumsum(np.r_[True, ranked[1:] != ranked[:-1]]) - 1      # runs of equal scores
    pos, neg = np.bincount(group, weights=hit), np.bincount(group, weights=~hit)
    lower = neg.sum() - np.cumsum(neg)                                 # negatives scored below each run
    return float((pos * (lower + 0.5 * neg)).sum() / (pos.sum() * neg.sum()))


def baselines(test: pd.DataFrame, seed: int) -> dict[str, np.ndarray]:
    """Today's rankings; ``risk_class`` uses a panel's ``industry_rate`` and is left out when neither exists."""
    size = test.insured.to_numpy()
    rate = test.inj_1.to_numpy() / np.maximum(size, 1)
    ranked = {
        "last_count": test.inj_1.to_numpy() + 1e-6 * size / (size.max() or 1),
        "last_rate": rate + 1e-9 * test.inj_1.to_numpy(),
    }
    industry = next((test[c] for c in ("risk_class", "industry_rate") if c in test), None)
    if industry is not None:
        ranked["risk_class"] = industry.fillna(0).to_numpy() + 1e-6 * size / (size.max() or 1)
    ranked["random"] = np.random.default_rng(seed).random(len(test))
    return ranked


def _ceiling(con, test: pd.DataFrame, year: int) -> np.ndarray | None:
    if not warehouse.has_demo_truth(con):
        return None
    truth = _hidden_truth(con, "targeting/hidden_risk", int(year), test.uscc, ["expected"])
    return np.nan_to_num(truth["expected"], nan=0.0)


def _hidden_truth(con, query: str, year: int, ids: pd.Series, columns: list[str]) -> dict[str, np.ndarray]:
    """The demo's hidden truth for ``ids``, in their order (NaN where it has none): looked up by position
    rather than merged on a million USCC strings, with DuckDB's cache given back (a backtest's own
    connection) before the lookup."""
    truth = warehouse.run_query_released(con, query, {"year": year})
    at = identifiers.positions(ids, truth.uscc)
    return {c: np.where(at >= 0, truth[c].to_numpy(float, na_value=np.nan)[at], np.nan) for c in columns}


def run(con: duckdb.DuckDBPyConnection | None = None, frame: pd.DataFrame | None = None,
        test_years: list[int] | None = None, seed: int = 0, extra_models: dict | None = None,
        columns: models.Columns = models.WAREHOUSE, progress=None) -> dict:
    """Backtest every model and baseline on the warehouse, or on ``frame`` and its ``columns``
    (``analytics.targeting.panel.frame`` makes both from any jurisdiction's panel); ``progress``
    hears of each fit (``analytics.progress``).

    ``extra_models`` maps a name to an unfitted count pipeline (a data scientist's own),
    fitted and scored exactly like the built-in ones.
    """
    source = _Source(con, frame, seed)
    years = source.test_years()
    first_test = min(years) + 2 if len(years) > 2 else min(years) + 1
    test_years = test_years or [y for y in years if y >= first_test and _year_complete(con, y)]
    count_models = {name: lambda name=name: models.make_model(name, seed, columns) for name in models.COUNT_MODELS}
    count_models.update({k: (lambda v=v: v) for k, v in (extra_models or {}).items()})
    outcomes = {k: v for k, v in OUTCOMES.items() if k in source.attrs.get("outcomes", OUTCOMES)}
    results = {"test_years": test_years, "rankers": {}, "notes": []}
    risk_scores = _OnDisk()     # the default model's scores per test year, for the uplift ranking
    if "serious" not in outcomes:
        results["notes"].append("no serious-injury column: the serious-injury classifier and AUC are left out")
    steps, done = len(test_years) * (len(count_models) + 1) + 1, 0

    def one_year(year: int, previous_top: set | None) -> set | None:
        """Fit, score and judge one test year; its frames are freed on return, before the next year's
        features are built (at a million enterprises two years' frames would not fit beside each other)."""
        nonlocal done
        test = source.test(year)            # built first: the training rows are not yet held beside it
        train = source.train(year)
        if train.empty or test.empty:
            return previous_top
        scores = {}
        expected = {}   # expected injuries over next year's actual exposure, for deviance and calibration
        exposure_ratio = test.insured_next.to_numpy() / test.insured.clip(lower=1).to_numpy()
        for name, factory in count_models.items():
            model = models.fit_count_model(factory(), train, columns)
            scores[name] = models.expected_injuries(model, test)
            expected[name] = scores[name] * (exposure_ratio if models.basis(model) == "next" else 1.0)
            done += 1
            report(progress, f"{year}: {name}", done, steps)
        if "serious" in outcomes and models.training_rows(train).serious_next.gt(0).nunique() == 2:
            classifier = models.fit_classifier(models.make_model("serious_classifier", seed, columns), train, columns)
            scores["serious_classifier"] = models.serious_probability(classifier, test)
        del train
        test = test[[c for c in test if c in _JUDGED_ON]]      # the features have been read: the rest is judging
        risk_scores[year] = pd.DataFrame({"uscc": test["uscc" if "uscc" in test else "entity_id"].array,
                                          "insured": test.insured.to_numpy(copy=True), "risk": scores[DEFAULT]})
        scores.update(baselines(test, seed + year))
        done += 1
        report(progress, f"{year}: serious_classifier, baselines", done, steps)
        results.setdefault("lists", {})[int(year)] = _list_metrics(con, source.history(year), test, year,
                                                                   scores[DEFAULT], seed)
        ids = test["uscc" if "uscc" in test else "entity_id"].array      # strings made only for the lists' heads
        region = next((test[c].array for c in ("prefecture_code", "region") if c in test), None)
        groups = {"size_band": lists.size_band(test.insured).to_numpy(), **({"region": region} if region is not None else {})}
        entry = card.card(scores[DEFAULT], test.injuries_next.to_numpy(), test.insured_next.to_numpy(),
                          expected[DEFAULT], groups, previous_top, scores["last_count"], ids, seed)
        results.setdefault("model_card", {"model": DEFAULT, "years": {}})["years"][int(year)] = entry
        expected["last_count"] = test.inj_1.to_numpy() * exposure_ratio
        if con is not None:
            ceiling = _ceiling(con, test, year)
            if ceiling is not None:
                scores["ceiling"] = expected["ceiling"] = ceiling
        outcome = {k: test[v].to_numpy() for k, v in outcomes.items()}
        serious_any = (outcome.get("serious", outcome["injuries"] * 0) > 0).astype(int)
        for name, score in scores.items():
            entry = results["rankers"].setdefault(name, {"kind": _kind(name), "years": {}})
            order = np.argsort(-score, kind="stable")
            metrics = {f"{out}_top{int(s * 100)}": capture(score, outcome[out], s, order)
                       for out in outcomes for s in SHARES}
            if 0 < serious_any.sum() < len(serious_any):
                metrics["auc_serious"] = auc(serious_any, score, order)
            if name in expected:
                pred = np.maximum(expected[name], 1e-9)
                metrics["poisson_deviance"] = float(mean_poisson_deviance(outcome["injuries"], pred))
                metrics["calibration"] = calibration(pred, outcome["injuries"])
            metrics["enterprises"] = int(len(test))
            metrics["injuries"] = int(outcome["injuries"].sum())
            entry["years"][int(year)] = metrics
        return set(ids[np.argsort(-scores[DEFAULT], kind="stable")[:max(1, int(round(len(ids) * 0.1)))]])

    previous_top = None
    for year in test_years:
        previous_top = one_year(year, previous_top)
        warehouse.trim_heap()           # the year's frames are gone: so are their pages
    source = None                       # the training rows: gone before the uplift's panel is read
    if con is not None and test_years:
        report(progress, "uplift: matched comparison, bootstrap", done, steps)
        results["uplift"] = uplift.report(con, test_years, risk_scores, seed)
    risk_scores.close()
    report(progress, "done", steps, steps)
    return results


class _OnDisk(Mapping):
    """Frames by year kept in Parquet files until they are read: each test year's scores wait there for
    the uplift, so what a test year holds in memory does not grow with the years scored before it (at a
    million enterprises 36 MB a year, the USCCs most of it)."""

    def __init__(self):
        self._folder = tempfile.TemporaryDirectory(prefix="backtest-scores-")
        self._years: list[int] = []

    def __setitem__(self, year: int, frame: pd.DataFrame) -> None:
        frame.to_parquet(self._path(year), index=False)
        self._years.append(year)

    def __getitem__(self, year: int) -> pd.DataFrame:
        if year not in self._years:
            raise KeyError(year)
        return pd.read_parquet(self._path(year))

    def __iter__(self):
        return iter(self._years)

    def __len__(self) -> int:
        return len(self._years)

    def _path(self, year: int) -> Path:
        return Path(self._folder.name) / f"{int(year)}.parquet"

    def close(self) -> None:
        self._folder.cleanup()


TRAINING_ROWS = 400_000    # enterprise-years a model is fitted on at most (a sample beyond: features.build)


class _Source:
    """Where a backtest's rows come from. A given frame (a panel), or the warehouse's features of every
    year when they are few enough; beyond ``TRAINING_ROWS`` (a million enterprises), a sample in
    proportion to exposure to train on, and each test year's enterprises in full, one year at a time."""

    def __init__(self, con, frame: pd.DataFrame | None, seed: int):
        self.con, self.frame, self.sampled = con, frame, None
        if frame is None:
            self.first, self.last = _year_span(con)
            rows = warehouse.scalar(con, "select count(*) from insurance where year < ?", [self.last])
            if rows <= TRAINING_ROWS:
                self.frame = features.build(con, self.first, self.last)
            else:
                self.sampled = features.build(con, self.first, self.last - 1, sample=TRAINING_ROWS, seed=seed,
                                              release=True)
        self.attrs = self.frame.attrs if self.frame is not None else {}

    def test_years(self) -> list[int]:
        if self.frame is not None:
            return sorted(int(y) + 1 for y in self.frame[self.frame.insured_next.notna()].year.unique())
        return sorted(int(y) + 1 for y in self.sampled.year.unique())

    def train(self, year: int) -> pd.DataFrame:
        rows = self.frame if self.frame is not None else self.sampled
        known = (rows.year <= year - 2).to_numpy()
        return rows if known.all() else rows[known]

    def test(self, year: int) -> pd.DataFrame:
        if self.frame is not None:
            rows = self.frame[self.frame.year == year - 1]
        else:
            rows = features.build(self.con, year - 1, year - 1, release=True)
        return rows[rows.insured_next.notna()].reset_index(drop=True)

    def history(self, year: int) -> pd.DataFrame:
        """Enterprise-years up to ``year - 1`` with ``insured`` and ``inj_1``: what the rising list reads."""
        if self.frame is not None:
            return self.frame[self.frame.year <= year - 1]
        return warehouse.run_query_released(self.con, "targeting/yearly_injuries",
                                            {"first_year": year - 1 - lists.load_rules().rising_years,
                                             "last_year": year - 1})


DEFAULT = models.DEFAULT_MODEL    # the model the card, the lists' hit rates and the uplift ranking describe
# What a test year is judged on once its models have scored it: identity and groups, the baselines'
# and the lists' inputs, and the outcomes.
_JUDGED_ON = {"uscc", "entity_id", "division", "industry", "prefecture_code", "region", "insured", "inj_1", "inj_3",
              "risk_class", "industry_rate", *lists.SIGNALS, *features.LABELS}
UNDER_REPORTER = 0.7          # demo truth: an enterprise recognising fewer than this share of its injuries
DETECTABLE = 8                # ... whose true injuries in three years are at least this many (else no record shows it)


def _list_metrics(con, history: pd.DataFrame, test: pd.DataFrame, year: int, risk: np.ndarray, seed: int) -> dict:
    """The lists beside the ranked one, drawn on year - 1 and judged on year: how many, how many had an
    injury (hit rate) against the model's top 10 % and random samples (the Danish KPI); on the demo,
    the under-reporting list's precision and recall against the planted under-reporters."""
    id_ = "uscc" if "uscc" in test else "entity_id"
    group = next((c for c in ("division", "industry") if c in test), None)
    hit = (test.injuries_next > 0).to_numpy()
    rng = np.random.default_rng(seed + year)
    k = max(1, int(round(len(test) * 0.10)))
    order = np.argsort(-risk, kind="stable")
    lower = order[len(order) // 2:]
    out = {"hit_rate_model_top10": float(hit[order[:k]].mean()),
           "hit_rate_audit": float(hit[rng.choice(lower, size=min(k, len(lower)), replace=False)].mean()),
           "hit_rate_random": float(hit[rng.choice(len(test), size=k, replace=False)].mean())}
    out["lift_over_random"] = out["hit_rate_model_top10"] / out["hit_rate_random"] if out["hit_rate_random"] else None
    drawn = {"rising": lists.rising(history, year - 1, id=id_, group=group),
             "underreporting": lists.underreporting(test, id=id_, group=group),
             "excess": lists.excess(test, id=id_, group=group)}
    for name, entries in drawn.items():
        listed = test[id_].isin(entries[id_]).to_numpy()
        out[name] = {"listed": int(listed.sum()), "hit_rate": float(hit[listed].mean()) if listed.any() else None}
    if con is not None and warehouse.has_table(con, "enterprise_risk", "hidden"):
        truth = _hidden_truth(con, "targeting/hidden_report", int(year - 1), test[id_], ["report_prob", "expected_3"])
        planted = truth["report_prob"] < UNDER_REPORTER
        detectable = planted & (truth["expected_3"] >= DETECTABLE)
        listed = test[id_].isin(drawn["underreporting"][id_]).to_numpy()
        if planted.any():
            out["underreporting"].update(
                planted=int(planted.sum()), precision=float(planted[listed].mean()) if listed.any() else None,
                recall=float(listed[planted].mean()), base_rate=float(planted.mean()),
                detectable=int(detectable.sum()),
                recall_detectable=float(listed[detectable].mean()) if detectable.any() else None)
    return out


def _kind(name: str) -> str:
    if name == "ceiling":
        return "ceiling"
    if name in ("last_count", "last_rate", "risk_class", "random"):
        return "baseline"
    return "model"


def _year_span(con) -> tuple[int, int]:
    """The first and last year with insurance records."""
    first, last = con.execute("select min(year), max(year) from insurance").fetchone()
    return int(first), int(last)


def _year_complete(con, year: int) -> bool:
    """A test year needs a whole year of outcomes."""
    if con is None:
        return True
    through = warehouse.data_through(con)
    return through is None or through >= pd.Timestamp(year=year, month=12, day=1).date()


def with_registered(results: dict | None, listed: pd.DataFrame) -> dict:
    """The saved backtest plus any registered model (a data scientist's own) that carries its own
    backtest metrics but is not in it, so every registered model can be compared."""
    merged = {"test_years": [], "notes": [], **(results or {})}
    merged["rankers"] = dict(merged.get("rankers", {}))
    for row in listed.itertuples():
        if row.name not in merged["rankers"] and row.metrics:
            merged["rankers"][row.name] = {"kind": "model", "years": {int(y): m for y, m in row.metrics.items()}}
    return merged


def calibration_table(results: dict, ranker: str, year: int) -> pd.DataFrame:
    """One ranker's calibration deciles of one test year (``decile, expected, observed, n``)."""
    return pd.DataFrame(results["rankers"][ranker]["years"][year]["calibration"])


def card_calibration(entry: dict) -> pd.DataFrame:
    """A model card's exposure-weighted calibration deciles (``decile, expected, observed, exposure, n``)."""
    return pd.DataFrame(entry["calibration"])


def summary(results: dict, share: str = "injuries_top10") -> pd.DataFrame:
    """Ranker x test year table of one metric."""
    return pd.DataFrame({name: {y: m.get(share) for y, m in r["years"].items()}
                         for name, r in results["rankers"].items()}).T


def training_frame(con: duckdb.DuckDBPyConnection, rows: int | None = TRAINING_ROWS, seed: int = 0,
                   release: bool = False) -> pd.DataFrame:
    """Every enterprise-year whose next year is complete: what a model is fitted on before it is
    registered (the built-in ones here, a data scientist's own in a notebook). Beyond ``rows`` of them,
    a sample in proportion to exposure, weighted (``features.build``; ``release`` as there)."""
    first, last = _year_span(con)
    complete = [y for y in range(first, last) if _year_complete(con, y + 1)]
    if not complete:
        return features.build(con, first, first).iloc[:0]
    return features.build(con, first, max(complete), sample=rows, seed=seed, release=release)


def train_and_register(con: duckdb.DuckDBPyConnection, results: dict | None = None, seed: int = 0,
                       directory=None, progress=None, release: bool = False) -> list[str]:
    """Fit every model on all years with known outcomes, register them, make the best count model default.

    "Best" is the highest mean top-10 % injury capture in ``results`` (a backtest), else ``models.DEFAULT_MODEL``.
    ``release``: a batch job's own connection (``features.build``).
    """
    from analytics.targeting import registry

    train = training_frame(con, seed=seed, release=release)
    years = sorted(int(y) for y in train.year.unique())
    ids = {}
    source = registry.warehouse_identity(con)
    names = models.COUNT_MODELS + ("serious_classifier",)
    for done, name in enumerate(names):
        report(progress, f"fit {name} on {years[0]}-{years[-1]}", done, len(names))
        pipeline = models.make_model(name, seed)
        fit = models.fit_classifier if name == "serious_classifier" else models.fit_count_model
        metrics = (results or {}).get("rankers", {}).get(name, {}).get("years", {})
        fitted = fit(pipeline, train)
        ids[name] = registry.register(name, fitted, "classifier" if name == "serious_classifier" else "count",
                                      years, models.feature_columns(fitted), metrics, directory, source)
    best = DEFAULT
    if results:
        means = {n: np.nanmean([m["injuries_top10"] for m in results["rankers"][n]["years"].values()])
                 for n in models.COUNT_MODELS if n in results["rankers"]}
        best = max(means, key=means.get)
    registry.set_default(ids[best], directory)
    if results:
        registry.save_backtest(results, directory)
    report(progress, f"registered; default {best}", len(names), len(names))
    return list(ids.values())
