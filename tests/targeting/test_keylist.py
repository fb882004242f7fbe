"""Key-enterprise list: ranked, mandatory and audit entries with intervals and reasons."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.data import warehouse
from analytics.targeting import backtest, keylist


@pytest.fixture(scope="module")
def entries(demo_db, tmp_path_factory):
    models = tmp_path_factory.mktemp("models")
    con = warehouse.connect(demo_db, read_only=True)
    backtest.train_and_register(con, None, directory=models)
    return keylist.build(con, 2026, top=30, audit=10, seed=3, models_dir=models), con, models


def test_kinds_ranks_intervals_and_reasons(entries):
    frame, con, _ = entries
    assert (frame.kind == "ranked").sum() == 30 and (frame.kind == "audit").sum() == 10
    ranked = frame[frame.kind == "ranked"]
    assert ranked["rank"].tolist() == list(range(1, 31))
    assert (frame.low <= frame.expected).all() and (frame.expected <= frame.high + 1).all()
    assert frame.reasons.str.len().min() > 0
    audit = frame[frame.kind == "audit"]
    assert (audit["rank"] > frame["rank"].max() / 4).all() and audit.reasons.str.contains("随机抽取").all()
    mandatory = frame[frame.kind == "mandatory"]
    assert mandatory.mandatory_reason.str.len().min() > 0


def test_every_death_last_year_is_on_the_list(entries):
    frame, con, _ = entries
    died = set(warehouse.query(con, "select distinct i.uscc from injuries i join insurance s on s.uscc = i.uscc "
                                    "and s.year = 2025 where fatal and year(accident_date) = 2025").uscc)
    assert died <= set(frame.uscc)


def test_reasons_use_the_enterprises_own_numbers(entries):
    frame, _, _ = entries
    first = frame.iloc[0]
    assert "同行业" in first.reasons or "预计明年工伤" in first.reasons


def test_audit_sample_is_seeded(entries):
    frame, con, models = entries
    again = keylist.build(con, 2026, top=30, audit=10, seed=3, models_dir=models)
    pd.testing.assert_series_equal(frame[frame.kind == "audit"].uscc.reset_index(drop=True),
                                   again[again.kind == "audit"].uscc.reset_index(drop=True))
