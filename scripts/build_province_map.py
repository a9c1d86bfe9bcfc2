"""Build ``tuphap/places/data/province_map.json``, the offline map of the provinces, from the
npm package ``@svg-maps/vietnam`` 2.0.0 (CC BY 4.0; https://github.com/VictorCazanave/svg-maps).

The package draws the 63 provinces in force until 30 June 2025 and the Hoàng Sa and Trường Sa
archipelagos, each as one SVG path with an ASCII id. This script keeps the paths as they are and
gives each shape the General Statistics Office code of its province (QĐ 124/2004/QĐ-TTg): the
archipelagos are drawn with the province they belong to (Hoàng Sa: Đà Nẵng; Trường Sa: Khánh
Hòa). The 34 provinces from 1 July 2025 are not drawn separately: the map colours each old
province with the figure of the province that succeeded it (the crosswalk, ``UnitSuccession``),
so the shapes never need redrawing when boundaries are merged.

Run: ``npm pack @svg-maps/vietnam@2.0.0 && python scripts/build_province_map.py
svg-maps-vietnam-2.0.0.tgz``.
"""

from __future__ import annotations

import json
import re
import sys
import tarfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "tuphap" / "places" / "data" / "province_map.json"

# svg-maps id → GSO province code (the 63 provinces before 1 July 2025)
CODES = {
    "hanoi": "01", "hagiang": "02", "caobang": "04", "backan": "06", "tuyenquang": "08",
    "laocai": "10", "dienbien": "11", "laichau": "12", "sonla": "14", "yenbai": "15",
    "hoabinh": "17", "thainguyen": "19", "langson": "20", "quangninh": "22", "bacgiang": "24",
    "phutho": "25", "vinhphuc": "26", "bacninh": "27", "haiduong": "30", "haiphong": "31",
    "hungyen": "33", "thaibinh": "34", "hanam": "35", "namdinh": "36", "ninhbinh": "37",
    "thanhhoa": "38", "nghean": "40", "hatinh": "42", "quangbinh": "44", "quangtri": "45",
    "tthue": "46", "danang": "48", "quangnam": "49", "quangngai": "51", "binhdinh": "52",
    "phuyen": "54", "khanhhoa": "56", "ninhthuan": "58", "binhthuan": "60", "kontum": "62",
    "gialai": "64", "daklak": "66", "daknong": "67", "lamdong": "68", "binhphuoc": "70",
    "tayninh": "72", "binhduong": "74", "dongnai": "75", "baria": "77", "hcm": "79",
    "longan": "80", "tiengiang": "82", "bentre": "83", "travinh": "84", "vinhlong": "86",
    "dongthap": "87", "angiang": "89", "kiengiang": "91", "cantho": "92", "haugiang": "93",
    "soctrang": "94", "baclieu": "95", "camau": "96",
    # the archipelagos, drawn with their province
    "hoangsa": "48", "truongsa": "56",
}  # fmt: skip


def main(tarball: str) -> None:
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/index.js")
        if member is None:
            raise SystemExit("package/index.js is missing from the tarball")
        text = member.read().decode()
    data = json.loads(re.sub(r"^export default ", "", text.strip()).rstrip(";"))
    shapes = []
    for location in data["locations"]:
        code = CODES.get(location["id"])
        if code is None:
            raise SystemExit(f"no province code for {location['id']!r} ({location['name']})")
        shapes.append(
            {"id": location["id"], "name": location["name"], "code": code, "path": location["path"]}
        )
    missing = set(CODES) - {shape["id"] for shape in shapes}
    if missing:
        raise SystemExit(f"shapes missing from the package: {sorted(missing)}")
    OUTPUT.write_text(
        json.dumps(
            {
                "source": "@svg-maps/vietnam 2.0.0 (https://github.com/VictorCazanave/svg-maps)",
                "license": "CC BY 4.0",
                "attribution": "svg-maps/vietnam © Victor Cazanave, CC BY 4.0",
                "viewBox": data["viewBox"],
                "shapes": shapes,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
    )
    print(f"{len(shapes)} shapes written to {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1])
