"""ACLED's conventions for who is actor1 and who actor2, applied after a sentence is read.

A crowd is actor1 of its demonstration; unarmed people are never the attacker; violence
against unnamed people is against "Civilians (<country>)"; a protest met by force was met by
the police unless the text names another force.
"""

from __future__ import annotations

import re

from summarizer.rules.actors import ActorRoles
from summarizer.schemas import SubEventType

__all__ = ["conventional_roles", "crowd_first"]

_MILITARY_POST = re.compile(
    r"\b(?:operational|military|army|forward operating|security)\s+(?:post|base|outpost|camp)\b",
    re.IGNORECASE,
)


_CROWD_TYPES = {
    SubEventType.PEACEFUL_PROTEST,
    SubEventType.PROTEST_WITH_INTERVENTION,
    SubEventType.EXCESSIVE_FORCE,
    SubEventType.VIOLENT_DEMONSTRATION,
}


def crowd_first(found: ActorRoles, sub_event_type: SubEventType) -> ActorRoles:
    """ACLED's convention for demonstrations: the crowd is actor1, whoever met it actor2.

    Violent demonstrators are rioters ("Protesters (Kenya)" -> "Rioters (Kenya)").
    """
    if sub_event_type not in _CROWD_TYPES:
        return found
    actor1, actor2 = found.actor1, found.actor2
    if actor2 and actor2.startswith(("Protesters", "Rioters")):
        actor1, actor2 = actor2, actor1
    if sub_event_type is SubEventType.VIOLENT_DEMONSTRATION and actor1:
        actor1 = actor1.replace("Protesters", "Rioters", 1)
    return ActorRoles(actor1, actor2, found.assoc_actor_1)


_VICTIM_TYPES = {
    SubEventType.ATTACK,
    SubEventType.ABDUCTION,
    SubEventType.SEXUAL_VIOLENCE,
}
_UNSEEN_PERPETRATOR = {
    SubEventType.ATTACK,
    SubEventType.ABDUCTION,
    SubEventType.SUICIDE_BOMB,
    SubEventType.REMOTE_EXPLOSIVE,
    SubEventType.GRENADE,
}
"""Violence whose perpetrator, when the text does not name one, is ACLED's unidentified
armed group of the country (a bomb or a gunman acts for someone)."""
_REMOTE_TYPES = {
    SubEventType.AIR_DRONE_STRIKE,
    SubEventType.SHELLING,
    SubEventType.SUICIDE_BOMB,
    SubEventType.REMOTE_EXPLOSIVE,
    SubEventType.GRENADE,
}
_CIVILIAN_TARGET = re.compile(
    r"\b(?:civilians?|residents?|villagers?|people|passers-by|shoppers|worshippers|children|"
    r"women|families|family|man|woman|boy|girl|driver|farmers?)\b",
    re.IGNORECASE,
)
_CIVILIAN_PLACE = re.compile(
    r"\b(?:market|residential|camp|hospital|school|homes?|houses?|car|bus)\b", re.IGNORECASE
)
_ARMED_TARGET = re.compile(
    r"\b(?:fighters|militants|terrorists|insurgents|rebels|jihadists|gunmen|hideouts?|"
    r"positions|convoy|camps? of|gathering of|rebel|militant|insurgent|jihadist)\b",
    re.IGNORECASE,
)
_POLICED_TYPES = {SubEventType.PROTEST_WITH_INTERVENTION, SubEventType.EXCESSIVE_FORCE}
_UNARMED = ("Civilians", "Protesters", "Rioters")


def conventional_roles(
    found: ActorRoles,
    sub_event_type: SubEventType,
    home_country: str | None,
    sentence: str = "",
    main_group: str | None = None,
) -> ActorRoles:
    """ACLED's conventions for the side acted upon.

    Unarmed people are never the attacker outside demonstrations (a sentence that names
    only its victims has them as actor2); violence against civilians, and arrests of
    unnamed people, are against "Civilians (<country>)" when the text names no other
    target; a protest met by force was met by the police unless the text names another
    force; a strike or a shell that killed people the sentence calls civilians, residents or
    villagers hit civilians, one that hit fighters hit the report's armed group.
    """
    actor1, actor2 = found.actor1, found.actor2
    crowd = sub_event_type in _CROWD_TYPES or sub_event_type in (
        SubEventType.MOB_VIOLENCE,
        SubEventType.ARRESTS,
    )
    if not crowd and actor1 and actor1.startswith(_UNARMED) and actor2 is None:
        actor1, actor2 = None, actor1
    if sub_event_type in _CROWD_TYPES and (actor1 or "").startswith("Civilians ("):
        actor1 = (actor1 or "").replace("Civilians", "Protesters", 1)  # people who march
    if home_country and sub_event_type in _CROWD_TYPES and not (actor1 or "").startswith(_UNARMED):
        crowd_name = (
            "Rioters" if sub_event_type is SubEventType.VIOLENT_DEMONSTRATION else ("Protesters")
        )
        actor1, actor2 = f"{crowd_name} ({home_country})", actor2 or actor1
    launched_by = re.search(r"\b(?:launched|fired|sent|flown)\s+(?:by|from)\b", sentence)
    if sub_event_type is SubEventType.DISRUPTED_WEAPONS_USE and launched_by and actor2:
        actor1, actor2 = actor2, actor1  # "shot down a drone launched by X": X is the target
    if home_country and sub_event_type is SubEventType.MOB_VIOLENCE:
        if actor1 is None or actor1.startswith(("Civilians", "Protesters")):
            actor1 = f"Rioters ({home_country})"  # "a mob seized a young man"
        actor2 = actor2 or f"Civilians ({home_country})"
    if home_country and actor1 is None and sub_event_type in _UNSEEN_PERPETRATOR:
        actor1 = f"Unidentified Armed Group ({home_country})"
    base = sub_event_type is SubEventType.HEADQUARTERS_ESTABLISHED
    if home_country and actor1 is None and base and _MILITARY_POST.search(sentence):
        actor1 = f"Military Forces of {home_country}"  # "a new operational post was installed"
    if home_country and actor1 is None and sub_event_type is SubEventType.ARRESTS:
        actor1 = f"Police Forces of {home_country}"  # "officers arrested three men"
    if home_country and actor2 is None:
        if (
            sub_event_type in _VICTIM_TYPES
            or sub_event_type is SubEventType.ARRESTS
            or (sub_event_type in _REMOTE_TYPES and _CIVILIAN_TARGET.search(sentence))
        ):
            actor2 = f"Civilians ({home_country})"
        elif sub_event_type in _REMOTE_TYPES and _ARMED_TARGET.search(sentence):
            actor2 = main_group or f"Unidentified Armed Group ({home_country})"
        elif sub_event_type in _REMOTE_TYPES and _CIVILIAN_PLACE.search(sentence):
            actor2 = f"Civilians ({home_country})"
        elif sub_event_type in _POLICED_TYPES and not (actor1 or "").startswith("Police"):
            actor2 = f"Police Forces of {home_country}"
    return ActorRoles(actor1, actor2, found.assoc_actor_1)
