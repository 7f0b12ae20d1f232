"""Builders for draft replies used across tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def draft_event(**fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "evidence": [],
        "sub_event_type": "Air/drone strike",
        "actor1": None,
        "assoc_actor_1": [],
        "actor2": None,
        "assoc_actor_2": [],
        "country": None,
        "admin1": [],
        "location": None,
        "date_text": None,
        "fatalities": None,
        "claim_status": "reported",
        "attributed_to": None,
    }
    event.update(fields)
    return event


def draft(events: list[dict[str, Any]] | None = None, **fields: Any) -> dict[str, Any]:
    reply: dict[str, Any] = {
        "title": "A title",
        "outlet": "An outlet",
        "published": None,
        "summary": "A summary.",
        "key_points": ["a point"],
        "events": events or [],
    }
    reply.update(fields)
    return reply


def write_articles(tmp_path: Path, count: int) -> Path:
    """A JSONL input of ``count`` one-line reports with ids a0, a1, ..."""
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": f"a{i}", "text": f"Report {i}. Gunmen attacked a village on Monday."})
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
