"""io/output.py: atomic writes that never clobber a user's file unless asked, on file systems with
and without hard links, leaving no temporary file behind (mutation testing)."""

import os
import re

import pytest

from aicontract.errors import InputError
from aicontract.io import output
from aicontract.io.output import OutputError, OutputExists, write_atomic


def exists_message(path):
    return "^" + re.escape(f"{path}: 文件已存在，如需覆盖请加 --force / file exists; use --force to overwrite") + "$"


def test_writes_the_bytes_and_returns_the_path(tmp_path):
    target = tmp_path / "合同.docx"
    assert write_atomic(str(target), b"\x00data") == target
    assert target.read_bytes() == b"\x00data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["合同.docx"]


def test_writes_pieces_one_after_another(tmp_path):
    target = tmp_path / "report.csv"
    assert write_atomic(target, (piece for piece in [b"a,", b"", b"\xe5\x90\x88\n"])) == target
    assert target.read_bytes() == "a,合\n".encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_a_piece_that_fails_leaves_nothing(tmp_path):
    def pieces():
        yield b"half"
        raise ValueError("broken")

    with pytest.raises(ValueError, match="^broken$"):
        write_atomic(tmp_path / "report.csv", pieces())
    assert list(tmp_path.iterdir()) == []


def test_creates_missing_folders(tmp_path):
    target = tmp_path / "a" / "b" / "c.txt"
    write_atomic(target, b"x")
    assert target.read_bytes() == b"x"


def test_never_replaces_without_force(tmp_path):
    target = tmp_path / "c.txt"
    target.write_bytes(b"user's")
    with pytest.raises(OutputExists, match=exists_message(target)) as info:
        write_atomic(target, b"new")
    assert info.value.path == target
    assert isinstance(info.value, InputError)
    assert target.read_bytes() == b"user's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.txt"]


def test_force_replaces(tmp_path):
    target = tmp_path / "c.txt"
    target.write_bytes(b"old")
    assert write_atomic(target, b"new", force=True) == target
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.txt"]


def test_force_on_a_new_file(tmp_path):
    target = tmp_path / "c.txt"
    write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.txt"]


def test_the_temporary_file_is_beside_the_target_and_hidden(tmp_path, monkeypatch):
    seen = []
    real_link = os.link

    def link(src, dst):
        seen.append((os.path.dirname(src), os.path.basename(src), os.path.basename(dst)))
        return real_link(src, dst)

    monkeypatch.setattr(output.os, "link", link)
    write_atomic(tmp_path / "c.txt", b"x")
    ((folder, name, target),) = seen
    assert folder == str(tmp_path)
    assert re.fullmatch(r"\.c\.txt\..+\.tmp", name)
    assert target == "c.txt"


def test_bytes_are_on_disk_before_they_are_linked(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(os.fstat(fd).st_size)
        return real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", fsync)
    write_atomic(tmp_path / "c.txt", b"12345")
    assert synced == [5]


def test_a_file_appearing_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    target = tmp_path / "c.txt"

    def link(src, dst):
        target.write_bytes(b"other process")
        raise FileExistsError(dst)

    monkeypatch.setattr(output.os, "link", link)
    with pytest.raises(OutputExists, match=exists_message(target)):
        write_atomic(target, b"mine")
    assert target.read_bytes() == b"other process"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.txt"]


def test_without_hard_links_the_file_is_moved_into_place(tmp_path, monkeypatch):
    def link(src, dst):
        raise PermissionError("no hard links here")

    monkeypatch.setattr(output.os, "link", link)
    target = tmp_path / "c.txt"
    assert write_atomic(target, b"mine") == target
    assert target.read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.txt"]


def test_without_hard_links_a_file_appearing_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    target = tmp_path / "c.txt"

    def link(src, dst):
        target.write_bytes(b"other process")
        raise PermissionError("no hard links here")

    monkeypatch.setattr(output.os, "link", link)
    with pytest.raises(OutputExists, match=exists_message(target)):
        write_atomic(target, b"mine")
    assert target.read_bytes() == b"other process"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.txt"]


def test_an_interrupted_write_leaves_nothing(tmp_path, monkeypatch):
    def fsync(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "c.txt", b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_forced_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "c.txt"
    target.write_bytes(b"old")

    def replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(OutputError, match="^" + re.escape(f"{target}: 无法写入 / cannot write: disk full") + "$"):
        write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.txt"]


def test_a_file_in_the_way_of_a_folder_is_named(tmp_path):
    (tmp_path / "out").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="^" + re.escape(f"{tmp_path / 'out'}: 不是文件夹（已有同名文件） / not a folder: a file "
                                                          "of that name exists") + "$"):
        output.make_folder(tmp_path / "out")
    with pytest.raises(OutputError, match="^" + re.escape(f"{tmp_path / 'out' / 'sub'}: 无法创建文件夹 / cannot create the "
                                                          "folder: Not a directory") + "$"):
        write_atomic(tmp_path / "out" / "sub" / "c.docx", b"x")
    assert output.make_folder(tmp_path / "a" / "b") == tmp_path / "a" / "b" and (tmp_path / "a" / "b").is_dir()
