"""render/zipwriter.py: the exact bytes of a deterministic zip, checked field by field with the
standard library's reader, and normalisation of any zip (mutation testing)."""

import io
import zipfile
import zlib

import pytest
from isal import isal_zlib

from aicontract.render.zipwriter import Entry, normalize_zip, write_zip

# write_zip([Entry("a.txt", b"hi"), Entry("d/b.xml", b"")]), every byte written out:
# local header a.txt, its data, local header d/b.xml, its data, two central records, the end record
EXPECTED = bytes.fromhex(
    "504b0304" "1400" "0000" "0800" "0000" "2100" "ac2a93d8" "04000000" "02000000" "0500" "0000" "612e747874"
    "cbc80400"
    "504b0304" "1400" "0000" "0800" "0000" "2100" "00000000" "02000000" "00000000" "0700" "0000" "642f622e786d6c"
    "0300"
    "504b0102" "1400" "1400" "0000" "0800" "0000" "2100" "ac2a93d8" "04000000" "02000000" "0500" "0000" "0000"
    "0000" "0000" "0000a401" "00000000" "612e747874"
    "504b0102" "1400" "1400" "0000" "0800" "0000" "2100" "00000000" "02000000" "00000000" "0700" "0000" "0000"
    "0000" "0000" "0000a401" "27000000" "642f622e786d6c"
    "504b0506" "0000" "0000" "0200" "0200" "68000000" "4e000000" "0000"
)


def test_entry_is_deflated_raw_once():
    entry = Entry("word/document.xml", b"hi")
    assert entry.name == b"word/document.xml"
    assert entry.crc == 0xD8932AAC
    assert entry.size == 2
    assert entry.data == bytes.fromhex("cbc80400")
    assert zlib.decompress(entry.data, -15) == b"hi"


def test_entry_name_in_utf8():
    assert Entry("文档.xml", b"").name == "文档.xml".encode("utf-8")


def test_entry_levels():
    """A template's parts: zlib at level 9; a contract's own parts: ISA-L at level 1."""
    content = bytes(range(256)) * 64 + b"abcabcabcabc" * 500
    fast, default = Entry("x", content, fast=True), Entry("x", content)
    assert zlib.decompress(fast.data, -15) == content
    isal_fast = isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15)
    assert fast.data == isal_fast.compress(content) + isal_fast.flush()
    assert zlib.decompress(default.data, -15) == content
    assert len(default.data) < len(fast.data)
    best = zlib.compressobj(9, zlib.DEFLATED, -15)
    assert default.data == best.compress(content) + best.flush()


def test_write_zip_exact_bytes():
    assert write_zip([Entry("a.txt", b"hi"), Entry("d/b.xml", b"")]) == EXPECTED


def test_write_zip_read_back_field_by_field():
    data = write_zip([Entry("a.txt", b"hi"), Entry("d/b.xml", b"")])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        infos = z.infolist()
        assert [i.filename for i in infos] == ["a.txt", "d/b.xml"]
        assert [i.date_time for i in infos] == [(1980, 1, 1, 0, 0, 0)] * 2
        assert [i.compress_type for i in infos] == [zipfile.ZIP_DEFLATED] * 2
        assert [i.external_attr for i in infos] == [0o644 << 16] * 2
        assert [(i.create_version, i.extract_version, i.flag_bits) for i in infos] == [(20, 20, 0)] * 2
        assert [i.header_offset for i in infos] == [0, 39]
        assert [(i.CRC, i.compress_size, i.file_size) for i in infos] == [(0xD8932AAC, 4, 2), (0, 2, 0)]
        assert z.read("a.txt") == b"hi"
        assert z.read("d/b.xml") == b""


def test_write_zip_of_nothing():
    assert write_zip([]) == bytes.fromhex("504b0506" "0000" "0000" "0000" "0000" "00000000" "00000000" "0000")


def _zip_with_times(times):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for (name, content), when in zip([("a.txt", b"hi"), ("d/b.xml", b"")], times):
            z.writestr(zipfile.ZipInfo(name, date_time=when), content)
    return out.getvalue()


def test_normalize_zip_fixes_times_keeps_order_and_content():
    first = _zip_with_times([(2024, 5, 6, 7, 8, 10), (2020, 1, 2, 3, 4, 6)])
    second = _zip_with_times([(2026, 1, 1, 0, 0, 0), (2025, 12, 31, 23, 59, 58)])
    assert first != second
    assert normalize_zip(first) == EXPECTED
    assert normalize_zip(second) == EXPECTED


def test_normalize_zip_refuses_what_is_not_a_zip():
    with pytest.raises(zipfile.BadZipFile, match="File is not a zip file"):
        normalize_zip(b"not a zip")


def test_more_entries_than_a_signed_short_holds():
    entries = [Entry(f"{i}", b"") for i in range(32768)]
    with zipfile.ZipFile(io.BytesIO(write_zip(entries))) as z:
        names = z.namelist()
    assert len(names) == 32768
    assert names[-1] == "32767"
