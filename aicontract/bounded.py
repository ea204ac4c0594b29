"""A bounded memo that keeps what is used: two generations of at most ``size`` entries each.

New entries go into the young generation; when it is full it becomes the old one (the previous
old one is dropped) and a new young one starts. A hit in the old generation moves the entry back
into the young one. What every contract of a batch uses (most clauses and paragraphs) therefore
survives for good, while what one contract alone used (its parties' names, its amounts) ages
out: memory stays within 2 × ``size`` entries however long the batch, without the cost of an LRU
list on every hit.
"""

from __future__ import annotations


class BoundedMemo:
    __slots__ = ("size", "young", "old")

    def __init__(self, size: int):
        self.size = size
        self.young: dict = {}
        self.old: dict = {}

    def get(self, key):
        """The value kept for ``key``, or None."""
        found = self.young.get(key)
        if found is None:
            found = self.old.pop(key, None)
            if found is not None:
                self.put(key, found)
        return found

    def put(self, key, value) -> None:
        if len(self.young) >= self.size:
            self.old, self.young = self.young, {}
        self.young[key] = value

    def __len__(self) -> int:
        return len(self.young) + len(self.old)

    def clear(self) -> None:
        self.young.clear()
        self.old.clear()
