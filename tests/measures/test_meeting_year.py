"""The joint meeting's year: every prefecture's targets side by side, and the typical cases."""

from __future__ import annotations

import json
import subprocess
import sys

from analytics.data import warehouse
from analytics.measures import cases, targets
from analytics.measures.indicators import Filters


def test_every_prefecture_is_judged_on_its_own_records(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    table = targets.responsibility(con)
    prefectures = warehouse.query(con, "select region_code from regions where level = 'prefecture'").region_code
    assert set(table.region_code) == set(prefectures)
    kunming = table[(table.region_code == "530100") & (table.target == "key_industry_injury_rate")].iloc[0]
    alone = next(r for r in targets.evaluate(con, filters=Filters(prefecture=("530100",)))
                 if r["target"] == "key_industry_injury_rate")
    assert (kunming.latest_rate, kunming.verdict) == (alone["latest_rate"], alone["verdict"])
    counties = targets.responsibility(con, prefecture="530100")
    assert set(counties.region_code) <= set(warehouse.query(
        con, "select region_code from regions where prefecture_code = '530100' and level = 'county'").region_code)
    assert len(counties.region_code.unique()) > 5


def test_typical_cases_put_the_deadliest_first_and_teach_more_than_one_lesson(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    year = 2025
    chosen = cases.typical(con, year, n=6)
    everything = warehouse.query(con, "select deaths, level from accidents where year(date) = 2025")
    assert 0 < len(chosen) <= 6
    worst = {"especially_major": 4, "major": 3, "larger": 2, "general": 1}
    assert worst[chosen.level.iloc[0]] == max(worst[v] for v in everything.level)
    assert chosen.accident_type.value_counts().max() <= 2
    assert chosen.lesson.str.len().gt(8).all() and chosen.lesson_en.str.len().gt(8).all()
    kunming = cases.typical(con, year, prefectures=("530100",))
    assert (kunming.prefecture_code == "530100").all()


def test_the_command_line_gives_both(demo_db):
    def cli(*args):
        run = subprocess.run([sys.executable, "-m", "analytics", *args, "--db", str(demo_db)], capture_output=True,
                             text=True)
        assert run.returncode == 0, run.stderr
        return run.stdout

    rows = json.loads(cli("targets", "--by", "prefecture", "--format", "json"))
    assert {"region", "base_rate", "latest_rate", "target_rate", "projected", "verdict"} <= set(rows[0])
    table = cli("targets", "--by", "prefecture")
    assert "基期值（2020）" in table and "目标（2025）" in table
    listed = json.loads(cli("cases", "--year", "2025", "--format", "json"))
    assert listed and {"date", "deaths", "lesson", "type_zh"} <= set(listed[0])
