"""One enterprise's record: its years add up to the warehouse, the partial year is marked."""

from __future__ import annotations

import pytest

from analytics.data import warehouse
from analytics.measures import enterprise, indicators


@pytest.fixture(scope="module")
def demo(demo_db):
    con = warehouse.connect(demo_db, read_only=True)
    yield con
    con.close()


def test_history_counts_the_enterprise_injuries_and_annualises_only_the_year_to_date(demo):
    uscc, injuries = demo.execute("""select uscc, count(*) from injuries group by uscc order by 2 desc, 1 limit 1""").fetchone()
    history = enterprise.history(demo, uscc)

    assert history.injuries.sum() == injuries
    ytd_year, fraction = indicators.current_year(demo)
    assert fraction < 1 and history.ytd.tolist() == history.year.eq(ytd_year).tolist()
    complete, partial = history[~history.ytd], history[history.ytd].iloc[0]
    assert (complete.injury_rate - complete.injuries / complete.insured * 1000).abs().max() < 1e-9
    assert partial.injury_rate == pytest.approx(partial.injuries / (partial.insured * fraction) * 1000)


def test_an_unknown_enterprise_has_no_details(demo):
    assert enterprise.details(demo, "91530102MA0000001X") is None
    assert enterprise.history(demo, "91530102MA0000001X").empty
