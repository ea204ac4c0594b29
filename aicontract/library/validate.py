"""Validation of a loaded family against its deal model and the requirement items: every
parameter a clause names exists, every ``ref('id')`` names a real clause, every option set
matches its enum, every item the family must meet is covered, every rule fits the model.
A broken library fails here, with the file name and the offending key."""

from __future__ import annotations

from jinja2 import TemplateSyntaxError, nodes

from ..models import paths as model_paths
from . import textenv
from .family import Family
from .files import LibraryError
from .obligations import expand_articles, load_obligations
from .requirements import load_requirements
from .rules import check_rule_spec
from .schema import ClauseSpec
from .values import resolve_wild


def tested_only(source: str) -> set[str]:
    """The parameters ``source`` only tests (in ``{% if … %}`` or ``… if … else …``) and never prints:
    they decide which words appear but are no answer of the clause (the mandatory check: review62 M1,
    使用目的 tested in 4.1 is not 4.1's storage place)."""
    tested: set[str] = set()
    shown: set[str] = set()

    def walk(node, test: bool) -> None:
        if isinstance(node, (nodes.Name, nodes.Getattr)):
            chain = textenv._attr_chain(node)
            if chain is not None:
                (tested if test else shown).add(".".join(chain))
                return
        if isinstance(node, nodes.If):
            walk(node.test, True)
            for child in node.body + node.elif_ + node.else_:
                walk(child, test)
            return
        if isinstance(node, nodes.CondExpr):
            walk(node.test, True)
            walk(node.expr1, test)
            if node.expr2 is not None:
                walk(node.expr2, test)
            return
        for child in node.iter_child_nodes():
            walk(child, test)

    walk(textenv.parse(source), False)
    return tested - shown


def _check_text(family: Family, where: str, source: str, scope: dict[str, tuple], expression=False) -> list[str]:
    """Parse a template (or expression; a firm's is compiled too), check every name and filter it
    uses, return their paths.

    ``scope`` maps a loop variable to (element model, list path): ``item.amount`` inside
    a repeat over ``funding.instalments`` is the parameter ``funding.instalments.*.amount``.
    """
    try:
        if expression:
            uses = textenv.analyse_expression(source)
        else:
            uses = textenv.analyse(source)
        if not family.trusted and expression:  # a firm's text is compiled now; the bundled library's when first needed
            family.text.expression(source)
        elif not family.trusted:
            family.text.template(source)
    except (TemplateSyntaxError, ValueError) as exc:
        raise LibraryError(f"{where}: 条款文字或条件的写法有误或不被允许，请改正 / invalid or disallowed text: {exc}") from exc
    paths, refs, ref_params = uses.paths, uses.refs, uses.ref_params
    family.main_refs.update(uses.main_refs)
    if uses.main_refs and family.spec.standalone:
        raise LibraryError(f"{where}: main_ref() 只能用于附件（family.yaml 中写 standalone: false） / "
                           "main_ref() is for annexes (family.yaml: standalone: false)")
    annexed = [a.family for a in family.spec.annexes]
    for name in uses.annexes:
        if name not in annexed:
            raise LibraryError(f"{where}: annex('{name}') 所指的文件不是 {family.id} 的附件（其附件：{annexed}） / "
                               f"names no annex of family {family.id} (its annexes: {annexed})")
    known = family.known_ids
    for ref in refs:
        if ref not in known:
            raise LibraryError(f"{where}: ref('{ref}') 引用的条款在 {family.id} 中不存在，请核对条款编号 / "
                               f"names no clause of family {family.id}")
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
            annotation = model_paths.resolve(base, rest)
        except KeyError as exc:
            dotted, model = ".".join(path), family.model.__name__
            raise LibraryError(
                f"{where}: 参数 '{dotted}' 在 {model} 中不存在（第一个无法识别的部分：{exc.args[0]}），请核对参数名 / "
                f"parameter '{dotted}' does not exist in {model} (first unknown part: {exc.args[0]})"
            ) from None
        if model_paths.is_model(annotation):
            continue  # a whole part of the deal (``{% if data_processing %}``) is a condition, not a printed value
        resolved.append(".".join(([prefix, "*"] if prefix else []) + rest))
    for path in ref_params:  # ref(param): every value the option can take must name a clause
        head, rest = path[0], path[1:]
        base = scope[head][0] if head in scope else family.model
        annotation = model_paths.resolve(base, rest if head in scope else path)
        if not model_paths.is_enum(annotation):
            raise LibraryError(f"{where}: ref({'.'.join(path)}): 该参数须是取值为条款编号的选项（enum） / "
                               "the parameter must be an option (enum) of clause ids")
        unknown = [m.value for m in annotation if m.value not in known]
        if unknown:
            raise LibraryError(f"{where}: ref({'.'.join(path)}): 取值 {unknown} 在 {family.id} 中没有对应的条款 / "
                               f"values {unknown} name no clause of family {family.id}")
    return resolved


def _list_scope(family: Family, where: str, path: str, var: str) -> dict[str, tuple]:
    try:
        annotation = model_paths.resolve(family.model, path.split("."))
    except KeyError as exc:
        model = family.model.__name__
        raise LibraryError(f"{where}: 参数 '{path}' 在 {model} 中不存在（{exc.args[0]}） / "
                           f"'{path}' does not exist in {model} ({exc.args[0]})") from None
    item = model_paths.list_item(annotation)
    if item is None:
        raise LibraryError(f"{where}: 参数 '{path}' 不是列表，不能逐项重复 / '{path}' is not a list parameter")
    return {var: (item, path)}


def validate_family(family: Family, annexed: list[Family]) -> None:
    """Raise LibraryError unless the family (with its loaded ``annexed`` families) is sound."""
    seen: dict[str, str] = {}
    for section in family.sections:
        where_s = str(family.sources.get(section.id, family.folder / section.id))
        for obj_id in [section.id] + [c.id for c in section.clauses] + [
            i.id for c in section.clauses for i in c.items
        ]:
            if obj_id in seen:
                raise LibraryError(f"{where_s}: 编号 '{obj_id}' 重复（“{seen[obj_id]}”部分已用），请改用别的编号 / "
                                   f"duplicate id '{obj_id}' (also in {seen[obj_id]})")
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
            tested = [tested_only(text) for text in clause.texts]
            shown = set().union(*[{".".join(path) for path in textenv.analyse(text).paths} - only
                                   for text, only in zip(clause.texts, tested)])
            family.tested[clause.id] = frozenset(set().union(*tested) - shown)  # tested in one text, printed in none
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
    _check_annexes(family, annexed)
    _check_requirements(family, annexed)
    _check_obligations(family, annexed)


def _check_annexes(family: Family, annexed: list[Family]) -> None:
    """An annex's clauses are filled from the host deal: every parameter must exist there too."""
    for annex, loaded in zip(family.spec.annexes, annexed):
        where = f"{family.folder / 'family.yaml'}: annexes: {annex.family}"
        if annex.when:
            _check_text(family, f"{where}: when", annex.when, {}, expression=True)
        for clause_id, parts in loaded.params.items():
            if _never_in(loaded, clause_id, family.id):
                continue
            for path in {p for paths in parts.values() for p in paths}:
                try:
                    resolve_wild(family.model, path)
                except KeyError as exc:
                    model = family.model.__name__
                    raise LibraryError(
                        f"{where}: clause {clause_id}: 附件用到的参数 '{path}' 在主合同的 {model} 中不存在（{exc.args[0]}） / "
                        f"uses '{path}', which {model} lacks ({exc.args[0]})"
                    ) from None
        unknown = sorted(loaded.main_refs - family.known_ids)
        if unknown:
            raise LibraryError(f"{where}: main_ref({unknown}) 引用的条款在主合同 {family.id} 中不存在 / "
                               f"names no clause of {family.id}")
        for rule in loaded.rules:
            try:
                check_rule_spec(rule, family)
            except (KeyError, ValueError) as exc:
                model = family.model.__name__
                raise LibraryError(f"{where}: rule {rule.id}: 附件的规则与主合同的 {model} 不符 / "
                                   f"does not fit {model}: {exc}") from None


def _never_in(annexed: Family, clause_id: str, host_id: str) -> bool:
    """True if the clause (or its section) provably never applies inside ``host_id``'s contract,
    e.g. ``when: family == 'data_processing'`` for the parts only a standalone agreement has."""
    for section in annexed.sections:
        for clause in section.clauses:
            if clause.id == clause_id:
                for condition in filter(None, [section.when, clause.when]):
                    try:
                        if not annexed.text.evaluate(condition, {"family": host_id}):
                            return True
                    except Exception:  # the condition needs more than the family: it may apply
                        continue
    return False


def _check_options(family: Family, where: str, clause: ClauseSpec) -> dict[str, list[str]]:
    try:
        annotation = model_paths.resolve(family.model, clause.choose.split("."))
    except KeyError as exc:
        raise LibraryError(f"{where}: choose: 参数 '{clause.choose}' 不存在（{exc.args[0]}），请核对参数名 / "
                           f"'{clause.choose}' does not exist ({exc.args[0]})") from None
    if not model_paths.is_enum(annotation):
        raise LibraryError(f"{where}: choose: '{clause.choose}' 不是选项参数（enum），不能按它选用条文 / "
                           f"'{clause.choose}' is not an option (enum) parameter")
    expected = {member.value for member in annotation}
    given = set(clause.options)
    if expected != given:
        exact, missing, unknown = sorted(expected), sorted(expected - given), sorted(given - expected)
        raise LibraryError(
            f"{where}: options 须与 {clause.choose} 的取值完全一致：应为 {exact}，缺少 {missing}，多出 {unknown} / "
            f"options must be exactly {exact}; missing {missing}, unknown {unknown}"
        )
    return {
        key: _check_text(family, f"{where}: option {key}", option.text, {})
        for key, option in clause.options.items()
    }


def _check_covers(family: Family, where: str, clause: ClauseSpec) -> None:
    known = set(load_requirements().ids())
    for item in clause.covers:
        if item not in known:
            raise LibraryError(f"{where}: covers: '{item}' 不是 requirements.yaml 中的要求条目，请核对编号 / "
                               "is not a requirement item of requirements.yaml")


def _check_requirements(family: Family, annexed: list[Family]) -> None:
    """Every item the family must meet is covered by one of its clauses; rules are sound."""
    requirements = load_requirements()
    policy = family.spec.requirements
    where = f"{family.folder / 'family.yaml'}: requirements"
    try:
        required = requirements.expand(policy.required) + requirements.expand(list(policy.conditional))
        requirements.expand(policy.informational)
    except KeyError as exc:
        raise LibraryError(f"{where}: requirements.yaml 中没有要求条目 {exc.args[0]}，请核对编号 / "
                           f"unknown requirement item {exc.args[0]}") from None
    for item, condition in policy.conditional.items():
        _check_text(family, f"{where}: conditional {item}", condition, {}, expression=True)
    documents = [family, *annexed]
    covered = {item for doc in documents for clause in doc.clauses.values() for item in clause.covers}
    for item in required:
        if item not in covered:
            raise LibraryError(f"{where}: 要求条目 {item} 必须满足，但 {family.id} 及其附件中没有条款以 covers: 覆盖它 / "
                               f"item {item} must be met, but no clause of {family.id} or its annexes covers it")
    for rule in family.rules:
        try:
            check_rule_spec(rule, family)
        except (KeyError, ValueError) as exc:
            raise LibraryError(f"{family.folder / 'rules.yaml'}: rule {rule.id}: 规则写法有误或与合同参数不符 / "
                               f"invalid rule: {exc}") from None


def _check_obligations(family: Family, annexed: list[Family]) -> None:
    """Every duty of an article the family must allocate has a clause in the family or its annexes."""
    policy = family.spec.obligations
    where = f"{family.folder / 'family.yaml'}: obligations"
    obligations = load_obligations()
    for condition in policy.conditional.values():
        _check_text(family, f"{where}: conditional", condition, {}, expression=True)
    known = set().union(family.known_ids, *(doc.known_ids for doc in annexed))
    for selector in policy.required + list(policy.conditional) + policy.informational:
        for number in expand_articles([selector]):
            try:
                article = obligations.get(number)
            except KeyError:
                raise LibraryError(f"{where}: obligations.yaml 中没有第{number}条 / "
                                   f"第{number}条 is not in obligations.yaml") from None
            if selector in policy.informational:
                continue
            for duty in article.duties:
                if duty.party_own is None and not known.intersection(duty.clauses):
                    raise LibraryError(f"{where}: {article.citation}的义务 {duty.id} 必须由条款约定，但 {duty.clauses} "
                                       f"都不是 {family.id} 或其附件的条款 / duty {duty.id} of {article.citation} "
                                       f"must be allocated, but none of {duty.clauses} is a clause of {family.id} "
                                       "or its annexes")
