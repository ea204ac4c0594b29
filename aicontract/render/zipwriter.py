"""A small deterministic zip writer: fixed timestamps and entry order, each entry deflated
once, so equal content gives byte-identical .docx files on any machine, day or time zone."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


class Entry:
    """One zip member, deflated (raw, as zip stores it) once."""

    __slots__ = ("name", "crc", "size", "data")

    def __init__(self, name: str, content: bytes, level: int = 9):
        self.name = name.encode("utf-8")
        self.crc = zlib.crc32(content)
        self.size = len(content)
        deflater = zlib.compressobj(level, zlib.DEFLATED, -15)
        self.data = deflater.compress(content) + deflater.flush()


_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00


def write_zip(entries: list[Entry]) -> bytes:
    out = io.BytesIO()
    central = []
    for entry in entries:
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, _DOS_TIME, _DOS_DATE, entry.crc,
                              len(entry.data), entry.size, len(entry.name), 0))
        out.write(entry.name)
        out.write(entry.data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, _DOS_TIME, _DOS_DATE, entry.crc,
                                   len(entry.data), entry.size, len(entry.name), 0, 0, 0, 0, 0o644 << 16, offset)
                       + entry.name)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), out.tell() - start, start, 0))
    return out.getvalue()


def normalize_zip(data: bytes) -> bytes:
    """Same entries, same order, fixed timestamps: byte-identical output for equal input."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return write_zip([Entry(info.filename, src.read(info.filename)) for info in src.infolist()])
