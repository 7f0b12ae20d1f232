"""Provenance: what made an answer, so that the cache serves only what the same code would make.

The package version alone cannot say that (an editable install never changes it), so the
provenance holds a hash of the files themselves: the core every strategy runs through
(:data:`CORE_PARTS`) and the parts only the chosen strategy uses
(:attr:`~summarizer.pipeline.strategy.Strategy.code_parts`). Editing a rule, a table or a
prompt changes the hash, the cache key and ``meta.code_hash``.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from summarizer.backend import Backend
from summarizer.pipeline.draft import schema_hash
from summarizer.pipeline.strategy import Strategy
from summarizer.version import __version__

__all__ = ["CORE_PARTS", "code_hash", "provenance"]

CORE_PARTS = ("schemas.py", "pipeline", "text", "data")
"""What every strategy's answer passes through: the contract, the pipeline, text mechanisms
and the data tables."""
_SUFFIXES = (".py", ".md", ".toml", ".json", ".csv", ".txt")


def _files(node: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    if node.is_file():
        return [(prefix, node)] if prefix.endswith(_SUFFIXES) else []
    out: list[tuple[str, Traversable]] = []
    for child in node.iterdir():
        if child.name != "__pycache__":
            out.extend(_files(child, f"{prefix}/{child.name}"))
    return out


@cache
def code_hash(parts: tuple[str, ...]) -> str:
    """First 12 hex digits of the SHA-256 over the files below ``summarizer/<part>``.

    Each file contributes its path and content, in path order; a missing part counts as
    empty. Computed once per process and set of parts.
    """
    root = files("summarizer")
    found: list[tuple[str, Traversable]] = []
    for part in sorted(set(parts)):
        node = root.joinpath(*part.split("/"))
        if node.is_file() or node.is_dir():
            found.extend(_files(node, part))
    digest = hashlib.sha256()
    for name, node in sorted(found, key=lambda item: item[0]):
        digest.update(name.encode() + b"\0" + node.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def provenance(backend: Backend, strategy: Strategy) -> dict[str, str | None]:
    """The fields of ``meta`` that say what produced an answer (all part of the cache key)."""
    return {
        "package_version": __version__,
        "backend": backend.name,
        "model": backend.model,
        "endpoint": backend.endpoint,
        "strategy": strategy.name,
        "prompt_hash": strategy.prompt_hash,
        "schema_hash": schema_hash(strategy.draft_model),
        "code_hash": code_hash((*CORE_PARTS, *strategy.code_parts)),
    }
