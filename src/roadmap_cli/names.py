"""Names folded for matching, and the index of every name a set of items answers to. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SEPARATORS = re.compile(r"[\s_]+")


def normalize(text: str) -> str:
    """Case and spacing folded: 'Scikit Learn', 'scikit_learn' and 'scikit-learn' meet."""
    return _SEPARATORS.sub("-", text.strip().casefold())


class Index:
    """Every name a set of items answers to, folded, mapped to the items' ids."""

    def __init__(self, entries: Iterable[tuple[str, Iterable[str]]]) -> None:
        self.keys: dict[str, set[str]] = {}
        for item_id, names in entries:
            for name in names:
                self.keys.setdefault(normalize(name), set()).add(item_id)

    def find(self, query: str) -> tuple[set[str], bool]:
        """The ids matching `query` exactly, else by prefix; and whether the match was exact."""
        key = normalize(query)
        if key in self.keys:
            return self.keys[key], True
        found: set[str] = set()
        for name, ids in self.keys.items():
            if name.startswith(key):
                found |= ids
        return found, False

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        import difflib

        close = difflib.get_close_matches(normalize(query), self.keys, n=limit * 3, cutoff=0.6)
        ids: dict[str, None] = {}
        for name in close:
            ids.update(dict.fromkeys(sorted(self.keys[name])))
        return list(ids)[:limit]
