"""ACLED-compatible export: the events of a run's summaries as rows of ACLED's columns.

::

    from summarizer.export import read_summaries, write_csv
    write_csv(read_summaries("out.jsonl"), "events.csv")

One row per event, ACLED's 31 columns in the order of ACLED's exports (:data:`COLUMNS`).
The conventions, from ACLED's codebook and ACLED's own tables (its R package acledR):

* ``event_id_cnty``: ISO 3166 alpha-3 code and a per-country number in export order
  (``NGA1``, ``NGA2``, ``KEN1``): the same input gives the same ids. ``XXX`` when the
  country is unknown.
* ``event_date`` ``YYYY-MM-DD``, ``year``, ``time_precision`` (1 day, 2 week, 3 month): from
  the record; empty when the record has no date.
* ``disorder_type``: from the sub-event type (``data/acled_events.toml``): "Political
  violence", "Demonstrations" (peaceful protests, protests with intervention, violent
  demonstrations), "Political violence; Demonstrations" (excessive force against
  protesters), "Strategic developments".
* ``inter1``/``inter2``/``interaction``: ACLED's *numeric* form (the form of ACLED's exports
  until 2024 and of its API with ``inter_numeric``; the newer exports write labels, see
  :func:`inter_label`): 1 State forces, 2 Rebel groups, 3 Political militias, 4 Identity
  militias, 5 Rioters, 6 Protesters, 7 Civilians, 8 External/Other forces, 0 no actor.
  Derived from the canonical names by ``data/inter_codes.toml``: "Military Forces of X" and
  "Police Forces of X" are 1 in X and 8 elsewhere; "Protesters (X)" 6, "Rioters (X)" 5,
  "Civilians (X)" 7, "Unidentified Armed Group (X)" 3; named groups by their kind in
  ``data/groups.csv``; an actor nothing matches has an empty code. ``interaction`` is the
  two codes lower first (``12``), a sole actor1's code and 0 (``60``); empty when a code
  is unknown or there is no actor1.
* ``civilian_targeting``: "Civilian targeting" for political violence whose actor2 is
  civilians (inter2 7) and for all violence against civilians; else empty.
* ``iso`` (ISO 3166 numeric) from GeoNames; ``country`` and ``region`` in ACLED's spelling
  and regions (``data/acled_countries.toml``), the record's country name when ACLED does not
  list it.
* ``admin1``, ``location``: from the record (admin1 filled from the gazetteer when the
  record has none and the location is a known town); ``admin2``, ``admin3``: empty.
* ``latitude``, ``longitude``, ``geo_precision``: :mod:`summarizer.export.geo` (1 a town of
  the gazetteer; 2 near a town; 3 only the admin1, coded to its most populous town; empty
  when only the country is known).
* ``source``: the article's outlet; ``source_scale``: empty.
* ``notes``: one ACLED-style sentence and the fatalities (:mod:`summarizer.export.notes`).
* ``fatalities``: the record's count, 0 when it has none (as ACLED writes).
* ``tags``: ``fatalities qualifier=<q>`` when the count is not exact, ``claim status=<s>``
  when the event is claimed, denied or alleged, joined by ``"; "``.
* ``timestamp``: Unix seconds of the export, one value per export (injectable).
"""

from __future__ import annotations

from summarizer.export.codes import (
    civilian_targeting,
    country_info,
    disorder_type,
    inter_code,
    inter_label,
    interaction,
)
from summarizer.export.files import PARQUET_TYPES, read_summaries, write_csv, write_parquet
from summarizer.export.rows import COLUMNS, Row, acled_rows

__all__ = [
    "COLUMNS",
    "PARQUET_TYPES",
    "Row",
    "acled_rows",
    "civilian_targeting",
    "country_info",
    "disorder_type",
    "inter_code",
    "inter_label",
    "interaction",
    "read_summaries",
    "write_csv",
    "write_parquet",
]
