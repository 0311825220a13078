"""A lazily converted list for ninja's pagination: only the requested page is turned into response rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


class MappedRows(Sequence):
    def __init__(self, items: Any, convert: Callable[[Any], Any]) -> None:
        self.items, self.convert = items, convert

    def __len__(self) -> int:
        return self.items.count() if hasattr(self.items, "count") and callable(
            getattr(self.items, "all", None)) else len(self.items)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self.convert(item) for item in self.items[index]]
        return self.convert(self.items[index])
