"""The clause library: legal text as data, one folder per contract family.

A family folder holds ``family.yaml`` (title, numbering style, party block, signature
block) and one YAML file per section, read in file-name order. Every file is checked
against the schema below when it loads; then the whole family is checked against its
deal model: every parameter a clause names must exist, every ``ref('id')`` must name
a real clause, every option set must match its enum. A broken library fails here,
with the file name and the offending key, never at a user's desk.
"""

from __future__ import annotations

import collections
import functools
from importlib import resources
from pathlib import Path
from typing import Literal
import yaml
from jinja2 import Template, TemplateSyntaxError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import textenv
from .models import DEAL_MODELS
from .models import paths as model_paths


class LibraryError(Exception):
    """A clause file is malformed or inconsistent with its deal model."""


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Spec):
    """A numbered sub-item of a clause: （1）（2）… or 1. 2. …"""

    id: str
    text: str
    when: str | None = None


class Repeat(_Spec):
    """Items generated from a list parameter; the text sees each element as ``item``."""

    over: str
    text: str


class Column(_Spec):
    title: str
    value: str  # template; sees the row as ``row``


class TableSpec(_Spec):
    # path of a list parameter (columns see each element as ``row``, its number as ``index``);
    # null for a fixed grid of header cells, such as the 合同登记编号 boxes
    rows: str | None
    columns: list[Column] = Field(min_length=1)


class Option(_Spec):
    """One choice of an option clause, with what it means in plain words."""

    text: str
    explain: str | None = None  # one line; the IP ownership options are explained in ip/options.yaml


class Clause(_Spec):
    id: str
    title: str = Field(description="short name, for listings")
    source: str = Field(description="the article this clause encodes, e.g. 指南 附录二 7.2")
    covers: list[str] = Field(default_factory=list, description="requirement items, e.g. 34.5")
    text: str | None = None
    each: Repeat | None = Field(default=None, description="one numbered clause per element of a list parameter")
    choose: str | None = Field(default=None, description="enum parameter selecting one of `options`")
    options: dict[str, Option] | None = None
    when: str | None = None
    numbered: bool = True
    items: list[Item] = Field(default_factory=list)
    repeat: Repeat | None = None
    inline_items: bool = False
    after: str | None = Field(default=None, description="in a user's library: place this new clause after that one")
    item_numbering: str | None = Field(default=None, description="this clause's own item format, e.g. {n}.")
    table: TableSpec | None = None
    note: str | None = Field(default=None, description="editorial decision, kept with the text")

    @model_validator(mode="after")
    def _one_kind_of_text(self):
        if [self.text, self.options, self.each].count(None) != 2:
            raise ValueError("a clause has exactly one of `text`, `choose` + `options`, `each`")
        if (self.choose is None) != (self.options is None):
            raise ValueError("`choose` and `options` go together")
        if self.each and (self.items or self.repeat or self.table or self.inline_items):
            raise ValueError("an `each` clause has no items or table of its own")
        return self


class Section(_Spec):
    id: str
    title: str | None = None
    source: str
    part: Literal["front", "body", "back"] = Field(
        default="body", description="front: before the parties (填写说明); back: after the signatures (登记栏)"
    )
    numbered: bool = True
    when: str | None = None
    after: str | None = Field(default=None, description="in a user's library: place this new section after that one")
    clauses: list[Clause] = Field(min_length=1)


class Numbering(_Spec):
    """Format strings; {n} arabic, {cn} Chinese, {s} the section's label."""

    section: str
    clause: str
    item: str
    clause_ref: str | None = Field(
        default=None, description="how a clause is cited, if not by its own label, e.g. {s}第{n}项"
    )


class PartyField(_Spec):
    label: str
    value: str  # template


class PartySpec(_Spec):
    label: str
    name: str  # template
    fields: list[PartyField]


class CoverSpec(_Spec):
    """A cover page: the form's title, its fields, and the printer's line."""

    reference: str | None = None  # template, e.g. 合同编号
    title: str
    fields: list[PartyField]
    footer: str | None = None


class SignatureSpec(_Spec):
    columns: list[list[str]]  # one column per party, lines as templates


class RequirementPolicy(_Spec):
    """Which items of 第三十四—三十六条 this family's documents must meet."""

    required: list[str] = Field(default_factory=list, description='"34" = all base items of 第三十四条')
    conditional: dict[str, str] = Field(default_factory=dict, description="item -> condition on the deal")
    informational: list[str] = Field(default_factory=list, description="reported, never failing")


class AnnexSpec(_Spec):
    """Another family's document drafted from the same deal and attached to this one."""

    family: str
    when: str | None = None


class FamilySpec(_Spec):
    id: str
    title: str
    version: str
    source: str
    deal_model: str
    template: str
    numbering: Numbering
    cover: CoverSpec | None = None
    parties: list[PartySpec]
    closing: str | None = None
    signature: SignatureSpec
    requirements: RequirementPolicy = RequirementPolicy()
    annexes: list[AnnexSpec] = Field(default_factory=list)
    annex_title: str | None = Field(
        default=None, description="this document's title when attached to another; {cn} = its annex number"
    )


class RuleSpec(_Spec):
    """A consistency rule: a named check of a kind implemented in aicontract/rules.py."""

    id: str
    name: str
    english: str
    citation: str
    kind: str
    args: dict
    advice: str
    when: str | None = None


class RuleFile(_Spec):
    rules: list[RuleSpec]


class Family:
    """A loaded, validated family: its spec, its sections in order, compiled templates."""

    def __init__(self, spec: FamilySpec, sections: list[Section], folder: Path, rules: list | None = None,
                 trusted: bool = False, sources: dict[str, Path] | None = None, overlay: Path | None = None):
        self.spec = spec
        self.sources = sources or {}  # section id -> the file it was read from
        self.overlay = overlay
        self.trusted = trusted
        self.env = textenv.TRUSTED_ENV if trusted else textenv.ENV
        self.sections = sections
        self.folder = folder
        self.rules = rules or []
        self.model = DEAL_MODELS[spec.deal_model]
        # clause id -> part ("text", "item:<id>", "option:<value>", "repeat", "table") -> parameter paths
        self.params: dict[str, dict[str, list[str]]] = {}
        self.clauses: dict[str, Clause] = {}
        for section in sections:
            for clause in section.clauses:
                self.clauses[clause.id] = clause
        self._compiled: dict[str, Template] = {}

    @property
    def id(self) -> str:
        return self.spec.id

    def static(self, source: str) -> str | None:
        """A text with no jinja tags is its own result: no rendering needed (most clauses)."""
        if "{{" in source or "{%" in source or "{#" in source:
            return None
        return source.strip(" \n\t")

    def template(self, source: str) -> Template:
        """Compile once per process, reuse for every contract."""
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = self._compiled[source] = self.env.from_string(source)
        return compiled

    def fill(self, source: str, context: dict) -> str:
        """Fill a clause text from ``context``, which already holds every name it may use.

        The context is shared with jinja, not copied with its globals, for each of the hundred
        or so texts of a contract: this is the hot path of a batch."""
        static = self.static(source)
        if static is not None:
            return static
        template = self.template(source)
        return "".join(template.root_render_func(template.new_context(context, shared=True))).strip(" \n\t")

    def evaluate(self, condition: str, context: dict):
        """The value of a condition or parameter expression, evaluated like ``fill``."""
        template = self.expression(condition)._template
        result = template.new_context(context, shared=True)
        collections.deque(template.root_render_func(result), maxlen=0)  # run it for its side effect
        return result.vars["result"]

    def expression(self, source: str):
        key = "\0expr\0" + source
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self.env.compile_expression(source)
        return compiled

    @functools.cached_property
    def known_ids(self) -> set[str]:
        return self.ids()

    def ids(self) -> set[str]:
        out = set()
        for section in self.sections:
            out.add(section.id)
            for clause in section.clauses:
                out.add(clause.id)
                out.update(item.id for item in clause.items)
        return out


RESERVED_FILES = {"family.yaml", "rules.yaml"}


@functools.lru_cache(maxsize=None)
def bundled_root() -> Path:
    return Path(str(resources.files("aicontract.clause_library")))


_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


def _read_yaml(path: Path):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise LibraryError(f"{where}: YAML syntax error: {getattr(exc, 'problem', exc)}") from exc


def _parse(path: Path, schema: type[BaseModel]):
    data = _read_yaml(path)
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{path}: {'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        ]
        raise LibraryError("\n".join(lines)) from exc


def load_family(family_id: str, root: Path | None = None, overlay: Path | None = None) -> Family:
    """Load and validate a family; from the bundled library unless ``root`` names another.
    ``overlay`` is a firm's own clause folder layered on top (``OVERLAY/<family>/*.yaml``):
    a clause with a bundled id replaces it, a new one is added (after ``after:`` or at the end
    of its section), a new section likewise. Texts from anywhere but the bundled library are
    filled in the jinja sandbox."""
    trusted = (root is None or Path(root) == bundled_root()) and overlay is None
    root = root or bundled_root()
    folder = root / family_id
    spec_path = folder / "family.yaml"
    if not spec_path.is_file():
        raise LibraryError(f"{spec_path}: no such family")
    spec = _parse(spec_path, FamilySpec)
    if spec.deal_model not in DEAL_MODELS:
        raise LibraryError(f"{spec_path}: deal_model: unknown model {spec.deal_model!r}")
    sources: dict[str, Path] = {}
    sections = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name not in RESERVED_FILES:
            section = _parse(path, Section)
            sections.append(section)
            sources[section.id] = path
    if overlay is not None:
        layer = Path(overlay) / family_id
        if not Path(overlay).is_dir():
            raise LibraryError(f"{overlay}: no such clause library folder")
        for path in sorted(layer.glob("*.yaml")):
            sections = _layer(sections, _parse(path, Section), path, sources)
    rules_path = folder / "rules.yaml"
    rules = _parse(rules_path, RuleFile).rules if rules_path.is_file() else []
    family = Family(spec, sections, folder, rules, trusted, sources, overlay)
    validate_family(family)
    return family


def _layer(sections: list[Section], section: Section, path: Path, sources: dict[str, Path]) -> list[Section]:
    """Lay one section of a user's library over the bundled sections."""
    ids = [s.id for s in sections]
    if section.id not in ids:
        at = ids.index(section.after) + 1 if section.after in ids else len(sections)
        if section.after and section.after not in ids:
            raise LibraryError(f"{path}: after: '{section.after}' names no section")
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
                raise LibraryError(f"{path}: clause {clause.id}: after: '{clause.after}' names no clause of section {section.id}")
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
def cached_family(family_id: str, root: Path | None, overlay: Path | None) -> Family:
    """A family loaded once per process, bundled or a user's."""
    if root is None and overlay is None:
        return bundled_family(family_id)
    return load_family(family_id, root, overlay)


def families() -> list[str]:
    root = bundled_root()
    return sorted(p.parent.name for p in root.glob("*/family.yaml"))


# --- validation against the deal model -------------------------------------------------


def _check_text(family: Family, where: str, source: str, scope: dict[str, tuple], expression=False) -> list[str]:
    """Compile a template (or expression), check every name it uses, return their paths.

    ``scope`` maps a loop variable to (element model, list path): ``item.amount`` inside
    a repeat over ``funding.instalments`` is the parameter ``funding.instalments.*.amount``.
    """
    try:
        if expression:
            paths, refs, ref_params = textenv.analyse_expression(source)
            family.expression(source)
        else:
            paths, refs, ref_params = textenv.analyse(source)
            family.template(source)
    except (TemplateSyntaxError, ValueError) as exc:
        raise LibraryError(f"{where}: {exc}") from exc
    known = family.known_ids
    for ref in refs:
        if ref not in known:
            raise LibraryError(f"{where}: ref('{ref}') names no clause of family {family.id}")
    resolved = []
    for path in paths:
        head, rest = path[0], path[1:]
        if head in scope:
            base, prefix = scope[head]
            if prefix is None:  # a counter such as a table's row ``index``
                continue
        else:
            base, rest, prefix = family.model, path, None
        try:
            model_paths.resolve(base, rest)
        except KeyError as exc:
            raise LibraryError(
                f"{where}: parameter '{'.'.join(path)}' does not exist in {family.model.__name__}"
                f" (first unknown part: {exc.args[0]})"
            ) from None
        resolved.append(".".join(([prefix, "*"] if prefix else []) + rest))
    for path in ref_params:  # ref(param): every value the option can take must name a clause
        head, rest = path[0], path[1:]
        base = scope[head][0] if head in scope else family.model
        annotation = model_paths.resolve(base, rest if head in scope else path)
        if not model_paths.is_enum(annotation):
            raise LibraryError(f"{where}: ref({'.'.join(path)}): the parameter must be an option (enum) of clause ids")
        unknown = [m.value for m in annotation if m.value not in known]
        if unknown:
            raise LibraryError(f"{where}: ref({'.'.join(path)}): values {unknown} name no clause of family {family.id}")
    return resolved


def _list_scope(family: Family, where: str, path: str, var: str) -> dict[str, tuple]:
    try:
        annotation = model_paths.resolve(family.model, path.split("."))
    except KeyError as exc:
        raise LibraryError(f"{where}: '{path}' does not exist in {family.model.__name__} ({exc.args[0]})") from None
    item = model_paths.list_item(annotation)
    if item is None:
        raise LibraryError(f"{where}: '{path}' is not a list parameter")
    return {var: (item, path)}


def validate_family(family: Family) -> None:
    seen: dict[str, str] = {}
    for section in family.sections:
        where_s = str(family.sources.get(section.id, family.folder / section.id))
        for obj_id in [section.id] + [c.id for c in section.clauses] + [
            i.id for c in section.clauses for i in c.items
        ]:
            if obj_id in seen:
                raise LibraryError(f"{family.folder}: duplicate id '{obj_id}' (also in {seen[obj_id]})")
            seen[obj_id] = section.id
        if section.when:
            _check_text(family, f"{where_s}: when", section.when, {}, expression=True)
        for clause in section.clauses:
            where = f"{where_s}: clause {clause.id}"
            params: dict[str, list[str]] = {}
            if clause.when:
                _check_text(family, f"{where}: when", clause.when, {}, expression=True)
            if clause.text is not None:
                params["text"] = _check_text(family, f"{where}: text", clause.text, {})
            if clause.each:
                scope = _list_scope(family, f"{where}: each.over", clause.each.over, "item")
                params["each"] = [clause.each.over] + _check_text(family, f"{where}: each.text", clause.each.text, scope)
            if clause.options is not None:
                for key, paths in _check_options(family, where, clause).items():
                    params[f"option:{key}"] = paths
            for item in clause.items:
                params[f"item:{item.id}"] = _check_text(family, f"{where}: item {item.id}", item.text, {})
                if item.when:
                    _check_text(family, f"{where}: item {item.id}: when", item.when, {}, expression=True)
            if clause.repeat:
                scope = _list_scope(family, f"{where}: repeat.over", clause.repeat.over, "item")
                params["repeat"] = [clause.repeat.over] + _check_text(
                    family, f"{where}: repeat.text", clause.repeat.text, scope
                )
            if clause.table and clause.table.rows:
                scope = _list_scope(family, f"{where}: table.rows", clause.table.rows, "row") | {"index": (int, None)}
                params["table"] = [clause.table.rows]
                for col in clause.table.columns:
                    params["table"] += _check_text(family, f"{where}: table column {col.title}", col.value, scope)
            family.params[clause.id] = params
            _check_covers(family, where, clause)
    spec = family.spec
    if spec.cover:
        for line in [spec.cover.reference or ""] + [f.value for f in spec.cover.fields]:
            _check_text(family, "family.yaml: cover", line, {})
    for party in spec.parties:
        _check_text(family, f"family.yaml: party {party.label}", party.name, {})
        for field in party.fields:
            _check_text(family, f"family.yaml: party {party.label}: {field.label}", field.value, {})
    for column in spec.signature.columns:
        for line in column:
            _check_text(family, "family.yaml: signature", line, {})
    annexed = _check_annexes(family)
    _check_requirements(family, annexed)


def _check_annexes(family: Family) -> list[Family]:
    """An annex's clauses are filled from the host deal: every parameter must exist there too."""
    loaded = []
    for annex in family.spec.annexes:
        where = f"{family.folder / 'family.yaml'}: annexes: {annex.family}"
        if annex.when:
            _check_text(family, f"{where}: when", annex.when, {}, expression=True)
        folder = family.folder.parent / annex.family
        if not (folder / "family.yaml").is_file():
            raise LibraryError(f"{where}: no such family")
        annexed = load_family(annex.family, family.folder.parent, family.overlay)
        loaded.append(annexed)
        for clause_id, parts in annexed.params.items():
            if _never_in(annexed, clause_id, family.id):
                continue
            for path in {p for paths in parts.values() for p in paths}:
                try:
                    _resolve_wild(family.model, path)
                except KeyError as exc:
                    raise LibraryError(
                        f"{where}: clause {clause_id} uses '{path}', which {family.model.__name__} lacks ({exc.args[0]})"
                    ) from None
        from .rules import check_rule_spec

        for rule in annexed.rules:
            try:
                check_rule_spec(rule, family)
            except (KeyError, ValueError) as exc:
                raise LibraryError(f"{where}: rule {rule.id} does not fit {family.model.__name__}: {exc}") from None
    return loaded


def _never_in(annexed: Family, clause_id: str, host_id: str) -> bool:
    """True if the clause (or its section) provably never applies inside ``host_id``'s contract,
    e.g. ``when: family == 'data_processing'`` for the parts only a standalone agreement has."""
    for section in annexed.sections:
        for clause in section.clauses:
            if clause.id == clause_id:
                for condition in filter(None, [section.when, clause.when]):
                    try:
                        if not annexed.expression(condition)(family=host_id):
                            return True
                    except Exception:  # the condition needs more than the family: it may apply
                        continue
    return False


def _resolve_wild(model, path: str):
    """Resolve a parameter path that may walk list elements with ``*``."""
    annotation = model
    for part in path.split("."):
        if part == "*":
            annotation = model_paths.list_item(annotation)
            continue
        annotation = model_paths.resolve(annotation, [part])
    return annotation


def _check_options(family: Family, where: str, clause: Clause) -> dict[str, list[str]]:
    try:
        annotation = model_paths.resolve(family.model, clause.choose.split("."))
    except KeyError as exc:
        raise LibraryError(f"{where}: choose: '{clause.choose}' does not exist ({exc.args[0]})") from None
    if not model_paths.is_enum(annotation):
        raise LibraryError(f"{where}: choose: '{clause.choose}' is not an option (enum) parameter")
    expected = {member.value for member in annotation}
    given = set(clause.options)
    if expected != given:
        raise LibraryError(
            f"{where}: options must be exactly {sorted(expected)}; missing {sorted(expected - given)},"
            f" unknown {sorted(given - expected)}"
        )
    return {
        key: _check_text(family, f"{where}: option {key}", option.text, {})
        for key, option in clause.options.items()
    }


def _check_covers(family: Family, where: str, clause: Clause) -> None:
    from .requirements import load_requirements

    known = set(load_requirements().ids())
    for item in clause.covers:
        if item not in known:
            raise LibraryError(f"{where}: covers: '{item}' is not a requirement item of requirements.yaml")


def _check_requirements(family: Family, annexed: list[Family]) -> None:
    """Every item the family must meet is covered by one of its clauses; rules are sound."""
    from .requirements import load_requirements
    from .rules import check_rule_spec

    requirements = load_requirements()
    policy = family.spec.requirements
    where = f"{family.folder / 'family.yaml'}: requirements"
    try:
        required = requirements.expand(policy.required) + requirements.expand(list(policy.conditional))
        requirements.expand(policy.informational)
    except KeyError as exc:
        raise LibraryError(f"{where}: unknown requirement item {exc.args[0]}") from None
    for item, condition in policy.conditional.items():
        _check_text(family, f"{where}: conditional {item}", condition, {}, expression=True)
    documents = [family, *annexed]
    covered = {item for doc in documents for clause in doc.clauses.values() for item in clause.covers}
    for item in required:
        if item not in covered:
            raise LibraryError(f"{where}: item {item} must be met, but no clause of {family.id} or its annexes covers it")
    for rule in family.rules:
        try:
            check_rule_spec(rule, family)
        except (KeyError, ValueError) as exc:
            raise LibraryError(f"{family.folder / 'rules.yaml'}: rule {rule.id}: {exc}") from None

