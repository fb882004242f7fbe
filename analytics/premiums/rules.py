"""Floating-rate rules: the tier ladder and a province's rules file (``data/rules/*.toml``), validated.

Classes and benchmarks follow 人社部发〔2015〕71号: classes 1-8 at 0.2 ... 1.9 % of payroll;
class 1 floats only up (120 %, 150 %); classes 2-8 have tiers 50, 80, 100, 120, 150 %.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from analytics import config, paths
from analytics.data import reference
from analytics.data.feeds import ACCIDENT_LEVELS

TIERS = (50, 80, 100, 120, 150)


@dataclass(frozen=True)
class Band:
    max_ratio: float | None   # % ; None = no upper bound
    tier: int


@dataclass(frozen=True)
class Rules:
    name_zh: str
    name_en: str
    window_years: int = 3
    new_injury_scope: str = "last_year"
    max_tier_change: int = 1
    partial_history: str = "benchmark"
    min_full_years: int = 1
    no_new_injury: tuple[Band, ...] = ()
    new_injury: tuple[Band, ...] = ()
    accident_levels: tuple[str, ...] = ("larger", "major", "especially_major")
    late_payment: bool = True
    fatal_injury: bool = False
    credibility: bool = False
    full_credibility_premium: float = 500_000
    injury_factor: bool = False
    rate_multiple: float = 2.0
    min_injuries: int = 3
    disease_blocks_discount: bool = True
    up_only_classes: tuple[int, ...] = (1,)
    benchmarks: dict = field(default_factory=lambda: dict(reference.BENCHMARK_RATES))
    class_overrides: dict = field(default_factory=dict)
    source: str = ""

    def replace(self, **changes) -> "Rules":
        """A what-if copy: ``rules.replace(no_new_injury=(...))``."""
        return replace(self, **changes)


def _bands(doc: config.Section, name: str) -> tuple[Band, ...]:
    raw = doc.section("bands").items(name)
    if not raw:
        doc.fail(f"bands.{name}", "missing; give at least one [[bands." + name + "]] with tier")
    out, last = [], -1.0
    for i, band in enumerate(raw):
        tier = band.choice("tier", TIERS)
        top = band.get("max_ratio")
        if top is None and i != len(raw) - 1:
            band.fail("max_ratio", "only the last band may leave max_ratio out")
        if top is not None and (not isinstance(top, (int, float)) or top <= last):
            band.fail("max_ratio", f"{top!r}; allowed: a number (%) above the previous band's")
        if top is not None and i == len(raw) - 1:
            band.fail("max_ratio", "the last band must have no max_ratio (it takes everything above)")
        out.append(Band(None if top is None else float(top), int(tier)))
        last = top if top is not None else last
    return tuple(out)


def load_rules(path: str | Path | None = None) -> Rules:
    """Read and validate a rules file; every error names the file, the key and the allowed values."""
    path = Path(path or paths.RULES_DIR / "default.toml")
    doc = config.read(path)
    for key in ("name_zh", "name_en"):
        if not isinstance(doc.get(key), str):
            doc.fail(key, "missing; a name in Chinese and in English")
    exceptions = doc.section("exceptions")
    levels = tuple(exceptions.get("accident_levels", ("larger", "major", "especially_major")))
    bad = [lv for lv in levels if lv not in ACCIDENT_LEVELS]
    if bad:
        exceptions.fail("accident_levels", f"{bad}; allowed: {', '.join(ACCIDENT_LEVELS)}")
    benchmarks = dict(reference.BENCHMARK_RATES)
    for cls, rate in doc.section("benchmarks").doc.items():
        if not str(cls).isdigit() or int(cls) not in benchmarks or not isinstance(rate, (int, float)) or rate <= 0:
            doc.fail(f"benchmarks.{cls}", f"{rate!r}; allowed: classes 1-8 with a rate in % of payroll above 0")
        benchmarks[int(cls)] = float(rate)
    overrides = {}
    known = set(reference.industries().industry_code)
    for code, cls in doc.section("class_overrides").doc.items():
        if code not in known or cls not in range(1, 9):
            doc.fail(f"class_overrides.{code}", f"{cls!r}; allowed: a GB/T 4754 code and a class 1-8")
        overrides[code] = int(cls)
    up_only = doc.get("up_only_classes", [1])
    if not isinstance(up_only, list) or any(c not in range(1, 9) for c in up_only):
        doc.fail("up_only_classes", f"{up_only!r}; allowed: a list of classes 1-8 that float only up")
    cred, factor = doc.section("credibility"), doc.section("injury_factor")
    if cred.get("full_credibility_premium", 1) <= 0:
        cred.fail("full_credibility_premium", "must be above 0 (元)")
    return Rules(
        doc.get("name_zh"), doc.get("name_en"),
        window_years=doc.choice("window_years", (1, 2, 3), 3),
        new_injury_scope=doc.choice("new_injury_scope", ("last_year", "window"), "last_year"),
        max_tier_change=doc.choice("max_tier_change", (1, 2), 1),
        partial_history=doc.choice("partial_history", ("benchmark", "available"), "benchmark"),
        min_full_years=doc.choice("min_full_years", (1, 2, 3), 1),
        no_new_injury=_bands(doc, "no_new_injury"), new_injury=_bands(doc, "new_injury"), accident_levels=levels,
        late_payment=exceptions.flag("late_payment", True), fatal_injury=exceptions.flag("fatal_injury", False),
        credibility=cred.flag("enabled", False),
        full_credibility_premium=cred.number("full_credibility_premium", 500_000.0),
        injury_factor=factor.flag("enabled", False), rate_multiple=factor.number("rate_multiple", 2.0, low=1),
        min_injuries=factor.integer("min_injuries", 3, minimum=1),
        disease_blocks_discount=factor.flag("disease_blocks_discount", True), up_only_classes=tuple(up_only),
        benchmarks=benchmarks, class_overrides=overrides, source=str(path),
    )


def available_rules() -> dict[str, Path]:
    return {p.stem: p for p in sorted(paths.RULES_DIR.glob("*.toml"))}


def with_first_threshold(rules: Rules, threshold: float) -> Rules:
    """The rules with the upper 支缴率 bound of the first no-new-injury band moved (a what-if);
    unchanged when the bound would pass the next band's."""
    first, rest = rules.no_new_injury[0], rules.no_new_injury[1:]
    if threshold == first.max_ratio or (rest and threshold >= (rest[0].max_ratio or float("inf"))):
        return rules
    return rules.replace(no_new_injury=(Band(float(threshold), first.tier),) + rest)


