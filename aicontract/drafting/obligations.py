"""The obligation map in the check: for each article of 指南 第五条—第三十三条 a family must
allocate, whether every duty that applies is allocated by a clause of the contract or its
annexes, and where; an article that does not apply to the deal says why."""

from __future__ import annotations

from ..bounded import BoundedMemo
from ..library import Family
from ..library.obligations import ObligationArticle, expand_articles, load_obligations
from .contract import Contract
from .findings import CheckFinding


def _articles(selectors) -> set[int]:
    return set(expand_articles(list(selectors)))


def _holds(family: Family, condition: str | None, context: dict) -> bool | None:
    """The condition's value; None when it cannot be evaluated (e.g. about a part the deal lacks)."""
    if not condition:
        return True
    try:
        return bool(family.text.evaluate(condition, context))
    except Exception:  # noqa: BLE001 - a condition over a missing part of the deal: unknown
        return None


def _placed(contract: Contract) -> dict[str, str]:
    """Every placed clause and item id -> where it is cited (附件二 1.3 for an annex)."""
    out: dict[str, str] = {}
    for i, document in enumerate(contract.documents):
        prefix = "" if i == 0 else (document.title.split("：")[0] + " ")
        placed = set(document.clause_ids)
        for clause_id in document.clause_ids + [k for k in document.labels if k not in placed]:
            out.setdefault(clause_id, prefix + (document.labels.get(clause_id) or "序言"))
    return out


_FINDINGS = BoundedMemo(1024)  # a batch meets the same few articles again and again (bounded.py)


def _finding(article: ObligationArticle, family: Family, context: dict, placed: dict[str, str],
             mandatory: bool) -> CheckFinding:
    """The article's finding: from whether it and each duty apply, and where each duty's clauses
    were placed; kept by exactly that (findings are frozen, their lists never changed)."""
    applies = _holds(family, article.applies_when, context)
    duties = tuple((_holds(family, duty.when, context), tuple(placed.get(c) for c in duty.clauses))
                   for duty in article.duties)
    key = (article.citation, mandatory, applies is False, duties)
    found = _FINDINGS.get(key)
    if found is None:
        found = _new_finding(article, mandatory, applies is False, duties)
        _FINDINGS.put(key, found)
    return found


def _new_finding(article: ObligationArticle, mandatory: bool, not_applicable: bool, duties: tuple) -> CheckFinding:
    base = dict(kind="obligation", id=article.citation, label=article.title, mandatory=mandatory)
    if not_applicable:
        return CheckFinding(status="n/a", problems=[f"不适用：{article.not_applicable} / not applicable"], **base)
    by_party: dict[str, list[str]] = {}
    missing = []
    for duty, (holds, places) in zip(article.duties, duties):
        if holds is False:
            continue
        if duty.party_own:
            by_party.setdefault(f"{duty.party}自行履行", [])
            continue
        hits = [place for place in places if place is not None]
        if hits:
            by_party.setdefault(duty.party, []).extend(hits)
        else:
            missing.append(f"{duty.id}（{duty.party}）：{duty.text}")
    if missing:
        return CheckFinding(status="fail", problems=[f"未分配 / not allocated：{m}" for m in missing],
                            advice="在合同或其附件中写明承担该义务的一方及其义务（aicontract 条款库的 ai_terms、"
                                   "data_processing 附件提供相应条款）。", **base)
    where = [f"{party}（{_cited(hits)}）" if hits else party for party, hits in by_party.items()]
    return CheckFinding(status="pass", where=where, **base)


def _cited(places: list[str]) -> str:
    """["附件二 1.1", "附件二 1.2", "8.3"] -> "附件二 1.1、1.2，8.3"."""
    groups: dict[str, list[str]] = {}
    for place in dict.fromkeys(places):
        document, _, number = place.rpartition(" ")
        groups.setdefault(document, []).append(number)
    return "，".join((f"{document} " if document else "") + "、".join(numbers) for document, numbers in groups.items())


def check_obligations(contract: Contract, family: Family, context: dict) -> list[CheckFinding]:
    """One finding per article the family's policy names, in article order."""
    policy = family.spec.obligations
    required = _articles(policy.required)
    conditional = {n: expr for selector, expr in policy.conditional.items() for n in _articles([selector])}
    informational = _articles(policy.informational)
    placed = _placed(contract)
    findings = []
    for article in load_obligations().articles:
        number = article.article
        applies = number in required or (number in conditional and _holds(family, conditional[number], context))
        if applies:
            findings.append(_finding(article, family, context, placed, mandatory=True))
        elif number in informational:
            findings.append(_finding(article, family, context, placed, mandatory=False))
    return findings
