-- HMAC-SHA256 of each identifier (RFC 2104): H(outer pad || H(inner pad || value)), first 32 hex
-- characters. The pads are derived from the installation key and bound as parameters; a
-- missing identifier stays missing. Row order is the input's (DuckDB keeps insertion order).
select left(sha256($outer::blob || unhex(sha256($inner::blob || encode(value)))), 32) as person_hash
from identifiers
