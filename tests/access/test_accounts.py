"""Accounts, roles, scoping and the audit trail, without a browser."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time

import pandas as pd
import pytest

from analytics.access import accounts, audit, roles
from analytics.data import importer, warehouse
from analytics.measures.indicators import Filters
from conftest import AS_OF, ENTERPRISES, KEY, injuries_frame

PASSWORD = "correct-horse-42"


@pytest.fixture
def store(tmp_path):
    return tmp_path / "secrets" / "users.json"


def test_the_store_holds_hashes_only_readable_by_its_owner(store):
    accounts.add("lin", PASSWORD, "analyst", prefecture="530100", path=store)
    assert store.stat().st_mode & 0o777 == 0o600
    text = store.read_text("utf-8")
    assert PASSWORD not in text and "$argon2id$" in text
    assert accounts.authenticate("lin", PASSWORD, path=store) == roles.Principal("lin", "analyst", None, "530100", None)
    assert all("hash" not in row for row in accounts.listing(store))
    with pytest.raises(ValueError, match="at least 10"):
        accounts.add("short", "123", "viewer", path=store)
    with pytest.raises(ValueError, match="department"):
        accounts.add("o", PASSWORD, "officer", department="宣传部", path=store)


def test_repeated_failures_slow_down_then_lock_the_account(store, monkeypatch):
    accounts.add("wang", PASSWORD, "viewer", path=store)
    clock = [dt.datetime(2026, 11, 27, 9, 0)]
    monkeypatch.setattr(accounts, "_now", lambda: clock[0])
    for attempt in range(5):
        with pytest.raises(accounts.LoginFailed, match="wrong name or password"):
            accounts.authenticate("wang", f"guess-{attempt}-xxxxx", path=store)
        with pytest.raises(accounts.LoginFailed, match="wait|locked"):           # no second try at once
            accounts.authenticate("wang", PASSWORD, path=store)
        clock[0] += dt.timedelta(seconds=40)
    clock[0] -= dt.timedelta(seconds=40)
    with pytest.raises(accounts.LoginFailed, match="locked"):
        accounts.authenticate("wang", PASSWORD, path=store)                      # even the right password
    clock[0] += dt.timedelta(minutes=16)
    assert accounts.authenticate("wang", PASSWORD, path=store).role == "viewer"
    with pytest.raises(accounts.LoginFailed, match="wrong name or password"):
        accounts.authenticate("nobody", PASSWORD, path=store)


def test_nobody_imports_under_the_demo_builders_name(store, monkeypatch):
    """The import log's "demo" marks hashes made with the demo's published key (deid._holds_hashes):
    an account or a system user of that name would have real hashes taken for the demo's."""
    with pytest.raises(ValueError, match="kept for the demo"):
        accounts.add("demo", PASSWORD, "analyst", path=store)
    monkeypatch.setattr(importer.getpass, "getuser", lambda: "demo")
    assert importer._user() == "demo (system user)"


def test_disable_and_passwd(store):
    accounts.add("zhao", PASSWORD, "analyst", path=store)
    accounts.set_password("zhao", "another-secret-1", path=store)
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate("zhao", PASSWORD, path=store)
    time.sleep(1.1)                                           # a failed attempt makes the next one wait a second
    assert accounts.authenticate("zhao", "another-secret-1", path=store)
    accounts.disable("zhao", path=store)
    with pytest.raises(accounts.LoginFailed, match="disabled"):
        accounts.authenticate("zhao", "another-secret-1", path=store)


def test_a_session_expires_when_idle_or_old(monkeypatch):
    clock = [dt.datetime(2026, 11, 27, 9, 0)]
    monkeypatch.setattr(accounts, "_now", lambda: clock[0])
    session = accounts.Session(roles.Principal("a", "analyst"))
    clock[0] += dt.timedelta(minutes=20)
    assert session.alive()
    clock[0] += dt.timedelta(minutes=31)
    assert not session.alive()
    busy = accounts.Session(roles.Principal("b", "analyst"))
    for _ in range(21):
        clock[0] += dt.timedelta(minutes=29)
        alive = busy.alive()
    assert not alive                                          # no session outlives max_hours


def test_each_role_may_do_its_own_things_only():
    admin, officer = roles.Principal("a", "admin"), roles.Principal("o", "officer", department="应急管理")
    viewer, analyst = roles.Principal("v", "viewer"), roles.Principal("n", "analyst")
    assert roles.feeds_of(officer) == ("accidents", "hazards", "warning_bases") and "injuries" in roles.feeds_of(admin)
    with pytest.raises(roles.Forbidden, match="does not supply the injuries feed"):
        roles.require_feed(officer, "injuries")
    for action in ("view_enterprises", "export_named", "import"):
        with pytest.raises(roles.Forbidden):
            roles.require(viewer, action)
    assert [page for page in roles.PAGES if roles.may_open(viewer, page)] == ["overview", "meeting", "trends", "industries",
                                                                              "prevention"]
    assert not roles.may_open(None, "overview") and roles.may_open(analyst, "enterprises")
    with pytest.raises(roles.Forbidden, match="not logged in"):
        roles.require(None, "view_aggregates")


def test_a_scoped_analyst_cannot_widen_the_region():
    kunming = roles.Principal("k", "analyst", prefecture="530100")
    asked = Filters(prefecture=("530300",), county=("530302",), key_group=("mining",))
    scoped = roles.scoped(kunming, asked)
    assert scoped.prefecture == ("530100",) and scoped.county is None and scoped.key_group == ("mining",)
    assert roles.scoped(kunming, Filters(county=("530102",))).county == ("530102",)
    assert roles.scoped(roles.Principal("c", "analyst", prefecture="530100", county="530102"), Filters()).county == ("530102",)
    roles.require_enterprise(kunming, "530102")
    with pytest.raises(roles.Forbidden, match="530100 only"):
        roles.require_enterprise(kunming, "530302")


def test_imports_name_their_department_and_overwrites_keep_the_old_values(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    importer.import_frame(con, "enterprises", ENTERPRISES, "e.csv", key=KEY, as_of=AS_OF, user="shebao", department="社保经办")
    importer.import_frame(con, "injuries", injuries_frame(2), "i.csv", key=KEY, as_of=AS_OF, user="renshe", department="人社")
    changed = injuries_frame(2).assign(benefits=["41000", "38000"])
    result = importer.import_frame(con, "injuries", changed, "fix.csv", key=KEY, as_of=AS_OF, user="renshe", department="人社")
    assert result.updated == 1
    log = importer.import_log(con, department="人社")
    assert set(log.imported_by) == {"renshe"} and len(log) == 2
    old = warehouse.query(con, "select import_id, feed, row from replaced_rows")
    assert len(old) == 1 and old.feed[0] == "injuries" and old.import_id[0] == log.id.max()
    assert json.loads(old.row[0])["benefits"] == 38000.0 and json.loads(old.row[0])["case_no"] == "T-0"


def test_the_access_log_is_appended(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    who = roles.Principal("lin", "analyst")
    audit.record(con, who, "export", "keylist 2026", "120 entries")
    audit.record(con, who, "record", "91530102MA0000001X")
    log = audit.entries(con)
    assert log.action.tolist() == ["record", "export"] and set(log.username) == {"lin"}


def test_users_from_the_command_line_read_the_password_from_standard_input(tmp_path):
    env_users = tmp_path / "users.json"
    db = tmp_path / "w.duckdb"
    import os

    env = {**os.environ, "ANALYTICS_USERS_FILE": str(env_users)}
    run = lambda *args, stdin="": subprocess.run([sys.executable, "-m", "analytics", "users", *args, "--db", str(db)],  # noqa: E731
                                                 input=stdin, capture_output=True, text=True, env=env)
    assert run("add", "chen", "--role", "officer", "--department", "应急管理", stdin=PASSWORD + "\n").returncode == 0
    assert run("add", "ma", "--role", "analyst", "--prefecture", "530100", stdin=PASSWORD + "\n").returncode == 0
    listed = run("list", "--format", "json")
    rows = pd.DataFrame(json.loads(listed.stdout))
    assert list(rows.name) == ["chen", "ma"] and "hash" not in rows.columns and PASSWORD not in listed.stdout
    assert run("passwd", "ma", stdin="brand-new-secret\n").returncode == 0
    assert run("disable", "chen").returncode == 0
    assert accounts.authenticate("ma", "brand-new-secret", path=env_users).prefecture == "530100"
    con = warehouse.connect(db, read_only=True)
    assert audit.entries(con).detail.tolist() == ["disable", "passwd", "add analyst", "add officer"]
    assert run("demo").returncode == 2                  # not a demo warehouse: no default accounts
