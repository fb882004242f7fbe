"""Indicators and targets on hand-made warehouses whose answers are known by hand."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from analytics import stats
from analytics.data import importer, warehouse
from analytics.measures import indicators, targets
from analytics.measures.indicators import Filters
from conftest import KEY, make_id, make_uscc

AS_OF = dt.date(2026, 11, 23)
MINE, SHOP = make_uscc("530102", 11), make_uscc("530111", 12)


def build(tmp_path, injuries_by_year: dict[tuple[str, int], int], insured: dict[tuple[str, int], int],
          last_accident: str | None = None):
    """Two enterprises (a coal mine, a shop); ``injuries_by_year[(uscc, year)]`` injuries each."""
    con = warehouse.connect(tmp_path / "hand.duckdb")
    ent = pd.DataFrame({"uscc": [MINE, SHOP], "name": ["煤矿", "商店"], "industry_code": ["06", "52"],
                        "region_code": ["530102", "530111"]})
    assert importer.import_frame(con, "enterprises", ent, "e", key=KEY, as_of=AS_OF).accepted
    ins = pd.DataFrame([{"uscc": u, "year": y, "insured": n, "payroll": n * 80000, "premium_paid": n * 800,
                         "benefits_paid": 0} for (u, y), n in insured.items()])
    assert importer.import_frame(con, "insurance", ins, "i", key=KEY, as_of=AS_OF).accepted
    rows = []
    for (u, y), n in injuries_by_year.items():
        for k in range(n):
            date = last_accident if (last_accident and y == int(last_accident[:4]) and k == 0) else f"{y}-03-01"
            rows.append({"case_no": f"{u[-4:]}-{y}-{k}", "uscc": u, "id_number": make_id(seq=k % 1000),
                         "accident_date": date, "decision_date": date, "accident_type": "9",
                         "fatal": "是" if k == 0 else "否"})
    assert importer.import_frame(con, "injuries", pd.DataFrame(rows), "j", key=KEY, as_of=AS_OF).accepted
    return con


def test_rates_intervals_small_counts_and_yoy(tmp_path):
    con = build(tmp_path, {(MINE, 2024): 10, (MINE, 2025): 15, (SHOP, 2025): 2},
                {(MINE, 2024): 1000, (MINE, 2025): 1000, (SHOP, 2024): 500, (SHOP, 2025): 500},
                last_accident="2025-12-31")
    by_year = indicators.indicators(con, ["year"]).set_index("year")
    assert by_year.loc[2024, "injuries"] == 10 and by_year.loc[2025, "injuries"] == 17
    assert by_year.loc[2024, "injury_rate"] == pytest.approx(10 / 1500 * 1000)
    assert by_year.loc[2025, "death_rate"] == pytest.approx(2 / 1500 * 1000)
    # Exact Poisson 95 % interval of 10 events: 4.7954 to 18.3904 (Garwood), per 1500 person-years.
    assert by_year.loc[2024, "injury_rate_low"] == pytest.approx(4.795389 / 1.5, rel=1e-5)
    assert by_year.loc[2024, "injury_rate_high"] == pytest.approx(18.390356 / 1.5, rel=1e-5)
    assert by_year.loc[2025, "injury_rate_yoy"] == pytest.approx(17 / 10 - 1)
    assert not by_year.loc[2024, "injury_rate_small"] and by_year.loc[2025, "death_rate_small"]
    shop = indicators.indicators(con, ["year"], Filters(division=("52",))).set_index("year")
    assert shop.loc[2025, "injury_rate_small"] and np.isnan(shop.loc[2025, "injury_rate_yoy"])
    low, high = stats.poisson_interval([0], [1000], 1000)
    assert low[0] == 0 and high[0] == pytest.approx(scipy_stats.chi2.ppf(0.975, 2) / 2)


def test_current_partial_year_is_annualised_and_marked(tmp_path):
    con = build(tmp_path, {(MINE, 2025): 12, (MINE, 2026): 6}, {(MINE, 2025): 1000, (MINE, 2026): 1000},
                last_accident="2026-06-30")
    year, fraction = indicators.current_year(con)
    assert year == 2026 and fraction == pytest.approx(181 / 365)
    frame = indicators.indicators(con, ["year"]).set_index("year")
    assert frame.loc[2026, "ytd"] and not frame.loc[2025, "ytd"]
    assert frame.loc[2026, "injuries"] == 6                                        # counts stay year to date
    assert frame.loc[2026, "injury_rate"] == pytest.approx(6 / (1000 * 181 / 365) * 1000)   # rate annualised


def test_groupings_and_filters(tmp_path):
    con = build(tmp_path, {(MINE, 2025): 5, (SHOP, 2025): 1}, {(MINE, 2025): 100, (SHOP, 2025): 900},
                last_accident="2025-12-31")
    groups = indicators.indicators(con, ["key_group", "prefecture"]).set_index("key_group")
    assert groups.loc["mining", "injuries"] == 5 and groups.loc["mining", "prefecture"] == "530100"
    assert groups.loc["other", "insured"] == 900
    only = indicators.indicators(con, [], Filters(county=("530111",)))
    assert only.injuries.iloc[0] == 1
    with pytest.raises(ValueError, match="unknown grouping"):
        indicators.indicators(con, ["colour"])


def _plan(tmp_path, body: str):
    path = tmp_path / "plans.toml"
    path.write_text(body, "utf-8")
    return targets.load_plans(path)


PLAN = """
[plans.p]
name_zh = "计划"
name_en = "plan"
base_year = 2020
first_year = 2021
last_year = 2025
[[plans.p.targets]]
key = "t"
name_zh = "降20%"
name_en = "-20 %"
indicator = "injury_rate"
scope = "key_industries"
reduction = 0.20
"""


def _series(tmp_path, counts: dict[int, int]):
    """The mine's injuries per year, 1000 insured each year, data complete to the end of the last year."""
    return build(tmp_path, {(MINE, y): n for y, n in counts.items()}, {(MINE, y): 1000 for y in counts},
                 last_accident=f"{max(counts)}-12-31")


def test_verdict_met_when_the_last_year_is_below_target(tmp_path):
    con = _series(tmp_path, {2020: 100, 2021: 95, 2022: 90, 2023: 85, 2024: 80, 2025: 75})
    result = targets.evaluate(con, "p", plans=_plan(tmp_path, PLAN))[0]
    assert result["base_rate"] == pytest.approx(100) and result["target_rate"] == pytest.approx(80)
    assert result["verdict"] == "met"
    path = {y["year"]: y["target"] for y in result["years"]}
    assert path[2025] == pytest.approx(80) and path[2023] == pytest.approx(100 * 0.8 ** 0.6)


def test_verdict_missed_and_off_track(tmp_path):
    con = _series(tmp_path, {2020: 100, 2021: 99, 2022: 98, 2023: 97, 2024: 96, 2025: 95})
    assert targets.evaluate(con, "p", plans=_plan(tmp_path, PLAN))[0]["verdict"] == "missed"
    ongoing = _plan(tmp_path, PLAN.replace("last_year = 2025", "last_year = 2028"))
    assert targets.evaluate(con, "p", plans=ongoing)[0]["verdict"] == "off_track"


def test_verdict_on_track_from_the_projection(tmp_path):
    con = _series(tmp_path, {2020: 400, 2021: 380, 2022: 361, 2023: 343})
    ongoing = _plan(tmp_path, PLAN.replace("last_year = 2025", "last_year = 2026"))
    result = targets.evaluate(con, "p", plans=ongoing)[0]
    assert result["verdict"] == "on_track"
    proj = result["projection"]
    # counts fall exactly 5 % a year: the log-linear fit recovers it, 400 * 0.95**6 per 1000 in 2026
    assert proj["rate"] == pytest.approx(400 * 0.95 ** 6, rel=1e-3)
    assert proj["low"] < proj["rate"] < proj["high"] and proj["probability_met"] > 0.5


def test_a_province_own_target_applies_only_to_that_province(tmp_path):
    con = _series(tmp_path, {2020: 100, 2021: 95, 2022: 90, 2023: 85, 2024: 80, 2025: 75})   # a Yunnan warehouse
    own = PLAN + PLAN[PLAN.index("[[plans.p.targets]]"):].replace('key = "t"', 'key = "every_year"') \
        .replace("reduction = 0.20", "reduction = 0.20\nannual_reduction = 0.05")
    assert [r["target"] for r in targets.evaluate(con, "p", plans=_plan(tmp_path, own))] == ["t", "every_year"]
    jilin = own.replace("annual_reduction = 0.05", 'annual_reduction = 0.05\nprovince = "jilin"')
    assert [r["target"] for r in targets.evaluate(con, "p", plans=_plan(tmp_path, jilin))] == ["t"]
    shipped = targets.load_plans()["2021-2025"].targets
    assert [t.province for t in shipped] == [None, "jilin", None]


def test_plan_file_errors_name_file_key_and_allowed_values(tmp_path):
    with pytest.raises(Exception, match=r"plans.toml.*indicator.*allowed: injury_rate"):
        _plan(tmp_path, PLAN.replace('indicator = "injury_rate"', 'indicator = "accidents"'))
    with pytest.raises(Exception, match=r"missing key 'base_year'"):
        _plan(tmp_path, PLAN.replace("base_year = 2020\n", ""))
    with pytest.raises(Exception, match=r"reduction.*fraction"):
        _plan(tmp_path, PLAN.replace("reduction = 0.20", "reduction = 20"))
    with pytest.raises(Exception, match=r"province: 'guangxi'; allowed: yunnan, jilin"):
        _plan(tmp_path, PLAN + 'province = "guangxi"\n')
    shipped = targets.load_plans()
    assert set(shipped) == {"2021-2025", "2026-2030"}
    assert shipped["2026-2030"].base_year == 2025 and shipped["2026-2030"].targets[0].reduction == 0.10


@pytest.mark.parametrize("by", [["year"], ["prefecture"], ["key_group", "size_band"], ["division", "year"], ["county"]])
def test_totals_over_any_grouping_equal_the_ungrouped_total(demo_db, by):
    con = warehouse.connect(demo_db, read_only=True)
    total = indicators.indicators(con, [])
    grouped = indicators.indicators(con, by)
    for column in ["injuries", "deaths", "insured", "person_years", "pneumoconiosis", "hazards_overdue"]:
        assert grouped[column].sum() == pytest.approx(total[column].iloc[0])


def test_cli_indicators_and_targets(demo_db):
    import json
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "analytics", "indicators", "--db", str(demo_db), "--by",
                          "year,key_group", "--format", "json"], capture_output=True, text=True, check=True)
    rows = json.loads(run.stdout)
    con = warehouse.connect(demo_db, read_only=True)
    api = indicators.indicators(con, ["year", "key_group"])
    assert sum(r["injuries"] for r in rows) == api.injuries.sum()
    run = subprocess.run([sys.executable, "-m", "analytics", "targets", "--db", str(demo_db), "--plan", "2021-2025",
                          "--format", "json"], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout)[0]["verdict"] in targets.VERDICTS


def test_the_plan_for_a_year_is_the_latest_plan_begun_by_then():
    assert [targets.plan_for(y) for y in (2019, 2021, 2025, 2026, 2031)] == \
        ["2021-2025", "2021-2025", "2021-2025", "2026-2030", "2026-2030"]


def test_training_coverage_counts_persons_against_headcount_and_is_judged_as_a_level(demo_db):
    from analytics.measures import training

    con = warehouse.connect(demo_db, read_only=True)
    by_year = training.coverage(con, ["year"]).set_index("year")
    persons = warehouse.scalar(con, "select count(*) from (select distinct uscc, role, person_hash from trainings "
                                    "where year(completed_date) = 2025)")
    headcount = warehouse.scalar(con, "select sum(headcount) from key_positions k join insurance i "
                                      "on i.uscc = k.uscc and i.year = k.year where k.year = 2025")
    assert by_year.loc[2025, "headcount"] == headcount and by_year.loc[2025, "trained"] <= persons
    assert by_year.loc[2025, "coverage"] == pytest.approx(by_year.loc[2025, "trained"] / headcount)
    by_role = training.coverage(con, ["role"], year=2025)
    assert by_role.trained.sum() == by_year.loc[2025, "trained"] and set(by_role.role) <= {
        "principal", "safety_manager", "team_leader", "exposed_worker"}
    result = next(r for r in targets.evaluate(con, "2021-2025") if r["target"] == "key_position_training")
    assert result["verdict"] == "missed" and result["latest_year"] == 2025          # 2025 is over and below 100 %
    assert result["latest_rate"] == pytest.approx(by_year.loc[2025, "coverage"], abs=0.05)


def test_training_coverage_reads_persons_counted_once_per_import(demo_copy):
    """The persons trained for each key position are counted when the data change, not by every
    coverage query (one a prefecture in the responsibility tables): the table holds what counting the
    trainings gives, and a warehouse opened without it (made by an older version) gets it back."""
    from analytics.measures import training

    con = warehouse.connect(demo_copy)
    counted = warehouse.query(con, """
        select k.uscc, k.year, k.role, k.headcount, least(count(distinct t.person_hash), k.headcount) as trained
        from key_positions k left join trainings t
          on t.uscc = k.uscc and year(t.completed_date) = k.year and t.role = k.role
        group by k.uscc, k.year, k.role, k.headcount order by all""")
    kept = warehouse.query(con, "select * from key_position_training order by all")
    pd.testing.assert_frame_equal(kept, counted, check_dtype=False)
    before = training.coverage(con, ["year", "prefecture"])
    con.execute("drop table key_position_training")
    con.close()
    con = warehouse.connect(demo_copy)
    pd.testing.assert_frame_equal(training.coverage(con, ["year", "prefecture"]), before)


def test_a_warehouse_from_an_older_version_opened_read_only_says_how_to_upgrade_it(demo_copy, capsys):
    """Read-only, a warehouse that predates a derived table cannot be migrated: opening it says so and how
    to bring it up to date, instead of a query failing on a missing table; ``upgrade`` does it."""
    from analytics import cli
    from analytics.measures import training

    con = warehouse.connect(demo_copy)
    before = training.coverage(con, ["year", "prefecture"])
    con.execute("drop table key_position_training")
    con.close()
    with pytest.raises(warehouse.WarehouseOutdated) as raised:
        warehouse.connect(demo_copy, read_only=True)
    assert raised.value.missing == ["key_position_training"] and raised.value.schema == warehouse.SCHEMA_VERSION
    assert cli.main(["training", "--db", str(demo_copy), "--year", "2025"]) == 1
    said = capsys.readouterr().err
    assert "key_position_training" in said and "python -m analytics upgrade --db" in said and "旧版本" in said
    assert "结构版本" not in said                     # the same schema: no "version 6, this code 6"
    older = warehouse.WarehouseOutdated(demo_copy, warehouse.SCHEMA_VERSION - 1, []).message("en")
    assert f"schema {warehouse.SCHEMA_VERSION - 1}, this code {warehouse.SCHEMA_VERSION}" in older
    assert cli.main(["upgrade", "--db", str(demo_copy)]) == 0
    assert "key_position_training" in capsys.readouterr().out
    con = warehouse.connect(demo_copy, read_only=True)
    pd.testing.assert_frame_equal(training.coverage(con, ["year", "prefecture"]), before)


def test_cli_training_gives_the_same_coverage_as_the_package(demo_db):
    import subprocess
    import sys

    from analytics.measures import training

    run = subprocess.run([sys.executable, "-m", "analytics", "training", "--year", "2025", "--by", "role", "--format", "json",
                          "--db", str(demo_db)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    rows = pd.DataFrame(json.loads(run.stdout))
    con = warehouse.connect(demo_db, read_only=True)
    expected = training.coverage(con, ["year", "role"], year=2025)
    assert rows.trained.tolist() == expected.trained.tolist() and rows.coverage.round(6).tolist() == expected.coverage.round(6).tolist()
