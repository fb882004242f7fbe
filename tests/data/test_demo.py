"""The demo province: deterministic, complete, realistic, hidden truth kept apart."""

from __future__ import annotations

import pandas as pd

from analytics.data import demo, warehouse
from analytics.data.feeds import FEEDS


def _content(path) -> dict[str, pd.DataFrame]:
    con = warehouse.connect(path, read_only=True)
    out = {}
    for name in list(FEEDS) + ["hidden.enterprise_risk"]:
        frame = warehouse.query(con, "select * from " + warehouse.ident(name))
        out[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    con.close()
    return out


def test_same_seed_same_warehouse(tmp_path, demo_db):
    again = tmp_path / "again.duckdb"
    demo.build(again, seed=7, n_enterprises=1500, progress=lambda m: None)
    first, second = _content(demo_db), _content(again)
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])
    other = tmp_path / "other.duckdb"
    demo.build(other, seed=8, n_enterprises=1500, progress=lambda m: None)
    assert not _content(other)["injuries"].equals(first["injuries"])


def test_every_feed_is_filled_and_years_span_2018_to_2026(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    counts = warehouse.table_counts(con)
    assert all(n > 0 for n in counts.values()), counts
    years = warehouse.query(con, "select distinct year(accident_date) y from injuries order by 1").y.tolist()
    assert years == list(range(2018, 2027))
    assert str(warehouse.data_through(con)) <= "2026-10-31"
    assert warehouse.scalar(con, "select count(*) from enterprises where industry_code = '609'") > 0
    prefectures = warehouse.scalar(con, "select count(distinct r.prefecture_code) from enterprises e "
                                        "join regions r using (region_code)")
    assert prefectures == 16


def test_rates_are_realistic(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    rates = warehouse.query(con, """
        with ins as (select e.industry_code, sum(insured) insured from insurance i join enterprises e using (uscc)
                     where year between 2018 and 2025 group by all),
             inj as (select e.industry_code, count(*) n from injuries j join enterprises e using (uscc)
                     where year(accident_date) between 2018 and 2025 group by all)
        select left(industry_code, 2) division, sum(n) * 1000.0 / sum(insured) rate
        from ins left join inj using (industry_code) group by 1""").set_index("division").rate
    overall = warehouse.scalar(con, """select (select count(*) from injuries where year(accident_date) <= 2025) * 1000.0
                                        / (select sum(insured) from insurance where year <= 2025)""")
    assert 2 < overall < 8                              # low single digits per 1000 insured
    # mining and construction about twice or more (prevention projects, mostly in these, avert a share)
    assert rates[["06", "47"]].min() > 1.8 * overall
    pneumo = warehouse.query(con, "select left(e.industry_code, 2) d, count(*) n from diseases d "
                                  "join enterprises e using (uscc) where is_pneumoconiosis group by 1").set_index("d").n
    assert pneumo.reindex(["06", "08", "09", "10", "30", "31", "32"]).fillna(0).sum() > 0.8 * pneumo.sum()


def test_hidden_truth_is_kept_apart(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    main_tables = warehouse.query(con, "select table_name from information_schema.tables where table_schema = 'main'")
    assert "enterprise_risk" not in set(main_tables.table_name)
    assert warehouse.scalar(con, "select count(*) from hidden.enterprise_risk") == \
        warehouse.scalar(con, "select count(*) from insurance")


def test_accident_deaths_are_recognised_fatal_injuries_except_where_reporting_is_poor(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    deadly = warehouse.query(con, """
        with fatal as (select distinct uscc, accident_date from injuries where fatal)
        select a.uscc, year(a.date) as year, f.uscc is not null as recognised
        from accidents a left join fatal f on f.uscc = a.uscc and f.accident_date = a.date
        where a.deaths > 0 and year(a.date) <= 2025""")
    assert deadly.recognised.mean() > 0.85                      # mostly the same enterprise and date
    risk = warehouse.query(con, "select uscc, year, report_prob from hidden.enterprise_risk")
    missing = deadly.merge(risk, on=["uscc", "year"])
    assert missing[~missing.recognised].report_prob.mean() < missing[missing.recognised].report_prob.mean() - 0.1
    larger = warehouse.scalar(con, "select count(*) from accidents where deaths >= 3")
    assert larger > 0 and larger == warehouse.scalar(con, "select count(*) from accidents where level <> 'general' "
                                                          "and deaths >= 3")
