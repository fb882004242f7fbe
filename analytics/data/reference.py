"""Reference code lists: regions, GB/T 4754 industries, GB 6441 accident types and more.

Region codes come from python-stdnum's copy of the national division-code list (the same
list its 身份证号 check uses), so a birthplace code that validates is a region we know.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import stdnum.cn

from analytics import config, paths

PROVINCES = {"yunnan": "530000", "jilin": "220000"}
PROVINCE_NAMES = {"530000": "云南省", "220000": "吉林省"}

# 人社部发〔2015〕71号: benchmark rate (% of payroll) of each industry risk class.
BENCHMARK_RATES = {1: 0.2, 2: 0.4, 3: 0.7, 4: 0.9, 5: 1.1, 6: 1.3, 7: 1.6, 8: 1.9}


def _read_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(paths.CODES_DIR / name, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def _division_list() -> dict[str, str]:
    """Current six-digit codes and names from stdnum's ``loc.dat`` (revoked codes left out)."""
    return {code: name for code, (name, _) in _division_history().items()}


def birthplace_codes(province: str = "yunnan", born_by: int = 1960) -> list[str]:
    """County codes of a province already in use in ``born_by``: valid birthplaces in a 身份证号."""
    prov = PROVINCES[province][:2]
    return [code for code, (name, start) in sorted(_division_history().items())
            if code[:2] == prov and code[4:] != "00" and name != "市辖区" and (start or 0) <= born_by]


def division_start_years() -> dict[str, int]:
    """Year each current code got its current name (0 where the list gives none)."""
    return {code: start or 0 for code, (_, start) in _division_history().items()}


@lru_cache(maxsize=1)
def _division_history() -> dict[str, tuple[str, int | None]]:
    """Current codes with their name and the year the current name was assigned."""
    current: dict[str, tuple[str, int | None]] = {}
    province = ""
    for line in (Path(stdnum.cn.__file__).parent / "loc.dat").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, _, rest = line.strip().partition(" ")
        if not line.startswith(" "):
            province = code
            continue
        names = re.findall(r'county="([^"]*)"', rest)[0].split(",")
        last = names[-1]
        period = re.match(r"\[(\d*)-(\d*)\]", last)
        if period and period.group(2):
            continue  # revoked
        start = int(period.group(1)) if period and period.group(1) else None
        current[province + code] = (re.sub(r"^\[[^\]]*\]", "", last), start)
    return current


@lru_cache(maxsize=4)
def regions(province: str = "yunnan") -> pd.DataFrame:
    """Province, prefectures and county-level divisions of one province, with real codes."""
    prov = PROVINCES[province]
    rows = [(prov, PROVINCE_NAMES[prov], "province", None, prov)]
    for code, name in sorted(_division_list().items()):
        if code[:2] != prov[:2] or code == prov or name == "市辖区":
            continue
        if code[4:] == "00":
            rows.append((code, name, "prefecture", code, prov))
        else:
            rows.append((code, name, "county", code[:4] + "00", prov))
    frame = pd.DataFrame(rows, columns=["region_code", "name_zh", "level", "prefecture_code", "province_code"])
    prefectures = set(frame.loc[frame.level == "prefecture", "region_code"])
    # Counties directly under the province (省直辖县级) keep themselves as prefecture.
    orphan = (frame.level == "county") & ~frame.prefecture_code.isin(prefectures)
    frame.loc[orphan, "prefecture_code"] = frame.loc[orphan, "region_code"]
    return frame


@lru_cache(maxsize=1)
def industries() -> pd.DataFrame:
    """GB/T 4754-2017 sections, divisions and the groups the feeds use, with risk classes."""
    frame = _read_csv("industries.csv")
    by_code = frame.set_index("industry_code")
    frame["division"] = frame.industry_code.where(frame.level != "section").str[:2]
    frame["section"] = frame.apply(
        lambda r: r.industry_code if r.level == "section" else by_code.parent_code.get(r.division), axis=1
    )
    frame["risk_class"] = pd.to_numeric(frame.risk_class.replace("", None)).astype("Int64")
    frame["benchmark_rate"] = frame.risk_class.map(BENCHMARK_RATES).astype("Float64")
    frame["parent_code"] = frame.parent_code.replace("", None)
    return frame[["industry_code", "level", "parent_code", "section", "division",
                  "name_zh", "name_en", "risk_class", "benchmark_rate"]]


def accident_types() -> pd.DataFrame:
    return _read_csv("accident_types.csv").astype({"code": int})


def disease_categories() -> pd.DataFrame:
    return _read_csv("disease_categories.csv").astype({"code": int})


def pneumoconioses() -> pd.DataFrame:
    return _read_csv("pneumoconioses.csv")


def training_roles() -> pd.DataFrame:
    return _read_csv("training_roles.csv")


@dataclass(frozen=True)
class KeyGroup:
    key: str
    name_zh: str
    name_en: str
    codes: tuple[str, ...]
    from_year: int | None = None
    to_year: int | None = None


def load_key_industries(path: Path | None = None, province: str | None = None) -> list[KeyGroup]:
    """Read and validate the key-industry mapping (``data/config/key_industries.toml``)."""
    doc = config.read(path or paths.CONFIG_DIR / "key_industries.toml")
    known = set(industries().industry_code)
    groups = []
    for key, spec in doc.sections("groups").items():
        spec.require("name_zh", "name_en", "codes")
        bad = [c for c in spec.get("codes") if str(c) not in known]
        if bad:
            spec.fail("codes", f"unknown GB/T 4754 codes {bad}; allowed: codes in analytics/data/codes/industries.csv")
        groups.append(KeyGroup(key, spec.text("name_zh"), spec.text("name_en"), tuple(map(str, spec.get("codes"))),
                               spec.integer("from_year"), spec.integer("to_year")))
    if province:
        excluded = doc.section("provinces").section(province).get("exclude", [])
        unknown = set(excluded) - {g.key for g in groups}
        if unknown:
            doc.fail(f"provinces.{province}.exclude", f"unknown groups {sorted(unknown)}; allowed: {', '.join(g.key for g in groups)}")
        groups = [g for g in groups if g.key not in excluded]
    return groups


def key_group_table(groups: list[KeyGroup]) -> pd.DataFrame:
    return pd.DataFrame(
        [(g.key, g.name_zh, g.name_en, code, g.from_year, g.to_year) for g in groups for code in g.codes],
        columns=["key_group", "name_zh", "name_en", "code_prefix", "from_year", "to_year"],
    ).astype({"from_year": "Int64", "to_year": "Int64"})


def prefecture_boundaries(province: str = "yunnan") -> dict:
    """Simplified prefecture polygons (GeoJSON, ``properties.adcode``) from ``data/geo``."""
    path = paths.GEO_DIR / f"{province}_prefectures.geojson"
    return json.loads(path.read_text("utf-8"))


def county_boundaries(province: str, prefecture: str) -> dict:
    """Simplified polygons of one prefecture's county-level divisions (``properties.adcode``, ``name``),
    for the map's drill-down; names from the division list the warehouse uses."""
    doc = json.loads((paths.GEO_DIR / f"{province}_counties.geojson").read_text("utf-8"))
    names = regions(province).set_index("region_code").name_zh
    features = [
        {**f, "properties": {"adcode": f["properties"]["adcode"], "name": names.get(f["properties"]["adcode"], "")}}
        for f in doc["features"] if f["properties"]["prefecture"] == prefecture
    ]
    return {"type": "FeatureCollection", "features": features}
