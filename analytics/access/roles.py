"""Roles and what each may do, enforced on the server for every request.

- ``admin``: everything, accounts included;
- ``officer`` of a department: imports the feeds that department supplies (``data/config/access.toml``)
  and sees its department's import log; aggregate views;
- ``analyst``: every view and export, or only those of a prefecture (and county) when scoped;
- ``viewer`` (the joint meeting): aggregates and the meeting mode; no enterprise names, records,
  named exports or uploads.

A scoped analyst's region is forced into every filter (:func:`scoped`), so no URL, sidebar
choice or CLI option can widen it; a record outside it is refused (:func:`require_enterprise`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from analytics import config, paths

ROLES = ("admin", "officer", "analyst", "viewer")
ACTIONS = {
    "view_aggregates": {"admin", "officer", "analyst", "viewer"},
    "view_enterprises": {"admin", "analyst"},          # names, records, key list, premiums by employer
    "export_named": {"admin", "analyst"},
    "view_models": {"admin", "analyst"},
    "draw_experts": {"admin", "analyst"},              # a logged, replayable draw for a project's review panel
    "import": {"admin", "officer"},
    "view_import_log": {"admin", "officer"},
    "view_audit": {"admin"},
    "manage_users": {"admin"},
}
PAGES = {  # page -> the action it needs
    "overview": "view_aggregates", "meeting": "view_aggregates", "trends": "view_aggregates",
    "industries": "view_aggregates", "prevention": "view_aggregates", "enterprises": "view_enterprises", "premiums": "view_enterprises",
    "models": "view_models", "data": "view_import_log",
}


class Forbidden(PermissionError):
    """The account may not do this; the message says what and why, never shows the data."""


@dataclass(frozen=True)
class Principal:
    """A logged-in account as the server knows it."""

    name: str
    role: str
    department: str | None = None
    prefecture: str | None = None
    county: str | None = None

    def may(self, action: str) -> bool:
        return self.role in ACTIONS[action]

    @property
    def region(self) -> str | None:
        return self.county or self.prefecture


@dataclass(frozen=True)
class Policy:
    departments: dict[str, tuple[str, ...]]
    idle_minutes: int = 30
    max_hours: int = 10
    max_failures: int = 5
    lock_minutes: int = 15


@lru_cache(maxsize=4)
def load_policy(path: str | Path | None = None) -> Policy:
    from analytics.data.feeds import FEEDS

    doc = config.read(path or paths.CONFIG_DIR / "access.toml")
    departments = {}
    for name, feeds in doc.section("departments").doc.items():
        unknown = [f for f in feeds if f not in FEEDS]
        if unknown:
            doc.fail(f"departments.{name}", f"unknown feeds {unknown}; allowed: {', '.join(FEEDS)}")
        departments[name] = tuple(feeds)
    sessions, logins = doc.section("sessions"), doc.section("logins")
    return Policy(departments, sessions.integer("idle_minutes", 30, minimum=1), sessions.integer("max_hours", 10, minimum=1),
                  logins.integer("max_failures", 5, minimum=1), logins.integer("lock_minutes", 15, minimum=1))


def require(principal: Principal | None, action: str) -> Principal:
    """The principal if it may do ``action``; otherwise ``Forbidden``."""
    if principal is None:
        raise Forbidden("not logged in")
    if not principal.may(action):
        raise Forbidden(f"{principal.name} ({principal.role}) may not {action.replace('_', ' ')}")
    return principal


def may_open(principal: Principal | None, page: str) -> bool:
    return principal is not None and principal.may(PAGES[page])


def feeds_of(principal: Principal) -> tuple[str, ...]:
    """The feeds this account may import: every feed for an admin, its department's for an officer."""
    from analytics.data.feeds import FEEDS

    if principal.role == "admin":
        return tuple(FEEDS)
    if principal.role == "officer":
        return load_policy().departments.get(principal.department or "", ())
    return ()


def require_feed(principal: Principal, feed: str) -> None:
    require(principal, "import")
    if feed not in feeds_of(principal):
        raise Forbidden(f"{principal.name} ({principal.department}) does not supply the {feed} feed")


def scoped(principal: Principal, filters):
    """``filters`` narrowed to the account's region: a scoped analyst's prefecture (and county)
    replace whatever was asked for, so nothing outside it can be counted."""
    if principal.prefecture is None:
        return filters
    county = (principal.county,) if principal.county else (
        filters.county if filters.county and all(c[:4] == principal.prefecture[:4] for c in filters.county) else None)
    return replace(filters, prefecture=(principal.prefecture,), county=county)


def require_enterprise(principal: Principal, region_code: str | None) -> None:
    """An enterprise's record only within the account's region."""
    require(principal, "view_enterprises")
    if principal.prefecture and (region_code is None or region_code[:4] != principal.prefecture[:4]
                                 or (principal.county and region_code != principal.county)):
        raise Forbidden(f"{principal.name} may see enterprises of {principal.region} only")
