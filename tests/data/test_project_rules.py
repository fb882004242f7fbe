"""A prevention project's trail is checked across rows, with what is already stored: stages in order,
no payment before the contract or beyond the budget, the balance only after acceptance."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.data import importer, warehouse
from conftest import AS_OF, ENTERPRISES, KEY, make_uscc

PROJECT = pd.DataFrame({
    "project_no": ["P1"], "name": ["建筑施工班组长培训"], "year": ["2025"], "region_code": ["530100"],
    "key_group": ["建筑施工"], "budget": ["500000"], "implementer": ["某安全技术服务中心"],
    "implementer_uscc": [make_uscc("530102", 99)], "contract_date": ["2025-03-01"], "due_date": ["2025-11-30"],
})


def events(*rows) -> pd.DataFrame:
    """Rows of (number, stage, date, amount, kind)."""
    return pd.DataFrame([{"event_no": n, "project_no": "P1", "stage": s, "date": d, "amount": a, "payment_kind": k}
                         for n, s, d, a, k in rows])


@pytest.fixture
def project(con):
    assert importer.import_frame(con, "projects", PROJECT, "p.csv", as_of=AS_OF).accepted
    return con


def problems(con, frame) -> list[tuple[int, str, str]]:
    result = importer.import_frame(con, "project_events", frame, "e.csv", as_of=AS_OF)
    if result.accepted:
        return []
    return [(p.row, p.column, p.rule) for p, _ in result.validation.problems]


def test_a_clean_trail_imports_and_the_contract_date_stands_for_signing(project):
    trail = events(("E1", "立项", "2025-01-10", None, None), ("E2", "招标/遴选", "2025-02-01", None, None),
                   ("E3", "支付", "2025-03-05", "150000", "预付款"), ("E4", "开工", "2025-03-10", None, None),
                   ("E5", "中期评估", "2025-07-01", None, None), ("E6", "验收", "2025-11-20", None, None),
                   ("E7", "支付", "2025-12-01", "350000", "尾款"))
    assert problems(project, trail) == []
    assert warehouse.scalar(project, "select sum(amount) from project_events") == 500_000


def test_each_rule_names_the_row_and_column(project):
    trail = events(("E1", "立项", "2025-04-01", None, None),          # after the contract (2025-03-01)
                   ("E2", "支付", "2025-02-01", "1000", "预付款"),      # before the contract
                   ("E3", "支付", "2025-05-01", "600000", "进度款"),    # beyond the budget
                   ("E4", "支付", "2025-06-01", "1000", "尾款"),        # balance, no acceptance
                   ("E5", "支付", "2025-06-02", None, "进度款"))        # no amount
    found = problems(project, trail)
    assert (2, "date", "stage_order") in found
    assert (3, "date", "payment_before_contract") in found
    assert (4, "amount", "over_budget") in found
    assert (5, "payment_kind", "balance_before_acceptance") in found
    assert (6, "amount", "payment_fields") in found
    assert warehouse.scalar(project, "select count(*) from project_events") == 0     # nothing half-written


def test_rules_count_the_events_already_stored(project):
    assert problems(project, events(("E1", "支付", "2025-04-01", "400000", "预付款"),
                                    ("E2", "验收", "2025-11-01", None, None))) == []
    assert (2, "amount", "over_budget") in problems(project, events(("E3", "支付", "2025-11-10", "100001", "尾款")))
    assert problems(project, events(("E3", "支付", "2025-11-10", "100000", "尾款"))) == []
    # a second acceptance, and a start after the stored acceptance
    assert (2, "stage", "repeated_stage") in problems(project, events(("E4", "验收", "2025-11-02", None, None)))
    assert (2, "date", "stage_order") in problems(project, events(("E5", "开工", "2025-11-15", None, None)))
    # a corrected row replaces its stored version instead of counting twice
    assert problems(project, events(("E1", "支付", "2025-04-01", "390000", "预付款"))) == []


def test_events_and_served_enterprises_must_name_a_known_project(project):
    assert (2, "project_no", "unknown_project") in problems(
        project, events(("E1", "立项", "2025-01-10", None, None)).assign(project_no="P9"))
    served = pd.DataFrame({"project_no": ["P1", "P9"], "uscc": [ENTERPRISES.uscc[0]] * 2})
    result = importer.import_frame(project, "project_enterprises", served, "s.csv", as_of=AS_OF)
    assert [(p.row, p.rule) for p, _ in result.validation.problems] == [(3, "unknown_project")]


def test_experts_are_stored_without_their_identity(con):
    from conftest import make_id

    experts = pd.DataFrame({"expert_no": ["Z1"], "id_number": [make_id(seq=7)], "name": ["李四"], "specialty": ["矿山安全"],
                            "employer_uscc": [make_uscc("530102", 50)], "term_start": ["2024-01-01"]})
    assert importer.import_frame(con, "experts", experts, "x.csv", key=KEY, as_of=AS_OF).accepted
    stored = warehouse.query(con, "select * from experts")
    assert "name" not in stored and "id_number" not in stored
    assert stored.person_hash[0] != make_id(seq=7) and len(stored.person_hash[0]) >= 32
