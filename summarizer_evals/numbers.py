"""Numbers in text, read independently of the package's own count parser.

The scorer must not judge the extractor with the extractor's parser, so it reads numbers its
own way: number words become digits through ``text2num`` (``alpha2digit``), then every run of
digits (thousands separators allowed) is a number. Vague quantities ("dozens") are not
numbers here.
"""

from __future__ import annotations

import re

from text_to_num import alpha2digit

__all__ = ["numbers_in"]

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?!\d)|(?<![\w.])\d+(?!\d)")


def numbers_in(text: str) -> set[int]:
    """The whole numbers a text states, in digits or in words ("three" -> 3)."""
    digits = alpha2digit(text, "en")
    return {int(m.group(0).replace(",", "")) for m in _NUMBER.finditer(digits)}
