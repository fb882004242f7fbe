"""De-identification: personal identifiers become keyed hashes before anything is stored.

HMAC-SHA256 with a secret key, so a hash cannot be reversed by hashing every possible
身份证号 (there are only about 10^11). The key comes from ``ANALYTICS_ID_KEY`` or a key
file outside git, created on first use; the same person gets the same hash across feeds.
"""

from __future__ import annotations

import hashlib
import os
import secrets

import duckdb
import pandas as pd
import pyarrow as pa

from analytics import paths
from analytics.data import warehouse
from analytics.data.feeds import FEEDS


DEMO_BUILDER = "demo"       # who the demo province's imports are logged as; it hashes with its own published key


class MissingKey(RuntimeError):
    """The warehouse holds hashes made with a key that is not here; a new key would split every person in two."""


def installation_key(con=None) -> bytes:
    """The key of this installation: ``ANALYTICS_ID_KEY``, else the key file.

    A new key file (mode 0600 from its first byte) is made only for a warehouse that holds no
    hashes made with it yet (``con`` given and empty or only the demo's, or no ``con``); otherwise a
    missing key stops the import.
    """
    if os.environ.get("ANALYTICS_ID_KEY"):
        return os.environ["ANALYTICS_ID_KEY"].encode()
    path = paths.id_key_path()
    if not path.exists():
        if con is not None and _holds_hashes(con):
            raise MissingKey(
                f"the de-identification key {path} is missing, but this warehouse already holds hashed "
                f"identifiers. Restore the key file from your backup (or set ANALYTICS_ID_KEY to its content); "
                f"a new key would give every person a second identity. Nothing was imported.")
        path.parent.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def _holds_hashes(con) -> bool:
    """Whether a feed with hashed identifiers has rows imported by anyone but the demo builder, whose
    hashes use the demo's own key ("demo-<seed>", published with the code): losing the installation's
    key loses nothing then, and the first real file into a demo warehouse makes one."""
    hashed = [name for name, feed in FEEDS.items() if any(c.personal == "hash" for c in feed.columns)]
    return warehouse.scalar(con, warehouse.sql_text("data/installation_hashes"), {"demo": DEMO_BUILDER, "feeds": hashed})


def hash_identifiers(values: pd.Series, key: bytes) -> pd.Series:
    """Keyed hash (32 hex characters) of each identifier, normalised to upper case.

    HMAC-SHA256 (RFC 2104) spelt out over DuckDB's vectorised ``sha256``, the key's two pads bound
    as parameters: a million identifiers in well under a second, against three in a Python loop
    (``tests/data/test_identifiers.py`` checks it against the standard library's ``hmac``)."""
    block = 64
    key = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    inner, outer = bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)
    normalised = pa.table({"value": pa.array(values.astype(str).str.strip().str.upper(), type=pa.string())})
    con = duckdb.connect()
    try:
        con.register("identifiers", normalised)
        hashed = con.sql(warehouse.sql_text("data/hmac_identifiers"),
                         params={"inner": inner, "outer": outer}).to_arrow_table()
    finally:
        con.close()
    # positions, not labels: a chunk of a larger frame keeps its own index
    return pd.Series(pd.array(hashed.column(0), dtype=pd.StringDtype("pyarrow")), index=values.index)
