"""Where the project keeps its files; every path can be overridden by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
CODES_DIR = PACKAGE_DIR / "data" / "codes"
DATA_DIR = Path(os.environ.get("ANALYTICS_DATA_DIR", REPO_DIR / "data"))
CONFIG_DIR = Path(os.environ.get("ANALYTICS_CONFIG_DIR", DATA_DIR / "config"))
RULES_DIR = DATA_DIR / "rules"
GEO_DIR = REPO_DIR / "data" / "geo"


def default_db_path() -> Path:
    """The warehouse the dashboard and CLI use unless told otherwise (``ANALYTICS_DB``)."""
    return Path(os.environ.get("ANALYTICS_DB", DATA_DIR / "warehouse.duckdb"))


def id_key_path() -> Path:
    """File holding the de-identification key; ``data/secrets`` is ignored by git."""
    return Path(os.environ.get("ANALYTICS_ID_KEY_FILE", DATA_DIR / "secrets" / "id_hash.key"))


def models_dir() -> Path:
    """The model registry (``ANALYTICS_MODELS_DIR``, read at call time so tests and notebooks can point elsewhere)."""
    return Path(os.environ.get("ANALYTICS_MODELS_DIR", DATA_DIR / "models"))


def sql_file(name: str) -> Path:
    """The query file of a stage: ``"measures/enterprise_details"`` is ``analytics/measures/sql/enterprise_details.sql``."""
    stage, _, query = name.rpartition("/")
    return PACKAGE_DIR / stage / "sql" / f"{query}.sql"


def users_path() -> Path:
    """The account store (hashes only), beside the de-identification key and ignored by git."""
    return Path(os.environ.get("ANALYTICS_USERS_FILE", DATA_DIR / "secrets" / "users.json"))
