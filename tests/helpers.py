"""Builders for draft replies used across tests."""

from __future__ import annotations

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
