"""Write the package tables' names for the dev set's labels as aliases.

Two kinds, both names of the same thing, never a judgment about an event:

Annotators write first-level divisions the way English news does ("North Kivu", "Banadir");
the gazetteer (``summarizer/data/admin1.csv``, GeoNames) may spell the same division
"Nord Kivu" or "Banaadir". For every admin1 label in ``evals/dev/gold``, this finds the
division of the event's country whose name or ISO alias is the closest spelling (rapidfuzz
ratio >= 80 on folded names) and records the gazetteer's name as an alias of the label in
``evals/dev/aliases/gazetteer.json``. Only spellings of the same division are added; a label
with no close spelling gets nothing.

Annotators name armed groups as news does ("ELN"); the groups table
(``summarizer/data/groups.csv``) may call the same group "National Liberation Army". For
every actor label that the table knows by one of its aliases, the table's name is recorded
as an alias of the label.

Run it again when the labels or the tables change: ``python tools/gold_name_aliases.py``.
"""

from __future__ import annotations

import csv
import json
from importlib.resources import files
from pathlib import Path

from rapidfuzz import fuzz

from summarizer.text.actor_names import group_name
from summarizer.text.places import country_code, fold

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "evals" / "dev" / "gold"
OUT = ROOT / "evals" / "dev" / "aliases" / "gazetteer.json"
MIN_RATIO = 80


def main() -> None:
    """Write the spellings file and print what it maps."""
    table = files("summarizer.data").joinpath("admin1.csv").read_text(encoding="utf-8")
    divisions: dict[str, list[tuple[str, list[str]]]] = {}
    for row in csv.DictReader(table.splitlines()):
        forms = [row["name"], *filter(None, row["aliases"].split("|"))]
        divisions.setdefault(row["country_code"], []).append((row["name"], forms))
    spellings: dict[str, set[str]] = {}
    groups: dict[str, set[str]] = {}
    for path in sorted(GOLD.glob("dev_*.json")):
        for event in json.loads(path.read_text(encoding="utf-8"))["events"]:
            names = [event["actor1"], event["actor2"], *event["assoc_actor_1"]]
            for label in filter(None, names):
                known = group_name(label)
                if known and known != label:
                    groups.setdefault(label, set()).add(known)
            code = country_code(event["country"] or "") or ""
            for label in event["admin1"]:
                scored = [
                    (max(fuzz.ratio(fold(label), fold(form)) for form in forms), name)
                    for name, forms in divisions.get(code, [])
                ]
                if scored:
                    ratio, name = max(scored)
                    if ratio >= MIN_RATIO and name != label:
                        spellings.setdefault(label, set()).add(name)
    payload = {
        "actors": {k: sorted(v) for k, v in sorted(groups.items())},
        "admin1": {k: sorted(v) for k, v in sorted(spellings.items())},
    }
    OUT.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for table in ("actors", "admin1"):
        for label, names in payload[table].items():
            print(f"{table}: {label} -> {', '.join(names)}")


if __name__ == "__main__":
    main()
