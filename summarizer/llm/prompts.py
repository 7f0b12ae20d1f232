"""Prompts are data: package files with a content hash that keys the cache.

The files are ``summarizer/llm/prompts/*.md``, read through :mod:`importlib.resources`.

The article text is always fenced between markers with a random tag drawn for each request
(:mod:`summarizer.llm.fence`), which the system prompt names and marks as untrusted data; the
text inside is cleaned of invisible characters, chat-template tokens and anything shaped like
a marker, so an article cannot close the fence and speak to the model as the instructions.
The templates use ``$fence_open``, ``$fence_close`` and (user) ``$article``,
``$published_hint`` and ``$part_hint``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from string import Template

from summarizer.errors import ConfigurationError
from summarizer.llm.fence import Fence, clean_untrusted, new_fence

__all__ = ["Prompt", "PromptSet", "load_prompt", "load_prompt_set"]


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

    def messages(
        self,
        article_text: str,
        published: dt.date | None,
        fence: Fence | None = None,
        part: tuple[int, int] | None = None,
    ) -> list[dict[str, str]]:
        """Chat messages for one article, fenced as untrusted data (a new fence unless given).

        ``part`` is ``(k, n)`` when the text is the k-th of n consecutive parts of a long
        article (the user prompt's ``$part_hint`` says so; empty otherwise).
        """
        fence = fence or new_fence()
        part_hint = (
            f"This is part {part[0]} of {part[1]} of a long article; extract what this part says."
            if part
            else ""
        )
        hint = (
            f"The article was published on {published.isoformat()}."
            if published
            else "The publication date is not given outside the article."
        )
        markers = {"fence_open": fence.open, "fence_close": fence.close}
        user = self.user.render(
            article=clean_untrusted(article_text),
            published_hint=hint,
            part_hint=part_hint,
            **markers,
        )
        return [
            {"role": "system", "content": self.system.render(**markers).strip()},
            {"role": "user", "content": user},
        ]


def load_prompt_set(prefix: str) -> PromptSet:
    """Load ``<prefix>_system.md`` and ``<prefix>_user.md``."""
    return PromptSet(system=load_prompt(f"{prefix}_system"), user=load_prompt(f"{prefix}_user"))
