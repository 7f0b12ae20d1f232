import json
from pathlib import Path

import pytest

from summarizer_evals.gold import GOLD_DIR, load_aliases, load_gold

SHARED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"


def test_gold_loads_and_validates() -> None:
    golds = load_gold()
    assert len(golds) == 5
    assert all(g.events and g.key_facts and g.summary_reference for g in golds)


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="../shared/gold is not beside this checkout")
def test_gold_agrees_with_the_shared_source_of_truth() -> None:
    shared = {p.name: json.loads(p.read_text()) for p in SHARED_GOLD.glob("*.json")}
    ours = {p.name: json.loads(p.read_text()) for p in GOLD_DIR.glob("*.json")}
    assert ours == shared, "re-sync evals/gold/ from ../shared/gold/"


def test_aliases_resolve_surface_forms() -> None:
    aliases = load_aliases()
    assert aliases.actor("Russian Aerospace Forces") == "Military Forces of Russia"
    assert aliases.actor("the Syrian Army") == "Military Forces of Syria"
    assert aliases.actor("ISIS militants in the desert") == "Islamic State"
    assert aliases.place("Deir-ez-Zor") == aliases.place("Der ez-Zor") == "Deir ez-Zor"
    assert aliases.actor("Unknown Group") == "Unknown Group"
    assert aliases.actor(None) is None


def test_package_never_reads_gold() -> None:
    package = Path(__file__).resolve().parents[1] / "summarizer"
    for path in package.rglob("*.py"):
        assert "gold" not in path.read_text().lower(), path
