"""A loaded, validated family: its spec, its sections in order, its rules, and the text
engine that fills its clauses (sandboxed unless it is the bundled library)."""

from __future__ import annotations

import functools
from pathlib import Path

from ..models import DEAL_MODELS
from .schema import ClauseSpec, FamilySpec, RuleSpec, SectionSpec
from .textenv import TRUSTED_ENGINE, TextEngine


class Family:
    def __init__(self, spec: FamilySpec, sections: list[SectionSpec], folder: Path, rules: list[RuleSpec] | None = None,
                 trusted: bool = False, sources: dict[str, Path] | None = None, overlay: Path | None = None):
        self.spec = spec
        self.sources = sources or {}  # section id -> the file it was read from
        self.overlay = overlay
        self.trusted = trusted
        self.text = TRUSTED_ENGINE if trusted else TextEngine(trusted=False)
        self.sections = sections
        self.folder = folder
        self.rules = rules or []
        self.model = DEAL_MODELS[spec.deal_model]
        # clause id -> part ("text", "item:<id>", "option:<value>", "repeat", "table") -> parameter paths;
        # filled by validation
        self.params: dict[str, dict[str, list[str]]] = {}
        self.tested: dict[str, frozenset[str]] = {}  # per clause: the parameters its texts only test, never print
        self.main_refs: set[str] = set()  # host clauses an annex cites with main_ref(), filled by validation
        self.clauses: dict[str, ClauseSpec] = {
            clause.id: clause for section in sections for clause in section.clauses
        }

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def library_root(self) -> Path:
        return self.folder.parent

    @functools.cached_property
    def titles(self) -> dict[str, str]:
        """Clause id -> its title, for the clauses that have one (a firm's own clauses included)."""
        return {clause_id: clause.title for clause_id, clause in self.clauses.items() if clause.title}

    @functools.cached_property
    def known_ids(self) -> set[str]:
        """Every section, clause and item id: what ``ref()`` may name."""
        out = set()
        for section in self.sections:
            out.add(section.id)
            for clause in section.clauses:
                out.add(clause.id)
                out.update(item.id for item in clause.items)
        return out
