"""Make a JSON schema that llama.cpp's grammar compiler (or OpenAI's strict mode) accepts.

llama.cpp's grammar compiler rejects unanchored ``pattern`` and fails on ``minLength`` combined
with ``maxLength`` inside arrays, and very long ``maxLength`` bounds blow up its rule
expansion. Constrained generation therefore uses the schema without ``pattern``, ``format``,
``minLength`` and overlong ``maxLength``; pydantic enforces them all when the answer is
validated. Moderate ``maxLength`` bounds stay: they stop a small model's runaway strings.
"""

from __future__ import annotations

from typing import Any

__all__ = ["grammar_schema", "strict_schema"]

_DROPPED = frozenset({"minLength", "pattern", "format"})
MAX_GRAMMAR_LENGTH = 2000
"""``maxLength`` up to this stays in the grammar (it stops runaway strings); longer is dropped."""


def grammar_schema(schema: Any, min_lengths: bool = False, _in_array: bool = False) -> Any:
    """A copy of ``schema`` without the keywords llama.cpp grammars cannot take.

    Property order is kept: it is the order in which the model writes the fields. With
    ``min_lengths``, ``minLength`` stays on strings outside arrays (where llama.cpp compiles
    it), so a constrained answer cannot leave a required text empty (the embedded backend).
    """
    if isinstance(schema, dict):
        return {
            key: grammar_schema(value, min_lengths, _in_array or key == "items")
            for key, value in schema.items()
            if not _dropped(key, value, keep_min=min_lengths and not _in_array)
        }
    if isinstance(schema, list):
        return [grammar_schema(item, min_lengths, _in_array) for item in schema]
    return schema


def _dropped(key: str, value: Any, keep_min: bool = False) -> bool:
    if isinstance(value, dict):  # a property that happens to be called "pattern" etc.
        return False
    if key == "maxLength":
        return not isinstance(value, int) or value > MAX_GRAMMAR_LENGTH
    if key == "minLength" and keep_min:
        return False
    return key in _DROPPED


_NOT_STRICT = frozenset({"minLength", "maxLength", "default", "title"})
"""Keywords OpenAI's strict structured outputs reject or ignore; pydantic checks them after."""


def strict_schema(schema: Any) -> Any:
    """A copy of ``schema`` fit for ``json_schema`` with ``strict: true`` (OpenAI's subset).

    Every object lists all its properties as required and forbids others (the generation
    schema is built that way already; this keeps it so), and the length bounds OpenAI does
    not accept in strict mode are left to pydantic's validation of the answer.
    """
    if isinstance(schema, list):
        return [strict_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {
        key: (value if key in ("enum", "const", "required") else strict_schema(value))
        for key, value in schema.items()
        if isinstance(value, dict) or key not in _NOT_STRICT or key == "properties"
    }
    if copy.get("type") == "object" and "properties" in copy:
        copy["required"] = list(copy["properties"])
        copy["additionalProperties"] = False
    return copy
