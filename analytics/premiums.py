"""Floating premium rates (工伤保险费率浮动, SPEC C5): rules, recommendations, fund impact.

Classes and benchmarks follow 人社部发〔2015〕71号: classes 1-8 at 0.2 ... 1.9 % of payroll;
class 1 floats only up (120 %, 150 %); classes 2-8 have tiers 50, 80, 100, 120, 150 %.
A province's rules file (``data/rules/*.toml``) sets the 支缴率 window, the bands, the
largest change in one year, the exceptions that forbid a float below 100 %, and the
treatment of employers with a short history; it may override benchmark rates
(``[benchmarks]``, class -> %) and the class of an industry (``[class_overrides]``).

For a rate year Y the window is the ``window_years`` complete years before Y, and
``支缴率 = Σ benefits_paid / Σ premium_paid`` over it. Steps, in order:

1. band: the employer's 支缴率 picks a tier from ``bands.no_new_injury`` or
   ``bands.new_injury`` (new injury last year, or in the window, per ``new_injury_scope``);
2. beyond practice, when enabled: credibility ``Z = P / (P + K)`` (P the employer's
   premiums in the window, K ``full_credibility_premium``) blends the employer's 支缴率 with
   its division's, ``Z x own + (1 - Z) x division``, before the band is read; the injury
   factor moves one tier up when the window's injury rate is at least ``rate_multiple`` x
   the division's with at least ``min_injuries`` injuries, and a new occupational-disease
   case forbids a tier below 100 %;
3. exceptions (accident of a listed level, late payment, optionally a fatal injury) lift a
   tier below 100 % to 100 %;
   the classes in ``up_only_classes`` (default: class 1) never go below 100 %;
4. at most ``max_tier_change`` steps on the class's tier ladder from the current tier;
5. too short a history (fewer than ``min_full_years`` years with premiums): 100 % with
   ``partial_history = "benchmark"``, else the available years are used.
"""

from __future__ import annotations

from collections.abc import Iterable

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analytics import paths, reference, warehouse
from analytics.reference import ConfigError

TIERS = (50, 80, 100, 120, 150)
CLASS1_TIERS = (100, 120, 150)
ACCIDENT_LEVELS = ("general", "larger", "major", "especially_major")
LEVEL_ZH = {"general": "一般", "larger": "较大", "major": "重大", "especially_major": "特别重大"}


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
        return Rules(**{**self.__dict__, **changes})


def _fail(path, key, message):
    raise ConfigError(f"{path}: {key}: {message}")


def _bands(path, doc, name) -> tuple[Band, ...]:
    raw = doc.get("bands", {}).get(name)
    if not raw:
        _fail(path, f"bands.{name}", "missing; give at least one [[bands." + name + "]] with tier")
    out, last = [], -1.0
    for i, b in enumerate(raw):
        key = f"bands.{name}[{i}]"
        if b.get("tier") not in TIERS:
            _fail(path, key + ".tier", f"{b.get('tier')!r}; allowed: {', '.join(map(str, TIERS))}")
        top = b.get("max_ratio")
        if top is None and i != len(raw) - 1:
            _fail(path, key + ".max_ratio", "only the last band may leave max_ratio out")
        if top is not None and (not isinstance(top, (int, float)) or top <= last):
            _fail(path, key + ".max_ratio", f"{top!r}; allowed: a number (%) above the previous band's")
        if top is not None and i == len(raw) - 1:
            _fail(path, key + ".max_ratio", "the last band must have no max_ratio (it takes everything above)")
        out.append(Band(None if top is None else float(top), int(b["tier"])))
        last = top if top is not None else last
    return tuple(out)


def load_rules(path: str | Path | None = None) -> Rules:
    """Read and validate a rules file; every error names the file, the key and the allowed values."""
    path = Path(path or paths.RULES_DIR / "default.toml")
    try:
        doc = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    for key in ("name_zh", "name_en"):
        if not isinstance(doc.get(key), str):
            _fail(path, key, "missing; a name in Chinese and in English")
    choices = {"window_years": (1, 2, 3), "new_injury_scope": ("last_year", "window"), "max_tier_change": (1, 2),
               "partial_history": ("benchmark", "available"), "min_full_years": (1, 2, 3)}
    for key, allowed in choices.items():
        if key in doc and doc[key] not in allowed:
            _fail(path, key, f"{doc[key]!r}; allowed: {', '.join(map(str, allowed))}")
    exceptions = doc.get("exceptions", {})
    levels = tuple(exceptions.get("accident_levels", ("larger", "major", "especially_major")))
    bad = [lv for lv in levels if lv not in ACCIDENT_LEVELS]
    if bad:
        _fail(path, "exceptions.accident_levels", f"{bad}; allowed: {', '.join(ACCIDENT_LEVELS)}")
    benchmarks = dict(reference.BENCHMARK_RATES)
    for cls, rate in doc.get("benchmarks", {}).items():
        if not str(cls).isdigit() or int(cls) not in benchmarks or not isinstance(rate, (int, float)) or rate <= 0:
            _fail(path, f"benchmarks.{cls}", f"{rate!r}; allowed: classes 1-8 with a rate in % of payroll above 0")
        benchmarks[int(cls)] = float(rate)
    overrides = {}
    known = set(reference.industries().industry_code)
    for code, cls in doc.get("class_overrides", {}).items():
        if code not in known or cls not in range(1, 9):
            _fail(path, f"class_overrides.{code}", f"{cls!r}; allowed: a GB/T 4754 code and a class 1-8")
        overrides[code] = int(cls)
    up_only = doc.get("up_only_classes", [1])
    if not isinstance(up_only, list) or any(c not in range(1, 9) for c in up_only):
        _fail(path, "up_only_classes", f"{up_only!r}; allowed: a list of classes 1-8 that float only up")
    cred, factor = doc.get("credibility", {}), doc.get("injury_factor", {})
    if cred.get("full_credibility_premium", 1) <= 0:
        _fail(path, "credibility.full_credibility_premium", "must be above 0 (元)")
    return Rules(
        doc["name_zh"], doc["name_en"], doc.get("window_years", 3), doc.get("new_injury_scope", "last_year"),
        doc.get("max_tier_change", 1), doc.get("partial_history", "benchmark"), doc.get("min_full_years", 1),
        _bands(path, doc, "no_new_injury"), _bands(path, doc, "new_injury"), levels,
        bool(exceptions.get("late_payment", True)), bool(exceptions.get("fatal_injury", False)),
        bool(cred.get("enabled", False)), float(cred.get("full_credibility_premium", 500_000)),
        bool(factor.get("enabled", False)), float(factor.get("rate_multiple", 2.0)), int(factor.get("min_injuries", 3)),
        bool(factor.get("disease_blocks_discount", True)), tuple(up_only), benchmarks, overrides, str(path),
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


def load_basis(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Per employer insured in ``year - 1``: the three years before ``year``, current rate, exceptions.

    Load once per rate year; ``recommend`` then applies any rules (a what-if) in memory.
    """
    return warehouse.query(con, warehouse.read_sql("premium_basis"), {"rate_year": year})


def _band_tier(ratio: pd.Series, bands: tuple[Band, ...]) -> pd.Series:
    tier = pd.Series(bands[-1].tier, index=ratio.index)
    for band in reversed(bands[:-1]):
        tier = tier.where(~(ratio <= band.max_ratio), band.tier)
    return tier


def recommend(basis: pd.DataFrame, rules: Rules, year: int, reasons: bool | Iterable[str] = True) -> pd.DataFrame:
    """Recommended tier and rate of every employer in ``basis``, with the reason in Chinese.

    ``reasons=False`` skips the text, for what-if sliders that need only tiers and income; a
    collection of USCCs writes it for those employers only (one enterprise's page). Every
    employer is still rated, because the rules compare each with its division.
    """
    b = basis.copy()
    cls = b.industry_code.map(rules.class_overrides).fillna(b.division.map(rules.class_overrides))
    b["risk_class"] = cls.fillna(b.risk_class).astype(int)
    b["benchmark_rate"] = b.risk_class.map(rules.benchmarks)
    # Window figures use the rules' window (the basis may hold up to three years).
    first = year - rules.window_years
    for col in ("premium", "benefits", "injuries", "diseases", "person_years", "fatal", "late"):
        b[col] = sum(b[f"{col}_{k}"] for k in range(1, rules.window_years + 1))
    b["full_years"] = sum((b[f"premium_{k}"] > 0).astype(int) for k in range(1, rules.window_years + 1))
    b["worst_level"] = pd.concat([b[f"accident_level_{k}"] for k in range(1, rules.window_years + 1)], axis=1).max(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        b["ratio"] = np.where(b.premium > 0, b.benefits / b.premium * 100, np.nan)
    division = b.groupby("division")[["benefits", "premium", "injuries", "person_years"]].transform("sum")
    b["division_ratio"] = division.benefits / division.premium.where(division.premium > 0) * 100
    b["credibility"] = b.premium / (b.premium + rules.full_credibility_premium)
    b["rated_ratio"] = b.ratio
    if rules.credibility:
        b["rated_ratio"] = b.credibility * b.ratio.fillna(b.division_ratio) + (1 - b.credibility) * b.division_ratio
    new_injury = (b.injuries_1 > 0) if rules.new_injury_scope == "last_year" else (b.injuries > 0)
    b["new_injury"] = new_injury
    band = pd.Series(np.where(new_injury, _band_tier(b.rated_ratio, rules.new_injury),
                              _band_tier(b.rated_ratio, rules.no_new_injury)), index=b.index)
    ladder = np.array(TIERS)
    step = pd.Series(np.searchsorted(ladder, band), index=b.index)
    if rules.injury_factor:
        division_rate = division.injuries / division.person_years.where(division.person_years > 0)
        own_rate = b.injuries / b.person_years.where(b.person_years > 0)
        b["injury_factor_up"] = (b.injuries >= rules.min_injuries) & (own_rate >= rules.rate_multiple * division_rate)
        step = (step + b.injury_factor_up.astype(int)).clip(upper=len(ladder) - 1)
    else:
        b["injury_factor_up"] = False
    b["band_tier"] = ladder[step]
    level_rank = {lv: i for i, lv in enumerate(ACCIDENT_LEVELS)}
    listed = min((level_rank[lv] for lv in rules.accident_levels), default=99)
    b["blocked_accident"] = b.worst_level.fillna(-1) >= listed
    b["blocked_late"] = rules.late_payment & (b.late > 0)
    b["blocked_fatal"] = rules.fatal_injury & (b.fatal > 0)
    b["blocked_disease"] = rules.injury_factor & rules.disease_blocks_discount & (b.diseases > 0)
    up_only = b.risk_class.isin(rules.up_only_classes)
    blocked = b.blocked_accident | b.blocked_late | b.blocked_fatal | b.blocked_disease | up_only
    tier = b.band_tier.where(~(blocked & (b.band_tier < 100)), 100)
    nearest = np.abs(ladder[None, :] - (b.rate_applied_last / b.benchmark_rate * 100).to_numpy()[:, None]).argmin(axis=1)
    current = pd.Series(np.where(b.rate_applied_last.notna(), ladder[nearest], 100), index=b.index).astype(int)
    cur_step = np.searchsorted(ladder, current)
    limited = np.clip(np.searchsorted(ladder, tier), cur_step - rules.max_tier_change, cur_step + rules.max_tier_change)
    b["limited"] = limited != np.searchsorted(ladder, tier)
    tier = pd.Series(ladder[limited], index=b.index)
    short = b.full_years < rules.min_full_years
    b["short_history"] = short
    if rules.partial_history == "benchmark":
        tier = tier.where(~short, 100)
    tier = tier.where(~(up_only & (tier < 100)), 100)      # class 1 (by default) floats only up
    b["current_tier"] = current
    b["up_only"] = up_only
    b["recommended_tier"] = tier.astype(int)
    b["current_rate"] = b.benchmark_rate * current / 100
    b["recommended_rate"] = b.benchmark_rate * b.recommended_tier / 100
    b["window"] = f"{first}-{year - 1}" if rules.window_years > 1 else str(year - 1)
    if reasons is True:
        b["reason"] = _reasons(b, rules)
    elif reasons:
        wanted = b.uscc.isin(list(reasons))
        b["reason"] = ""
        b.loc[wanted, "reason"] = _reasons(b[wanted], rules)
    return b


def _reasons(b: pd.DataFrame, rules: Rules) -> list[str]:
    """The rule that fired, with its numbers, in plain Chinese (one f-string per employer: fast)."""
    scope = "上年" if rules.new_injury_scope == "last_year" else f"近{rules.window_years}年"
    head = f"近{rules.window_years}年（{b.window.iloc[0] if len(b) else ''}）支缴率 "
    limit = f"；每年最多调整{rules.max_tier_change}档，由 "
    short = f"；缴费不足{rules.min_full_years}个完整年度，" + (
        "执行基准费率" if rules.partial_history == "benchmark" else "按已有年度计算")
    out = []
    for (ratio, rated, benefits, premium, z, div_ratio, new, band, up, acc, level, late, fatal, disease, up_only,
         limited, cur, rec, is_short, rate, bench) in zip(
            b.ratio, b.rated_ratio, b.benefits, b.premium, b.credibility, b.division_ratio, b.new_injury,
            b.band_tier, b.injury_factor_up, b.blocked_accident, b.worst_level, b.blocked_late, b.blocked_fatal,
            b.blocked_disease, b.up_only, b.limited, b.current_tier, b.recommended_tier, b.short_history,
            b.recommended_rate, b.benchmark_rate):
        text = head + (f"{ratio:.1f}%" if ratio == ratio else "无法计算") + \
            f"（基金支付 {benefits / 1e4:,.1f}万元 ÷ 实缴保费 {premium / 1e4:,.1f}万元）"
        if rules.credibility:
            text += f"；可信度加权 Z={z:.2f}，与本行业 {div_ratio:.1f}% 加权后为 {rated:.1f}%"
        text += f"；{scope}{'有' if new else '无'}新发工伤，对应浮动档 {band}%"
        if up:
            text += f"（工伤发生率达行业均值{rules.rate_multiple:g}倍以上，上调一档）"
        if acc:
            text += f"；窗口期内发生{LEVEL_ZH[ACCIDENT_LEVELS[int(level)]]}生产安全事故，不得下浮"
        if late:
            text += "；存在欠缴，不得下浮"
        if fatal:
            text += "；发生工亡，不得下浮"
        if disease:
            text += "；新发职业病，不得下浮"
        if up_only:
            text += "；本类行业只上浮不下浮"
        if limited:
            text += f"{limit}{cur}% 调至 {rec}%"
        if is_short:
            text += short
        out.append(text + f"。建议费率 {rate:.3g}%（基准 {bench:g}% × {rec}%）")
    return out


def model_payouts(con: duckdb.DuckDBPyConnection, rec: pd.DataFrame, year: int) -> pd.Series | None:
    """Expected payouts from the registered targeting model, if one is registered.

    Expected injuries next year (the default model, on features of ``year - 1``) times the
    province's fund payments per recognised injury over the window. None without a model.
    """
    from analytics import features, models, registry

    try:
        model, meta = registry.load()
    except (LookupError, OSError):
        return None
    if meta.get("kind") != "count":
        return None
    frame = features.build(con, year - 1, year - 1)
    expected = pd.Series(models.expected_injuries(model, frame), index=frame.uscc)
    per_injury = rec.benefits.sum() / max(rec.injuries.sum(), 1)
    return rec.uscc.map(expected).fillna(0).set_axis(rec.index) * per_injury


def tier_distribution(rec: pd.DataFrame, by: str = "risk_class") -> pd.DataFrame:
    """Employers per recommended tier, by class, division or prefecture."""
    return rec.pivot_table(index=by, columns="recommended_tier", values="uscc", aggfunc="count", fill_value=0)


def fund_impact(rec: pd.DataFrame, by: str = "risk_class", expected_payouts: pd.Series | None = None) -> pd.DataFrame:
    """Premium income at current and recommended rates on last year's payroll, against payouts.

    Expected payouts default to the window's mean yearly benefits (history); a model's
    expected injuries times the mean benefit per injury can be passed per employer instead.
    """
    frame = rec.assign(
        income_current=rec.payroll_last * rec.current_rate / 100,
        income_recommended=rec.payroll_last * rec.recommended_rate / 100,
        expected_payouts=expected_payouts if expected_payouts is not None
        else rec.benefits / rec.full_years.clip(lower=1),
    )
    out = frame.groupby(by)[["income_current", "income_recommended", "expected_payouts"]].sum()
    out.insert(0, "employers", frame.groupby(by).size())
    out["change"] = out.income_recommended - out.income_current
    out["payout_ratio_recommended"] = out.expected_payouts / out.income_recommended
    total = out.sum(numeric_only=True)
    total["payout_ratio_recommended"] = total.expected_payouts / total.income_recommended
    out.loc["total"] = total
    return out


RECOMMENDATION_COLUMNS = {  # column -> (Chinese, English) header of exports and tables
    "uscc": ("统一社会信用代码", "USCC"), "name": ("单位名称", "Employer"), "industry_code": ("行业代码", "Industry"),
    "prefecture_code": ("州市代码", "Prefecture"), "risk_class": ("风险类别", "Risk class"),
    "benchmark_rate": ("基准费率(%)", "Benchmark rate (%)"), "window": ("支缴率窗口", "Window"),
    "ratio": ("支缴率(%)", "Payout ratio (%)"), "current_tier": ("现行浮动档(%)", "Current tier (%)"),
    "current_rate": ("现行费率(%)", "Current rate (%)"), "recommended_tier": ("建议浮动档(%)", "Recommended tier (%)"),
    "recommended_rate": ("建议费率(%)", "Recommended rate (%)"), "reason": ("理由", "Reason"),
}


def recommendation_table(rec: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    i = 1 if lang == "en" else 0
    cols = [c for c in RECOMMENDATION_COLUMNS if c in rec]
    rec = rec.assign(ratio=rec.ratio.round(1), recommended_rate=rec.recommended_rate.round(3),
                     current_rate=rec.current_rate.round(3))
    return rec[cols].rename(columns={c: RECOMMENDATION_COLUMNS[c][i] for c in cols})


def export_xlsx(rec: pd.DataFrame, path_or_buffer, lang: str = "zh") -> None:
    """Recommendations, tier distributions and fund impact in one workbook."""
    zh = lang != "en"
    with pd.ExcelWriter(path_or_buffer, engine="xlsxwriter") as writer:
        recommendation_table(rec, lang).to_excel(writer, sheet_name="建议费率" if zh else "Recommendations", index=False)
        for by, (szh, sen) in {"risk_class": ("按风险类别", "By class"), "division": ("按行业", "By division"),
                               "prefecture_code": ("按州市", "By prefecture")}.items():
            tier_distribution(rec, by).to_excel(writer, sheet_name=szh if zh else sen)
        fund_impact(rec).to_excel(writer, sheet_name="基金影响" if zh else "Fund impact")
        fund_impact(rec, "prefecture_code").to_excel(writer, sheet_name="基金影响-州市" if zh else "Fund by prefecture")
