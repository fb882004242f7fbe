"""Prevention work against the plans' rules: campaigns per key industry, bases per region, course hours."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from analytics.data import warehouse
from analytics.measures import prevention


def test_the_planted_gaps_are_found(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    campaigns = prevention.campaign_coverage(con, 2024)
    assert campaigns[campaigns.short].key_group.tolist() == ["machinery"]          # planted: no campaign in 2024
    assert (campaigns[~campaigns.short].campaigns >= 1).all()
    bases = prevention.base_coverage(con, 2025)
    without = bases[bases.missing & (bases.level == "prefecture")].region_code.tolist()
    assert without == ["533300", "533400"]                                          # 怒江, 迪庆: none filed
    assert bases[bases.level == "county"].missing.sum() > 2
    courses = prevention.short_courses(con, 2025)
    assert len(courses) > 0 and (courses.class_hours < 10).all()
    assert warehouse.scalar(con, "select count(*) from school_courses where year = 2025 and class_hours < 10") == len(courses)


def test_a_rules_file_moves_the_thresholds(demo_db, tmp_path):
    con = warehouse.connect(demo_db, read_only=True)
    path = tmp_path / "prevention.toml"
    path.write_text("[courses]\nmin_class_hours = 20\n[campaigns]\nper_key_industry = 100\n", "utf-8")
    rules = prevention.load_rules(path)
    assert len(prevention.short_courses(con, 2025, rules)) > len(prevention.short_courses(con, 2025))
    assert prevention.campaign_coverage(con, 2024, rules).short.all()


def test_the_command_line_gives_the_same_views(demo_db):
    def cli(*args):
        run = subprocess.run([sys.executable, "-m", "analytics", *args, "--format", "json", "--db", str(demo_db)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return pd.DataFrame(json.loads(run.stdout))

    con = warehouse.connect(demo_db, read_only=True)
    assert cli("campaigns", "--year", "2024").campaigns.tolist() == prevention.campaign_coverage(con, 2024).campaigns.tolist()
    missing = cli("bases", "--year", "2025", "--missing")
    assert missing.region_code.tolist() == prevention.base_coverage(con, 2025).query("missing").region_code.tolist()
    assert cli("courses", "--year", "2025").record_no.tolist() == prevention.short_courses(con, 2025).record_no.tolist()
