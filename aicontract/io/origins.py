"""Where each value of a spreadsheet row came from — (sheet, row, column letter) by the value's
path in the deal — worked out only when a message needs it. A row carries just its row number,
its width and the row numbers of its list items; the column layout is shared by all rows (one
copy per chunk of rows sent to a worker), where a dictionary per row doubled what a batch sends."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

Layout = tuple[tuple[int, tuple[str, ...], str], ...]  # (column index, value path, column letter)


class Origins(Mapping):
    """``{path: (sheet, row, letter)}`` of one row, as a read-only mapping."""

    __slots__ = ("main", "number", "width", "columns", "lists", "_known")

    def __init__(self, main: str, number: int, width: int, columns: Layout,
                 lists: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...], tuple[int, ...]], ...] = ()):
        """``lists``: per list sheet, (its name as messages give it, the path of the list, its
        columns as (key, letter), the sheet rows of this contract's items in order)."""
        self.main, self.number, self.width, self.columns, self.lists = main, number, width, columns, lists
        self._known: dict | None = None

    def _all(self) -> dict:
        if self._known is None:
            known = {path: (self.main, self.number, letter) for index, path, letter in self.columns if index < self.width}
            for sheet, where, columns, numbers in self.lists:
                for position, number in enumerate(numbers):
                    known.update({(*where, position, key): (sheet, number, letter) for key, letter in columns})
            self._known = known
        return self._known

    def first_column(self, loc: tuple) -> tuple[str, int, str] | None:
        """The cell of the first column of the group at ``loc`` on this row, even where the row stops short of it (a row
        whose whole 甲方 group is empty: clerk walkthrough M13 named it “104行” for each group missing)."""
        size = len(loc)
        return next(((self.main, self.number, letter) for _, path, letter in self.columns if path[:size] == loc), None)

    def __getitem__(self, path: tuple):
        return self._all()[path]

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __getstate__(self):
        return self.main, self.number, self.width, self.columns, self.lists

    def __setstate__(self, state) -> None:
        self.main, self.number, self.width, self.columns, self.lists = state
        self._known = None

    def __repr__(self) -> str:
        return f"Origins({self._all()!r})"
