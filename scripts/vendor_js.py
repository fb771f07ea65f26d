#!/usr/bin/env python3
"""Copy the browser libraries the app serves from node_modules into its static files.

Run after `npm ci` (`make vendor-js` does both). The copies are committed, so `make run`
needs no npm; a CDN is never used. Only files listed here reach users: axe-core stays in
node_modules (the browser tests inject it, it is not served).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "hientai" / "core" / "static" / "hientai" / "vendor"
FILES = {
    # package: [(file inside the package, name in static)]
    "echarts": [("dist/echarts.min.js", "echarts.min.js"), ("LICENSE", "echarts.LICENSE.txt")],
}


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    for package, files in FILES.items():
        folder = ROOT / "node_modules" / package
        if not folder.is_dir():
            print(f"node_modules/{package} is missing: run `npm ci` first", file=sys.stderr)
            return 1
        version = json.loads((folder / "package.json").read_text())["version"]
        for source, name in files:
            shutil.copyfile(folder / source, TARGET / name)
            print(f"{package} {version}: {source} -> {(TARGET / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
