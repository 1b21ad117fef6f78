"""Matching the header row of a spreadsheet a person filled in: either script, either width,
with or without required-column marks (*) and bracketed notes. Used by the .xlsx imports."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import opencc


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=4096)  # choices and flags repeat on every row
def normalize(text: Any) -> str:
    """A header or choice as compared: NFKC (full width → half width), Traditional →
    Simplified, no whitespace, lower case."""
    value = unicodedata.normalize("NFKC", "" if text is None else str(text))
    value = _t2s().convert(value)
    return re.sub(r"\s+", "", value).lower()


def header_key(text: Any) -> str:
    """normalize(), without a leading “*” (required-column marks) and bracketed notes."""
    value = normalize(text).lstrip("*")
    return re.sub(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】", "", value)


@dataclass(frozen=True)
class Column:
    """A column by its key, its label and the other names offices give it."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    @functools.cached_property
    def names(self) -> frozenset[str]:
        return frozenset(header_key(n) for n in (self.label, *self.aliases))
