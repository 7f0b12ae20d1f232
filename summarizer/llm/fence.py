"""Untrusted article text in a prompt: a random fence per request, and text that cannot forge it.

Each request fences the article between ``<<<ARTICLE_<tag>`` and ``ARTICLE_<tag>>>>``, where
``<tag>`` is 12 random hex digits drawn for that request (:func:`new_fence`); the system prompt
names the tag. An article cannot close a fence whose tag it cannot know. On top of that,
:func:`clean_untrusted` removes what could still confuse a model:

* invisible characters (Unicode format characters such as zero-width spaces and bidi
  controls, and control characters other than tab and newlines);
* chat-template control tokens (``<start_of_turn>``, ``<|im_start|>``, ``[INST]``; the table is
  ``data/untrusted.toml``), and any other ``<|name|>`` token;
* runs of three or more angle-bracket look-alikes (ASCII, fullwidth, guillemets, math and CJK
  brackets, in any mix), which are spaced out: whatever its case, width or script, nothing in
  the article can look like a fence marker.

The cleaned text is only what the model reads; evidence is aligned to the original article.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from functools import cache

from summarizer.data import toml_table

__all__ = ["Fence", "clean_untrusted", "new_fence"]

TAG_HEX_DIGITS = 12


@dataclass(frozen=True)
class Fence:
    """The markers around one request's article."""

    tag: str

    @property
    def open(self) -> str:
        """The opening marker, ``<<<ARTICLE_<tag>``."""
        return f"<<<ARTICLE_{self.tag}"

    @property
    def close(self) -> str:
        """The closing marker, ``ARTICLE_<tag>>>>``."""
        return f"ARTICLE_{self.tag}>>>"

    def wrap(self, text: str) -> str:
        """The cleaned text between the markers, each marker on its own line."""
        return f"{self.open}\n{clean_untrusted(text)}\n{self.close}"


def new_fence() -> Fence:
    """A fence with a fresh random tag (from :mod:`secrets`)."""
    return Fence(tag=secrets.token_hex(TAG_HEX_DIGITS // 2))


FENCE_PATTERN = re.compile(r"<<<ARTICLE_([0-9a-f]+)\n(.*)\nARTICLE_\1>>>", re.DOTALL)
"""Finds a fenced article in a rendered prompt: group 1 the tag, group 2 the text."""


def _is_invisible(char: str) -> bool:
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and char not in "\t\n\r")


@cache
def _template_tokens() -> re.Pattern[str]:
    tokens = sorted(toml_table("untrusted")["template_tokens"], key=len, reverse=True)
    alternatives = [re.escape(token) for token in tokens] + [r"<\|[^|<>\s]{1,40}\|>"]
    return re.compile("|".join(alternatives), re.IGNORECASE)


@cache
def _bracket_runs() -> re.Pattern[str]:
    table = toml_table("untrusted")
    brackets = re.escape("".join(table["open_brackets"] + table["close_brackets"]))
    return re.compile(f"[{brackets}](?:\\s*[{brackets}]){{2,}}")


def _space_out(match: re.Match[str]) -> str:
    return " ".join(char for char in match.group() if not char.isspace())


def clean_untrusted(text: str) -> str:
    """Article text safe to place inside a fence (see the module docstring)."""
    visible = "".join(char for char in text if not _is_invisible(char))
    without_tokens = _template_tokens().sub("", visible)
    return _bracket_runs().sub(_space_out, without_tokens)
