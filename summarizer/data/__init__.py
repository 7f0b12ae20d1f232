"""Tables as data files, loaded through :mod:`importlib.resources` (they ship in the wheel).

The mechanisms that use them live in :mod:`summarizer.text` and :mod:`summarizer.rules`;
this module only reads files:

* ``demonyms.csv``: adjectives and short forms that name a country (``Syrian`` -> SY);
* ``places.toml``: words that name a level of place ("province", "village") and the Arabic
  articles that place names drop when folded;
* ``actors.toml``: the nouns that head an armed actor's name, known armed organisations,
  bare nouns for unnamed armed actors;
* ``lexicon.toml``: event words, the cues of each ACLED sub-event type (in order), plan
  and background cues;
* ``admin1.csv`` and ``towns/<CC>.csv.gz``: first-level divisions and towns (GeoNames,
  ISO 3166-2), built by ``tools/build_gazetteer.py``;
* ``groups.csv``: named non-state armed groups, coalitions and missions with their aliases;
* ``boilerplate.toml``: lines of web-page furniture (comment forms, share widgets);
* ``untrusted.toml``: chat-template tokens and bracket look-alikes kept out of prompts;
* ``adapters/reader-lora.gguf``: the tuned reader's LoRA adapter (built by ``training/``).

Every table is general to conflict reporting in English, not to any article.
"""

from __future__ import annotations

import csv
import gzip
import io
import tomllib
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

__all__ = ["adapter_path", "csv_rows", "gzipped_csv_rows", "toml_table"]


def _text(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


def adapter_path(name: str) -> Path:
    """The path of a model adapter shipped in ``adapters/`` (a file inside the package)."""
    return Path(str(files(__name__).joinpath("adapters", name)))


@cache
def toml_table(name: str) -> dict[str, Any]:
    """The parsed ``<name>.toml`` (read once per process)."""
    return tomllib.loads(_text(f"{name}.toml"))


def gzipped_csv_rows(name: str) -> list[dict[str, str]]:
    """The rows of ``<name>.csv.gz`` (large tables, e.g. ``towns/SY``); empty when absent."""
    resource = files(__name__).joinpath(f"{name}.csv.gz")
    if not resource.is_file():
        return []
    text = gzip.decompress(resource.read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def csv_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``<name>.csv`` as dicts keyed by its header (read once per process)."""
    return tuple(csv.DictReader(io.StringIO(_text(f"{name}.csv"))))
