"""danvan's demonstration: the seed article's figures, read, held and totalled honestly.

Run with ``make demo`` (or ``python examples/demo.py`` inside the project's venv).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pendulum

import danvan


def _seed_module() -> object:
    path = Path(__file__).with_name("nam_dinh_2017_2021.py")
    spec = importlib.util.spec_from_file_location("nam_dinh_2017_2021", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    """Print the seed's figures, a province summary, the 2026 view, and the validation."""
    seed = _seed_module()
    dataset: danvan.Dataset = seed.build()  # type: ignore[attr-defined]  # loaded by path
    review = danvan.parse_period("2017/2021")

    print("1. Figures as the article states them (parsed, with their bounds)")
    for text in ["gần 9.000 tin", "hơn 3.100 lượt", "180 gam", "3.089 viên", "tối thiểu 5 công an"]:
        q = danvan.parse_quantity(text)
        print(f"   {text!r:<24} -> {q.format(lang='en'):<28} bounds {q.bounds}")

    print("\n2. Summary for the province, 2017–2021 (honest qualifiers)")
    for metric in ["tips", "blood.turns", "models", "exemplars.individuals", "surrendered"]:
        result = dataset.aggregate(metric, period=review, by="province")
        name = dataset.catalogue.get(metric).name_vi
        for row in result.rows:
            print(f"   {row.key('province')}  {name:<58} {row.value}")

    print("\n3. Surrendered items by kind: each keeps its own unit")
    for row in dataset.aggregate("surrendered", period=review, by="submetric").rows:
        kind = dataset.catalogue.get(str(row.key("metric")))
        print(f"   {kind.name_vi:<26} {row.value}")

    print("\n4. The same guns as of 2026: Nam Định merged into Ninh Bình on 1 July 2025")
    as_of = pendulum.Date(2026, 1, 1)
    for row in dataset.aggregate("surrendered.guns", period=review, by="province", as_of=as_of):
        province = dataset.places.get(str(row.key("province"))).name
        print(f"   {province}: {row.value} (from {', '.join(row.observations)})")

    print("\n5. Validation")
    print("   " + str(dataset.validate(seed.RULES)).replace("\n", "\n   "))  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
