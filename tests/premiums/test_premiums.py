"""Floating premium rates: golden cases at every boundary, exceptions, limits, rules-file errors."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import premiums
from analytics.data import warehouse
from analytics import paths
from analytics.config import ConfigError
from analytics.data import reference

YEAR = 2026
RULES = premiums.load_rules()


def employer(premium=100_000.0, benefits=0.0, injuries_last=0, injuries_earlier=0, risk_class=4, current_rate=None,
             late=0, fatal=0, diseases=0, accident_level=None, years=3, division="34", **extra) -> dict:
    """One employer's basis row: ``premium`` and ``benefits`` are per year over ``years`` years."""
    bench = reference.BENCHMARK_RATES[risk_class]
    row = {"uscc": f"E{len(extra)}", "name": "测试单位", "industry_code": division, "division": division,
           "prefecture_code": "530100", "risk_class": risk_class, "payroll_last": 10_000_000.0,
           "rate_applied_last": bench if current_rate is None else current_rate}
    for k in (1, 2, 3):
        active = k <= years
        row.update({f"premium_{k}": premium if active else 0.0, f"benefits_{k}": benefits if active else 0.0,
                    f"injuries_{k}": injuries_last if k == 1 else injuries_earlier, f"fatal_{k}": fatal if k == 1 else 0,
                    f"diseases_{k}": diseases if k == 1 else 0, f"person_years_{k}": 100 if active else 0,
                    f"late_{k}": late if k == 1 else 0, f"accident_level_{k}": accident_level if k == 1 else None})
    row.update(extra)
    return row


def tiers(rows: list[dict], rules=RULES) -> list[int]:
    rec = premiums.recommend(pd.DataFrame(rows), rules, YEAR)
    return rec.recommended_tier.tolist()


def ratio(pct: float, **kw) -> dict:
    return employer(premium=100_000.0, benefits=1000.0 * pct, **kw)


@pytest.mark.parametrize("pct, last_year_injury, current, expected", [
    (0, False, 100, 80), (120, False, 100, 80), (120.01, False, 100, 120), (300, False, 100, 120),
    (300.01, False, 120, 150),
    (0, True, 100, 100), (120, True, 100, 100), (120.01, True, 100, 120), (300, True, 100, 120),
    (300.01, True, 120, 150),
])
def test_default_bands_at_every_boundary(pct, last_year_injury, current, expected):
    bench = reference.BENCHMARK_RATES[4]
    row = ratio(pct, injuries_last=int(last_year_injury), current_rate=bench * current / 100)
    assert tiers([row]) == [expected]


@pytest.mark.parametrize("pct, expected", [(49.99, 50), (50, 50), (50.01, 80), (80, 80), (80.01, 100), (100, 100),
                                           (100.01, 120), (150, 120), (150.01, 150)])
def test_five_band_alternative_at_every_boundary(pct, expected):
    rules = premiums.load_rules(premiums.available_rules()["five_band"]).replace(max_tier_change=2)
    current = {50: 80, 80: 100, 100: 100, 120: 100, 150: 120}[expected]
    bench = reference.BENCHMARK_RATES[4]
    assert tiers([ratio(pct, current_rate=bench * current / 100)], rules) == [expected]


def test_injury_earlier_in_the_window_counts_only_with_window_scope():
    row = ratio(10, injuries_earlier=2)
    assert tiers([row]) == [80]
    assert tiers([row], RULES.replace(new_injury_scope="window")) == [100]


@pytest.mark.parametrize("exception", [
    {"accident_level": 1}, {"accident_level": 2}, {"accident_level": 3}, {"late": 1}])
def test_each_exception_forbids_a_float_below_100(exception):
    assert tiers([ratio(10, **exception)]) == [100]
    rec = premiums.recommend(pd.DataFrame([ratio(10, **exception)]), RULES, YEAR)
    assert "不得下浮" in rec.reason.iloc[0]


def test_general_accident_and_fatal_injury_follow_the_rules_file():
    assert tiers([ratio(10, accident_level=0)]) == [80]
    assert tiers([ratio(10, fatal=1, injuries_last=0)]) == [80]
    assert tiers([ratio(10, fatal=1)], RULES.replace(fatal_injury=True)) == [100]
    assert tiers([ratio(10, late=1)], RULES.replace(late_payment=False)) == [80]


def test_class_1_never_floats_down():
    rows = [ratio(p, risk_class=1, current_rate=0.2 * c / 100) for p in (0, 50, 119) for c in (100, 120, 150)]
    result = tiers(rows, RULES.replace(max_tier_change=2))
    assert min(result) == 100
    five = premiums.load_rules(premiums.available_rules()["five_band"])
    assert min(tiers(rows, five)) == 100


def test_one_year_change_limit():
    bench = reference.BENCHMARK_RATES[4]
    falling = ratio(0, current_rate=bench * 1.5)          # band says 80 %, current 150 %
    rising = ratio(400, current_rate=bench * 0.8)         # band says 150 %, current 80 %
    assert tiers([falling, rising]) == [120, 100]
    assert tiers([falling, rising], RULES.replace(max_tier_change=2)) == [100, 120]
    rec = premiums.recommend(pd.DataFrame([falling]), RULES, YEAR)
    assert "每年最多调整1档，由 150% 调至 120%" in rec.reason.iloc[0]


def test_short_history_gets_the_benchmark_or_its_available_years():
    row = ratio(0, years=0)
    assert tiers([row]) == [100]
    one = ratio(0, years=1)
    assert tiers([one], RULES.replace(min_full_years=2)) == [100]
    assert tiers([one], RULES.replace(min_full_years=2, partial_history="available")) == [80]


def test_reason_names_the_rule_and_its_numbers():
    rec = premiums.recommend(pd.DataFrame([employer(premium=50_000, benefits=100_000, injuries_last=1)]), RULES, YEAR)
    reason = rec.reason.iloc[0]
    assert "支缴率 200.0%" in reason and "基金支付 30.0万元 ÷ 实缴保费 15.0万元" in reason
    assert "上年有新发工伤，对应浮动档 120%" in reason and "建议费率 1.08%（基准 0.9% × 120%）" in reason


def test_reason_in_english_says_the_same_rule_and_numbers():
    rows = pd.DataFrame([employer(premium=50_000, benefits=100_000, injuries_last=1, late=1, accident_level=1)])
    reason = premiums.recommend(rows, RULES, YEAR, lang="en").reason.iloc[0]
    assert "payout ratio over 3 years (2023-2025) 200.0%" in reason and "fund payments 30.0 ÷ premiums 15.0" in reason
    assert "new injuries last year, band tier 120 %" in reason and "a larger safety accident in the window" in reason
    assert "late payment: no discount" in reason and "Recommended rate 1.08 % (benchmark 0.9 % × 120 %)" in reason


def test_credibility_blends_towards_the_industry():
    small = employer(premium=10_000, benefits=50_000, division="47", uscc="small")   # 500 % on a small premium
    peers = [employer(premium=1_000_000, benefits=100_000, division="47", uscc=f"p{i}") for i in range(9)]
    plain = premiums.recommend(pd.DataFrame([small] + peers), RULES, YEAR)
    blended = premiums.recommend(pd.DataFrame([small] + peers), RULES.replace(credibility=True), YEAR)
    k = RULES.full_credibility_premium
    z = 30_000 / (30_000 + k)
    division = (150_000 + 9 * 300_000) / (30_000 + 9 * 3_000_000) * 100
    assert blended.rated_ratio.iloc[0] == pytest.approx(z * 500 + (1 - z) * division)
    assert plain.band_tier.iloc[0] == 150 and blended.band_tier.iloc[0] == 80


def test_injury_factor_moves_one_tier_up_and_disease_blocks_discount():
    peers = [employer(uscc=f"p{i}", injuries_last=0) for i in range(9)]
    risky = employer(uscc="risky", injuries_last=3, premium=1e6, benefits=1e4)
    rules = RULES.replace(injury_factor=True, max_tier_change=2)
    rec = premiums.recommend(pd.DataFrame([risky] + peers), rules, YEAR)
    assert rec.band_tier.iloc[0] == 120 and rec.injury_factor_up.iloc[0]
    assert tiers([ratio(10, diseases=1)], rules) == [100]
    assert tiers([ratio(10, diseases=1)]) == [80]         # off by default


def test_benchmark_and_class_overrides(tmp_path):
    text = premiums.available_rules()["default"].read_text("utf-8")
    path = tmp_path / "local.toml"
    path.write_text(text + '\n[benchmarks]\n4 = 1.0\n\n[class_overrides]\n"34" = 5\n', "utf-8")
    rules = premiums.load_rules(path)
    rec = premiums.recommend(pd.DataFrame([ratio(10)]), rules, YEAR)
    assert rec.risk_class.iloc[0] == 5 and rec.benchmark_rate.iloc[0] == 1.1
    assert rules.benchmarks[4] == 1.0


@pytest.mark.parametrize("edit, message", [
    (("window_years = 3", "window_years = 5"), r"window_years: 5; allowed: 1, 2, 3"),
    (("max_tier_change = 1", "max_tier_change = 3"), r"max_tier_change: 3; allowed: 1, 2"),
    (("tier = 80", "tier = 90"), r"bands.no_new_injury\[0\].tier: 90; allowed: 50, 80, 100, 120, 150"),
    (("max_ratio = 300\ntier = 120\n[[bands.no_new_injury]]", "max_ratio = 100\ntier = 120\n[[bands.no_new_injury]]"),
     r"bands.no_new_injury\[1\].max_ratio: 100.*above the previous"),
    (('accident_levels = ["larger", "major", "especially_major"]', 'accident_levels = ["big"]'),
     r"exceptions.accident_levels.*allowed: general, larger, major, especially_major"),
    (('new_injury_scope = "last_year"', 'new_injury_scope = "ever"'), r"new_injury_scope.*allowed: last_year, window"),
    (('partial_history = "benchmark"', 'partial_history = "guess"'), r"partial_history.*allowed: benchmark, available"),
    (("full_credibility_premium = 500000", "full_credibility_premium = 0"), r"credibility.full_credibility_premium"),
    (('name_en = "Current practice: two tables by new injuries last year"', ""), r"name_en: missing"),
])
def test_each_rules_file_mistake_has_its_own_clear_error(tmp_path, edit, message):
    text = premiums.available_rules()["default"].read_text("utf-8")
    old, new = edit
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(ConfigError, match=message) as err:
        premiums.load_rules(path)
    assert str(path) in str(err.value)


def test_missing_band_table_and_open_last_band(tmp_path):
    path = tmp_path / "bad.toml"
    text = premiums.available_rules()["default"].read_text("utf-8")
    path.write_text(text.replace("[[bands.new_injury]]", "[[bands.unused]]"), "utf-8")
    with pytest.raises(ConfigError, match=r"bands.new_injury: missing"):
        premiums.load_rules(path)


def test_demo_tier_counts_add_up_and_fund_impact(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    basis = premiums.load_basis(con, YEAR)
    eligible = warehouse.scalar(con, "select count(distinct uscc) from insurance where year = ?", [YEAR - 1])
    for name in premiums.available_rules():
        rec = premiums.recommend(basis, premiums.load_rules(premiums.available_rules()[name]), YEAR)
        assert len(rec) == eligible
        for by in ("risk_class", "division", "prefecture_code"):
            assert premiums.tier_distribution(rec, by).to_numpy().sum() == eligible
        impact = premiums.fund_impact(rec)
        assert impact.loc["total", "employers"] == eligible
        assert impact.loc["total", "income_recommended"] == pytest.approx(
            (rec.payroll_last * rec.recommended_rate / 100).sum())
        assert (rec[rec.risk_class == 1].recommended_tier >= 100).all()


def test_cli_premiums_writes_a_workbook(demo_db, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "rates.xlsx"
    run = subprocess.run([sys.executable, "-m", "analytics", "premiums", "--year", str(YEAR), "--db", str(demo_db),
                          "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    book = pd.read_excel(out, sheet_name=None, engine="openpyxl")
    assert {"建议费率", "按风险类别", "按州市", "基金影响"} <= set(book)
    assert "理由" in book["建议费率"].columns and len(book["建议费率"]) > 0


def test_up_only_classes_come_from_the_rules_file(tmp_path):
    rules = RULES.replace(up_only_classes=(1, 2))
    bench = reference.BENCHMARK_RATES[2]
    assert tiers([ratio(0, risk_class=2, current_rate=bench)], rules) == [100]
    assert tiers([ratio(0, risk_class=2, current_rate=bench)]) == [80]
    path = tmp_path / "bad.toml"
    path.write_text(premiums.available_rules()["default"].read_text("utf-8").replace(
        "up_only_classes = [1]", "up_only_classes = [9]"), "utf-8")
    with pytest.raises(ConfigError, match=r"up_only_classes.*allowed: a list of classes 1-8"):
        premiums.load_rules(path)


def test_fund_impact_uses_the_registered_model_where_present(demo_copy, tmp_path, monkeypatch):
    from analytics.targeting import backtest

    con = warehouse.connect(demo_copy, read_only=True)
    rec = premiums.recommend(premiums.load_basis(con, YEAR), RULES, YEAR)
    monkeypatch.setenv("ANALYTICS_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(paths, "DATA_DIR", tmp_path)
    assert premiums.model_payouts(con, rec, YEAR) is None
    backtest.train_and_register(con, None)
    payouts = premiums.model_payouts(con, rec, YEAR)
    assert payouts is not None and (payouts >= 0).all() and payouts.sum() > 0
    impact = premiums.fund_impact(rec, expected_payouts=payouts)
    assert impact.loc["total", "expected_payouts"] == pytest.approx(payouts.sum())
