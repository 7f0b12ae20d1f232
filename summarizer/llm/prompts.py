"""Prompts are data: package files with a content hash that keys the cache.

The files are ``summarizer/llm/prompts/*.md``, read through :mod:`importlib.resources`.

The article text is always fenced between ``<<<ARTICLE`` and ``ARTICLE>>>`` and the system
prompt marks it as untrusted. Fence markers inside the article are neutralised so that an
article cannot close the fence and speak to the model as the instructions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from string import Template

from summarizer.errors import ConfigurationError

__all__ = ["Prompt", "PromptSet", "load_prompt", "load_prompt_set"]

FENCE_OPEN = "<<<ARTICLE"
FENCE_CLOSE = "ARTICLE>>>"


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
    """Load the package's ``prompts/<name>.md``.

    Raises:
        ConfigurationError: There is no prompt of that name.

    """
    resource = files("summarizer.llm").joinpath("prompts", f"{name}.md")
    try:
        return Prompt(name=name, template=resource.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(f"no prompt named {name!r} in the package") from exc


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
