"""Audit records: what went into a draft and what came out, by SHA-256."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..library import Family
from ..version import __version__


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def library_digest(family: Family) -> str:
    """One hash over every file of the clause library the draft used (its family, the
    requirements, and a firm's overlay), in a stable order."""
    digest = hashlib.sha256()
    folders = [family.folder, family.folder.parent / "ip"] + ([family.overlay] if family.overlay else [])
    files = [family.folder.parent / "requirements.yaml"]
    for annex in family.spec.annexes:
        folders.append(family.folder.parent / annex.family)
    for folder in folders:
        files += sorted(Path(folder).rglob("*.yaml"))
    for path in files:
        digest.update(str(path.relative_to(path.parents[1])).encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def manifest_for(output: Path, data: bytes, deal_file: Path, family: Family, template: Path) -> bytes:
    """The manifest of one draft: ``template`` is the Word template it was rendered with."""
    record = {
        "aicontract": __version__,
        "output": {"path": str(output), "sha256": sha256(data)},
        "inputs": {
            "deal": {"path": str(deal_file), "sha256": sha256(Path(deal_file).read_bytes())},
            "template": {"path": str(template), "sha256": sha256(Path(template).read_bytes())},
            "clause_library": {"family": family.id, "version": family.spec.version,
                               "overlay": str(family.overlay) if family.overlay else None,
                               "sha256": library_digest(family)},
        },
    }
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
