"""Prompts are data: files in ``prompts/`` with a content hash that keys the cache.

The article text is always fenced between ``<<<ARTICLE`` and ``ARTICLE>>>`` and the system
prompt marks it as untrusted. Fence markers inside the article are neutralised so that an
article cannot close the fence and speak to the model as the instructions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

from summarizer.errors import ConfigurationError

__all__ = ["Prompt", "PromptSet", "load_prompt", "load_prompt_set", "prompts_dir"]

FENCE_OPEN = "<<<ARTICLE"
FENCE_CLOSE = "ARTICLE>>>"


def prompts_dir() -> Path:
    """The prompts directory: ``$SUMMARIZER_PROMPTS_DIR`` or ``prompts/`` beside the package."""
    override = os.environ.get("SUMMARIZER_PROMPTS_DIR")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "prompts"


@dataclass(frozen=True)
class Prompt:
    """One prompt file and the hash of its content."""

    name: str
    template: str

    @property
    def hash(self) -> str:
        """First 12 hex digits of the SHA-256 of the template text."""
        return hashlib.sha256(self.template.encode()).hexdigest()[:12]

    def render(self, **values: str) -> str:
        """Substitute ``$name`` placeholders; a missing value raises ``KeyError``."""
        return Template(self.template).substitute(values)


@cache
def load_prompt(name: str) -> Prompt:
    """Load ``prompts/<name>.md``.

    Raises:
        ConfigurationError: The file does not exist (e.g. a non-editable install).

    """
    path = prompts_dir() / f"{name}.md"
    try:
        return Prompt(name=name, template=path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(
            f"prompt {name!r} not found at {path}; set SUMMARIZER_PROMPTS_DIR or install "
            "the project in editable mode (pip install -e .)"
        ) from exc


def fence_article(text: str) -> str:
    """Neutralise fence markers inside untrusted article text."""
    return text.replace(FENCE_OPEN, "<<< ARTICLE").replace(FENCE_CLOSE, "ARTICLE >>>")


@dataclass(frozen=True)
class PromptSet:
    """The system and user prompts of one strategy, with a combined hash."""

    system: Prompt
    user: Prompt

    @property
    def hash(self) -> str:
        """A hash over both prompts: changes whenever either file changes."""
        joined = f"{self.system.hash}:{self.user.hash}"
        return hashlib.sha256(joined.encode()).hexdigest()[:12]

    def messages(self, article_text: str, published: dt.date | None) -> list[dict[str, str]]:
        """Chat messages for one article, the article fenced as untrusted data."""
        hint = (
            f"The article was published on {published.isoformat()}."
            if published
            else "The publication date is not given outside the article."
        )
        user = self.user.render(article=fence_article(article_text), published_hint=hint)
        return [
            {"role": "system", "content": self.system.template.strip()},
            {"role": "user", "content": user},
        ]


def load_prompt_set(prefix: str) -> PromptSet:
    """Load ``<prefix>_system.md`` and ``<prefix>_user.md``."""
    return PromptSet(system=load_prompt(f"{prefix}_system"), user=load_prompt(f"{prefix}_user"))
