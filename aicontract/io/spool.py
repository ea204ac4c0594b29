"""Rows kept on disk rather than in memory, for the list sheets of a batch (工作任务, 拨付方式…):
what a contract needs is read back when its row is reached."""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array


class Spool:
    """List-sheet rows kept on disk, not in memory: each row pickled into an anonymous temporary
    file, and per 合同编号 only (row number, offset, length) in a compact array, so memory does not
    grow with the sheet."""

    def __init__(self):
        self.file = tempfile.TemporaryFile(prefix="aicontract-sheet-")
        self.size = 0

    def put(self, index: dict[str, array], owner: str, number: int, cells: list) -> None:
        data = pickle.dumps(cells, protocol=pickle.HIGHEST_PROTOCOL)
        self.file.write(data)
        index.setdefault(owner, array("q")).extend((number, self.size, len(data)))
        self.size += len(data)

    def items(self, entries: array):
        """(row number, cells) of one 合同编号, in sheet order."""
        if entries:
            self.file.flush()
        for i in range(0, len(entries), 3):
            yield entries[i], pickle.loads(os.pread(self.file.fileno(), entries[i + 2], entries[i + 1]))
