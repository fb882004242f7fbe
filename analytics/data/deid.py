"""De-identification: personal identifiers become keyed hashes before anything is stored.

HMAC-SHA256 with a secret key, so a hash cannot be reversed by hashing every possible
身份证号 (there are only about 10^11). The key comes from ``ANALYTICS_ID_KEY`` or a key
file outside git, created on first use; the same person gets the same hash across feeds.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

import pandas as pd

from analytics import paths


def installation_key() -> bytes:
    """The key of this installation: environment variable, else the key file (created once)."""
    if os.environ.get("ANALYTICS_ID_KEY"):
        return os.environ["ANALYTICS_ID_KEY"].encode()
    path = paths.id_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def hash_identifiers(values: pd.Series, key: bytes) -> pd.Series:
    """Keyed hash (32 hex characters) of each identifier, normalised to upper case."""
    unique = values.astype(str).str.strip().str.upper()
    digests = {v: hmac.new(key, v.encode(), hashlib.sha256).hexdigest()[:32] for v in unique.unique()}
    return unique.map(digests)
