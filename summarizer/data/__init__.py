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
* ``acled_countries.toml``, ``acled_events.toml``, ``inter_codes.toml``: ACLED's country
  names and regions, disorder types and notes phrases, and actor-type rules, for the ACLED
  export (:mod:`summarizer.export`);
* ``adapters/reader-lora.gguf``: the tuned reader's LoRA adapter (built by ``training/``).

Every table is general to conflict reporting in English, not to any article.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import threading
import tomllib
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

__all__ = ["adapter_path", "csv_rows", "gzipped_csv_rows", "load_once", "toml_table"]

P = ParamSpec("P")
R = TypeVar("R")


def load_once(function: Callable[P, R]) -> Callable[P, R]:
    """Memoize a table loader so that it runs once per process and arguments, whatever the threads.

    ``functools.cache`` lets every thread that asks before the first answer is stored build
    the table itself: 32 threads starting a batch together built the place index 32 times
    (2 GB, a minute of CPU). Here the first caller builds it under a lock and the others
    wait for it. Loaders call loaders below them (never above), so the locks cannot cycle.
    """
    results: dict[Any, Any] = {}
    lock = threading.RLock()

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        try:
            return results[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        with lock:
            if key not in results:
                results[key] = function(*args, **kwargs)
            return results[key]  # type: ignore[no-any-return]

    return wrapper


def _text(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


def adapter_path(name: str) -> Path:
    """The path of a model adapter shipped in ``adapters/`` (a file inside the package)."""
    return Path(str(files(__name__).joinpath("adapters", name)))


@load_once
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


@load_once
def csv_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``<name>.csv`` as dicts keyed by its header (read once per process)."""
    return tuple(csv.DictReader(io.StringIO(_text(f"{name}.csv"))))
