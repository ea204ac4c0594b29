"""Loading clause families: the bundled library, a firm's folder layered over it, and the
per-process caches that make a batch parse each file once.

A family folder holds ``family.yaml`` (title, numbering style, party block, signature
block, requirements, annexes), ``rules.yaml`` and one YAML file per section, read in
file-name order. Words that clauses of several families share are kept once, in the library's
``passages.yaml``, and named in a text as ``[[id]]``. A firm's overlay (``OVERLAY/<family>/*.yaml``) replaces a bundled clause by
id, adds a new one after ``after:`` (or at the end of its section), or adds a section.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..models import DEAL_MODELS
from .family import Family
from .files import PASSAGE, LibraryError, bundled_root, read_spec
from .schema import FamilySpec, PassageFile, RuleFile, SectionSpec
from .validate import validate_family

RESERVED_FILES = {"family.yaml", "rules.yaml"}


def _check_overlay(overlay: Path, root: Path) -> None:
    """A firm's folder holds family folders (cooperation/ …) or passages.yaml; one that holds neither
    changes nothing, and a draft or a deviations list made with it would pass for the firm's
    (walkthrough M2: --library house/cooperation, the family folder itself, gave “0 deviations”)."""
    families = [p.name for p in root.iterdir() if (p / "family.yaml").is_file()]
    if any((overlay / name).is_dir() for name in families) or (overlay / "passages.yaml").is_file():
        return
    names = "、".join(f"{name}/" for name in sorted(families))
    flat = any(overlay.glob("*.yaml"))
    raise LibraryError(
        f"{overlay}: 本所条款库中没有任何合同类型的文件夹（应有 {names} 之一，或 passages.yaml）"
        + (f"；此文件夹中直接放着 .yaml 文件，--library 应指向它的上一级 {overlay.parent}" if flat else "")
        + f" / the library holds no family folder ({', '.join(sorted(families))})"
        + ("; it holds .yaml files itself: name its parent folder" if flat else ""))


def load_family(family_id: str, root: Path | None = None, overlay: Path | None = None) -> Family:
    """Load and validate a family (and the families it annexes); from the bundled library
    unless ``root`` names another, with ``overlay`` (a firm's folder) layered on top. Texts
    from anywhere but the bundled library are filled in the jinja sandbox."""
    trusted = (root is None or Path(root) == bundled_root()) and overlay is None
    root = Path(root) if root else bundled_root()
    folder = root / family_id
    spec_path = folder / "family.yaml"
    if not spec_path.is_file():
        raise LibraryError(f"{spec_path}: 没有这类文件 / no such family")
    spec = read_spec(spec_path, FamilySpec)
    if spec.deal_model not in DEAL_MODELS:
        raise LibraryError(f"{spec_path}: deal_model: 没有 {spec.deal_model!r} 这种交易类型（可选：{sorted(DEAL_MODELS)}） / "
                           f"unknown model {spec.deal_model!r}")
    sources: dict[str, Path] = {}
    sections = []
    passages = load_passages(root, overlay)
    for path in sorted(folder.glob("*.yaml")):
        if path.name not in RESERVED_FILES:
            section = read_spec(path, SectionSpec, passages)
            sections.append(section)
            sources[section.id] = path
    if overlay is not None:
        if not Path(overlay).is_dir():
            raise LibraryError(f"{overlay}: 没有这个条款库文件夹 / no such clause library folder")
        _check_overlay(Path(overlay), root)
        for path in sorted((Path(overlay) / family_id).glob("*.yaml")):
            sections = _layer(sections, read_spec(path, SectionSpec, passages), path, sources)
    rules_path = folder / "rules.yaml"
    rules = read_spec(rules_path, RuleFile).rules if rules_path.is_file() else []
    family = Family(spec, sections, folder, rules, trusted, sources, overlay)
    annexed = []
    for annex in spec.annexes:
        if not (root / annex.family / "family.yaml").is_file():
            raise LibraryError(f"{spec_path}: annexes: {annex.family}: 条款库中没有这类文件 / no such family")
        annexed.append(load_family(annex.family, root, overlay))
    validate_family(family, annexed)
    return family


def load_passages(*folders: Path | None) -> dict[str, str]:
    """The shared passages by id, from each folder's ``passages.yaml`` in turn (the library's, then a
    firm's overlay, whose passages add to or replace the library's); a passage cannot name another."""
    out: dict[str, str] = {}
    for folder in folders:
        path = Path(folder) / "passages.yaml" if folder is not None else None
        if path is None or not path.is_file():
            continue
        for name, passage in read_spec(path, PassageFile).passages.items():
            if PASSAGE.search(passage.text):
                raise LibraryError(f"{path}: passages.{name}: 一段文字不能引用另一段 / a passage cannot name another")
            out[name] = passage.text
    return out


def _layer(sections: list[SectionSpec], section: SectionSpec, path: Path, sources: dict[str, Path]) -> list[SectionSpec]:
    """Lay one section of a firm's library over the bundled sections."""
    ids = [s.id for s in sections]
    if section.id not in ids:
        if section.after and section.after not in ids:
            raise LibraryError(f"{path}: after: 没有“{section.after}”这一部分 / '{section.after}' names no section")
        at = ids.index(section.after) + 1 if section.after in ids else len(sections)
        sources[section.id] = path
        return sections[:at] + [section] + sections[at:]
    index = ids.index(section.id)
    base = sections[index]
    clauses = list(base.clauses)
    for clause in section.clauses:
        existing = [c.id for c in clauses]
        if clause.id in existing:
            clauses[existing.index(clause.id)] = clause
        elif clause.after:
            if clause.after not in existing:
                raise LibraryError(f"{path}: clause {clause.id}: after: “{section.id}”部分没有“{clause.after}”条 / "
                                   f"'{clause.after}' names no clause of section {section.id}")
            clauses.insert(existing.index(clause.after) + 1, clause)
        else:
            clauses.append(clause)
    merged = base.model_copy(update={"clauses": clauses, "title": section.title or base.title, "when": section.when or base.when})
    sources[section.id] = path
    return sections[:index] + [merged] + sections[index + 1:]


@functools.lru_cache(maxsize=None)
def bundled_family(family_id: str) -> Family:
    """The bundled family, loaded and validated once per process."""
    return load_family(family_id)


@functools.lru_cache(maxsize=64)
def cached_family(family_id: str, root: Path | None = None, overlay: Path | None = None) -> Family:
    """A family loaded once per process, bundled or a firm's."""
    if root is None and overlay is None:
        return bundled_family(family_id)
    return load_family(family_id, root, overlay)


def annex_family(host: Family, family_id: str) -> Family:
    """The annexed family from the same library as its host (bundled or a firm's)."""
    if host.trusted:
        return bundled_family(family_id)
    root = None if host.library_root == bundled_root() else host.library_root
    return cached_family(family_id, root, host.overlay)


def families() -> list[str]:
    """The bundled families' ids."""
    return sorted(p.parent.name for p in bundled_root().glob("*/family.yaml"))
