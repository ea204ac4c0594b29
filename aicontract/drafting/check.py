"""Check a drafted contract against 指南 第三十四、三十五、三十六条 and the deal's
consistency rules, before it leaves the tool.

An item is met only if a clause covering it is in the contract **and** the parameters
that clause prints are real answers: not empty, not a placeholder (待定 / TBD / ___ /
另行约定 standing alone). 无 is an answer (a part the parties do not use), but an item
whose every parameter says 无 is not met.
"""

from __future__ import annotations

import functools
import re
import weakref

from pydantic import BaseModel

from ..library import Family, Requirement, annex_family, bundled_family, load_requirements
from ..library.rules import paths_of, run_rule
from ..library.values import is_unused, title_of, values_at
from .contract import Contract
from .findings import CheckFinding, Report
from .obligations import check_obligations


def answer_name(deal: BaseModel, path: str) -> str:
    """How a problem names an answer: its parameter and title (project.purpose（项目与模型 › 合作目的）); a batch row
    puts the answer's cell in place of the parameter."""
    return f"{path}（{title_of(type(deal), path)}）"


def _values(deal: BaseModel, path: str, seen: dict) -> list:
    """values_at, once per path in a check (the items and the reminder line read the same paths)."""
    found = seen.get(path)
    if found is None:
        found = seen[path] = values_at(deal, path)
    return found


def _value_problems(deal: BaseModel, paths: list[str], tested: frozenset[str] = frozenset(),
                    seen: dict | None = None) -> tuple[list[tuple[str, str]], bool]:
    """Placeholder answers among ``paths`` (each path with its problem), and whether every answer the clause prints is empty or 无
    (a parameter it only ``tested`` decides its words but answers nothing: review62 M1)."""
    problems, all_unused, seen = [], True, {} if seen is None else seen
    for path in paths:
        for value in _values(deal, path, seen):
            items = value if isinstance(value, list) else [value]  # a list: its elements (使用目的 [训练, 测试])
            for item in items:
                blank = _blank(item) if isinstance(item, str) else None  # answers repeat from row to row: cached
                if blank is not None and blank[0] == "placeholder":
                    if item is value or f"{path}.*" not in paths:  # a list printed element by element names them there
                        problems.append((path, f"{answer_name(deal, path)}为占位内容“{item.strip()}”"))
                elif not is_unused(item) and path not in tested:
                    all_unused = False
    return problems, all_unused


def _why_absent(family: Family, item: str) -> str:
    """Name the deal parameters whose answer would bring a covering clause in."""
    conditions = [c.when for c in family.clauses.values() if item in c.covers and c.when]
    if conditions:
        return f"（相关参数 / parameters：{'、'.join(conditions)}）"
    return ""


def _documents(contract: Contract, family: Family) -> list[tuple[Contract, Family, dict[str, list[str]]]]:
    """Each document with its family and, per requirement item, the placed clauses covering it."""
    out = []
    for document, doc_family in [(contract, family)] + [(a, annex_family(family, a.family)) for a in contract.annexes]:
        covering: dict[str, list[str]] = {}
        for cid in document.clause_ids:
            for item in doc_family.clauses[cid].covers:
                covering.setdefault(item, []).append(cid)
        out.append((document, doc_family, covering))
    return out


def check_item(requirement: Requirement, documents: list, deal: BaseModel, mandatory: bool,
               answers: dict | None = None, seen: dict | None = None) -> CheckFinding:
    """``answers``: _value_problems by parameter paths, shared by the items of one check (several
    items are covered by the same clauses); ``seen``: the values read, by path."""
    answers = {} if answers is None else answers
    contract, family, _ = documents[0]
    finding = dict(kind="item", id=requirement.id, label=requirement.label(), mandatory=mandatory, advice=requirement.advice)
    found_all, where, every_unused, covered = [], [], True, False
    for document, doc_family, covering in documents:
        numbers = document.numbering()
        cited = []
        for cid in covering.get(requirement.id, []):
            covered = True
            paths = document.params.get(cid, [])
            tested = doc_family.tested.get(cid, frozenset())
            key = (tuple(paths), tested)
            if key not in answers:
                answers[key] = _value_problems(deal, paths, tested, seen)
            found, unused = answers[key]
            found_all += found
            # a clause whose words vary only with what it tests is fixed text: it meets the item as written
            every_unused = every_unused and any(path not in tested for path in paths) and unused
            cited.append(numbers.get(cid) or "序言")
        cited = list(dict.fromkeys(cited))
        if cited:  # 5.1、5.2 in the contract; 《附件一：…》三（三）、五（三） in an annex
            where.append(("" if document is contract else f"《{document.title}》") + "、".join(cited))
    if not covered:
        problem = f"合同中没有约定该事项的条款{_why_absent(family, requirement.id)}"
        return CheckFinding(status="fail", problems=[problem], **finding)
    found_all = list(dict.fromkeys(found_all))  # two covering clauses printing the same answer: said once
    problems = [problem for _, problem in found_all] + (["相关条款的参数均为“无”或未填写"] if every_unused else [])
    return CheckFinding(status="fail" if problems else "pass", where=where, problems=problems,
                        paths=list(dict.fromkeys(path for path, _ in found_all)), **finding)


class _Policy:
    """What a family's requirements policy asks, worked out once per family: each item it checks,
    in order, with the condition that makes it mandatory (None: always; False: for information
    only), and the articles that apply only under a condition (for the notes)."""

    def __init__(self, family: Family):
        requirements = load_requirements()
        policy = family.spec.requirements
        required = set(requirements.expand(policy.required))
        informational = set(requirements.expand(policy.informational))
        conditional = {rid: expr for selector, expr in policy.conditional.items()
                       for rid in requirements.expand([selector])}
        self.items: list[tuple[Requirement, str | bool | None]] = []
        for requirement in requirements.items:
            rid = requirement.id
            if rid in required:
                self.items.append((requirement, None))
            elif rid in conditional:
                self.items.append((requirement, conditional[rid]))
            elif rid in informational:
                self.items.append((requirement, False))
        self.informational = informational
        self.notes = [(f"{expr} 为否，{requirements.articles_title(selector)}各项仅供参考，不影响检查结论 / for "
                       "information only", expr) for selector, expr in policy.conditional.items() if "." not in selector]


_POLICIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _policy(family: Family) -> _Policy:
    policy = _POLICIES.get(family)
    if policy is None:
        policy = _POLICIES[family] = _Policy(family)
    return policy


def check(contract: Contract, deal: BaseModel, family: Family | None = None) -> Report:
    family = family or bundled_family(contract.family)
    policy = _policy(family)
    context = {name: getattr(deal, name) for name in type(deal).model_fields}
    findings: list[CheckFinding] = []
    documents = _documents(contract, family)
    notes = [note for note, expr in policy.notes if not family.text.evaluate(expr, context)]
    answers: dict = {}
    seen: dict = {}
    for requirement, condition in policy.items:
        if condition is None or (condition is not False and family.text.evaluate(condition, context)):
            findings.append(check_item(requirement, documents, deal, mandatory=True, answers=answers, seen=seen))
        elif requirement.id in policy.informational:
            findings.append(check_item(requirement, documents, deal, mandatory=False, answers=answers, seen=seen))
        elif condition is not False:
            findings.append(
                CheckFinding("item", requirement.id, requirement.label(), "n/a", False,
                             problems=[f"本合同不适用（{condition} 为否） / not applicable"])
            )
    # an annex's rule that does not apply to this contract (e.g. the forum of a standalone 数据处理协议) is not shown
    rules = [(rule, i > 0) for i, (_, doc_family, _) in enumerate(documents) for rule in doc_family.rules]
    # a rule kept in two documents (e.g. the 数据处理协议 and its host) is reported once: where it applies
    by_id: dict[str, CheckFinding] = {}
    for rule, in_annex in rules:
        problems = run_rule(rule, deal, family, context)
        label = f"{rule.name} [{rule.english}]（{rule.citation}）"
        if problems is None:
            if in_annex:
                continue
            by_id.setdefault(rule.id, CheckFinding("rule", rule.id, label, "n/a", False, problems=["不适用 / not applicable"]))
            continue
        mandatory = not rule.mandatory_when or bool(family.text.evaluate(rule.mandatory_when, context))
        if by_id.get(rule.id) is None or by_id[rule.id].status == "n/a":
            by_id[rule.id] = CheckFinding("rule", rule.id, label, "fail" if problems else "pass", mandatory,
                                          problems=problems, advice=rule.advice, paths=paths_of(rule) if problems else [])
    findings += by_id.values()
    findings.append(_placeholders(documents, deal, findings, seen))
    findings += check_obligations(contract, family, context)
    return Report(family.id, findings, notes)


@functools.lru_cache(maxsize=None)
def _gap() -> re.Pattern:
    """A gap left inside an answer (requirements.yaml, placeholder_reminder.gaps): the answer prints, the gap with it."""
    return re.compile(load_requirements().placeholder_reminder.gaps)


@functools.lru_cache(maxsize=4096)
def _blank(text: str) -> tuple[str, str] | None:
    """("placeholder", 待定) for an answer that only holds a place, ("gap", ……) for one with a gap in it."""
    if load_requirements().is_placeholder(text):
        return "placeholder", text.strip()
    gaps = list(dict.fromkeys(gap.group() for gap in _gap().finditer(text)))
    return ("gap", "”“".join(gaps)) if gaps else None


def _around(text: str, gap: str) -> str:
    """The gap with up to 20 characters either side (review74 L1: the first 60 characters stopped before it)."""
    text = " ".join(text.split())
    at = text.find(gap)
    start, end = max(0, at - 20), min(len(text), at + len(gap) + 20)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _front_matter(document: Contract) -> list[tuple[str, str]]:
    """What the cover, the 合同编号 and the parties' blocks print (review74 L2: 住所地 杭州市…… had no reminder)."""
    out = [("合同编号", document.reference)] if document.reference else []
    if document.cover is not None:
        out += [(f"封面 › {label}", value) for label, value in document.cover.fields]
    out += [(f"{party.label} › {label}", value) for party in document.parties for label, value in [("名称", party.name), *party.fields]]
    return out


def _placeholders(documents: list, deal: BaseModel, findings: list[CheckFinding], seen: dict) -> CheckFinding:
    """Placeholder answers the draft prints that no item above named (an answer of a clause that covers no
    mandatory item, e.g. the 常州 form's 地点 待定: review63 L5), and gaps left inside answers — a reminder,
    not a failure."""
    named = {problem for finding in findings if finding.kind == "item" for problem in finding.problems}
    paths_printed = dict.fromkeys(path for document, _, _ in documents for used in document.params.values() for path in used)
    printed = [(path, item)  # a parameter's title is looked up only for an answer with a gap (a batch checks every row)
               for path in paths_printed for value in _values(deal, path, seen) for item in (value if isinstance(value, list) else [value])]
    printed += [(where, text) for document, _, _ in documents for where, text in _front_matter(document)]
    found, flagged = {}, set()  # each problem with the parameter it names (None: the cover's, a party's)
    for where, item in printed:
        blank = _blank(item) if isinstance(item, str) else None
        if blank is None or (where not in paths_printed and item in flagged):  # 合同编号 named once (reminders L1)
            continue
        flagged.add(item)
        path = where if where in paths_printed else None
        if path:
            where = answer_name(deal, where)
        problem = (f"{where}为占位内容“{blank[1]}”" if blank[0] == "placeholder" else
                   f"{where}中有未填写的内容“{blank[1]}”：“{_around(item, blank[1].split('”“')[0])}”")
        if problem not in named:
            found.setdefault(problem, path)
    problems = list(found)
    paths = list(dict.fromkeys(path for path in found.values() if path))
    reminder = load_requirements().placeholder_reminder
    return CheckFinding("rule", "placeholders", reminder.label, "fail" if problems else "pass", False, problems=problems,
                        advice=reminder.advice, paths=paths)
