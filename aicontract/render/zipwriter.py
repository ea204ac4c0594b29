"""A small deterministic zip writer: fixed timestamps and entry order, each entry deflated
once, so equal content gives byte-identical .docx files whatever the day or time zone (with the
same zlib and ISA-L libraries: another compressor may deflate the same content differently).

Parts deflated once per template use zlib at level 9 (smallest); parts made for every contract
use ISA-L's deflate (``isal``) at level 1: about six times faster than zlib's fastest level on a
contract's document.xml, and as small (a batch spends its time here otherwise)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from isal import isal_zlib


class Entry:
    """One zip member, deflated (raw, as zip stores it) once."""

    __slots__ = ("name", "crc", "size", "data")

    def __init__(self, name: str, content: bytes, fast: bool = False):
        self.name = name.encode("utf-8")
        self.crc = zlib.crc32(content)
        self.size = len(content)
        library, level = (isal_zlib, 1) if fast else (zlib, 9)
        deflater = library.compressobj(level, library.DEFLATED, -15)
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
