"""Accounts: argon2 password hashes (argon2-cffi), lockout after repeated failures, session expiry.

The store is one JSON file beside the warehouse's secrets (``paths.users_path()``, mode 0600,
never in git) holding hashes only; a password is read from standard input by the CLI, never
taken as an argument, and never logged. A failed login waits longer each time (1, 2, 4 ...
seconds) and ``max_failures`` in a row lock the account for ``lock_minutes``
(``data/config/access.toml``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import threading
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from analytics import paths
from analytics.access.roles import ROLES, Forbidden, Principal, load_policy
from analytics.data import deid

_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("no such account")      # unknown names cost the same time as known ones
_LOCK = threading.Lock()


class LoginFailed(Forbidden):
    """Wrong name or password (which, is not said), or the account is locked or disabled; ``code``
    names the case (``wrong``, ``disabled``, ``locked``, ``wait``) and ``until`` a lock's end."""

    def __init__(self, message: str, code: str = "wrong", until: str = ""):
        super().__init__(message)
        self.code, self.until = code, until


def _now() -> dt.datetime:
    return dt.datetime.now()


def _read(path: Path) -> dict:
    return json.loads(path.read_text("utf-8")) if path.exists() else {"users": {}}


def _write(path: Path, store: dict) -> None:
    """Replace the store atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as fh:
        json.dump(store, fh, ensure_ascii=False, indent=1)
    os.replace(temporary, path)


def add(name: str, password: str, role: str, department: str | None = None, prefecture: str | None = None,
        county: str | None = None, path: Path | None = None) -> Principal:
    """Create an account; the password is stored as an argon2 hash only."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
    if name == deid.DEMO_BUILDER:      # the import log names the demo's own imports so; see deid._holds_hashes
        raise ValueError(f"the name {name!r} is kept for the demo province's imports; choose another")
    if role == "officer" and department not in load_policy().departments:
        raise ValueError(f"an officer needs --department, one of {', '.join(load_policy().departments)}")
    if county and not prefecture:
        prefecture = county[:4] + "00"
    if (prefecture or county) and role != "analyst":
        raise ValueError("only an analyst is scoped to a prefecture or county")
    if len(password) < 10:
        raise ValueError("a password needs at least 10 characters")
    path = path or paths.users_path()
    with _LOCK:
        store = _read(path)
        if name in store["users"]:
            raise ValueError(f"account {name!r} exists; use `users passwd` to change its password")
        store["users"][name] = {"hash": _HASHER.hash(password), "role": role, "department": department,
                                "prefecture": prefecture, "county": county, "disabled": False, "failures": 0,
                                "locked_until": None, "created": _now().isoformat(timespec="seconds")}
        _write(path, store)
    return Principal(name, role, department, prefecture, county)


def listing(path: Path | None = None) -> list[dict]:
    """Every account without its hash."""
    users = _read(path or paths.users_path())["users"]
    return [{"name": name, **{k: v for k, v in user.items() if k != "hash"}} for name, user in sorted(users.items())]


def disable(name: str, path: Path | None = None) -> None:
    _change(name, path, disabled=True)


def set_password(name: str, password: str, path: Path | None = None) -> None:
    if len(password) < 10:
        raise ValueError("a password needs at least 10 characters")
    _change(name, path, hash=_HASHER.hash(password), failures=0, locked_until=None)


def _change(name: str, path: Path | None, **changes) -> None:
    path = path or paths.users_path()
    with _LOCK:
        store = _read(path)
        if name not in store["users"]:
            raise LookupError(f"no account {name!r}")
        store["users"][name].update(changes)
        _write(path, store)


def authenticate(name: str, password: str, path: Path | None = None) -> Principal:
    """The account's principal if the password is right; ``LoginFailed`` otherwise. Failures are
    counted per account: each one makes the next attempt wait longer, and too many lock it."""
    path, policy = path or paths.users_path(), load_policy()
    with _LOCK:
        store = _read(path)
        user = store["users"].get(name)
        if user is None:
            try:
                _HASHER.verify(_DUMMY, password)
            except VerificationError:
                pass
            raise LoginFailed("wrong name or password")
        now = _now()
        if user.get("disabled"):
            raise LoginFailed("this account is disabled", "disabled")
        if user.get("locked_until") and now < dt.datetime.fromisoformat(user["locked_until"]):
            raise LoginFailed(f"locked until {user['locked_until'][11:16]} after repeated failures", "locked",
                              user["locked_until"][11:16])
        if user.get("retry_after") and now < dt.datetime.fromisoformat(user["retry_after"]):
            raise LoginFailed("too many attempts; wait a few seconds", "wait")
        try:
            _HASHER.verify(user["hash"], password)
        except VerificationError:
            user["failures"] = user.get("failures", 0) + 1
            user["retry_after"] = (now + dt.timedelta(seconds=min(2 ** (user["failures"] - 1), 30))).isoformat()
            if user["failures"] >= policy.max_failures:
                user["locked_until"] = (now + dt.timedelta(minutes=policy.lock_minutes)).isoformat(timespec="seconds")
                user["failures"] = 0
            _write(path, store)
            raise LoginFailed("wrong name or password") from None
        user.update(failures=0, locked_until=None, retry_after=None, last_login=now.isoformat(timespec="seconds"))
        _write(path, store)
    return Principal(name, user["role"], user.get("department"), user.get("prefecture"), user.get("county"))


class Session:
    """A login's clock: it expires after ``idle_minutes`` without use or ``max_hours`` in all."""

    def __init__(self, principal: Principal):
        self.principal, self.started = principal, _now()
        self.seen = self.started

    def alive(self) -> bool:
        policy, now = load_policy(), _now()
        fresh = now - self.seen < dt.timedelta(minutes=policy.idle_minutes)
        young = now - self.started < dt.timedelta(hours=policy.max_hours)
        if fresh and young:
            self.seen = now
        return fresh and young


def demo_accounts(prefecture: str, path: Path | None = None, out: Path | None = None) -> list[tuple[str, str, str]]:
    """One account per role on the demo warehouse, with a prefecture analyst, and their generated
    passwords (returned and written to ``out`` once; a real warehouse gets no default account)."""
    path = path or paths.users_path()
    if _read(path)["users"]:
        return []
    made = []
    for name, role, extra in (("admin", "admin", {}), ("analyst", "analyst", {}),
                              ("prefecture", "analyst", {"prefecture": prefecture}),
                              ("yingji", "officer", {"department": "应急管理"}),
                              ("shebao", "officer", {"department": "社保经办"}), ("meeting", "viewer", {})):
        password = secrets.token_urlsafe(12)
        add(name, password, role, path=path, **extra)
        made.append((name, role, password))
    if out is not None:
        with os.fdopen(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as fh:
            fh.write("# Demo accounts: one-time passwords, change them with `python -m analytics users passwd NAME`\n")
            fh.writelines(f"{name}\t{role}\t{password}\n" for name, role, password in made)
    return made
