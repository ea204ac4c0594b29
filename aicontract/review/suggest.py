"""Suggested clause text for an item a received contract lacks: the clause aicontract writes for
it, drafted from the bundled example deal, with every fact of that deal (names, places, amounts,
dates, numbers) replaced by a 【field】 placeholder, so nothing of the example passes for advice."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from enum import Enum

from pydantic import BaseModel

from .. import cn
from ..drafting import assemble
from ..io.deal_file import bundled_example, deal_from_data
from ..library import bundled_family
from ..models.fields import iter_fields

EXAMPLES = ("cooperation", "data_processing")


def _written_forms(value) -> list[str]:
    """How a value of the deal can appear in drafted text."""
    if isinstance(value, bool) or isinstance(value, Enum) or value is None:
        return []  # choices shape the clause; they are not facts to fill in
    if isinstance(value, dt.date):
        return [cn.date(value), value.isoformat()]
    if isinstance(value, Decimal):
        return [cn.amount_in_capitals(value), cn.amount_in_figures(value), cn.plain_decimal(value)] if value else []
    if isinstance(value, int):
        return [str(value), cn.number_lower(value)] if value > 1 else []
    if isinstance(value, str):
        return [value] if len(value) >= 2 and value != "无" else []
    return []


def facts(model: BaseModel, prefix: str = "") -> list[tuple[str, str]]:
    """(written form, field title) for every fact of ``model``, nested groups and lists included."""
    found: list[tuple[str, str]] = []
    for spec in iter_fields(type(model)):
        value = getattr(model, spec.name, None)
        title = spec.label
        if isinstance(value, BaseModel):
            found += facts(value, title)
        elif isinstance(value, list):
            for item in value:
                found += facts(item, title) if isinstance(item, BaseModel) else [(f, title) for f in _written_forms(item)]
        else:
            found += [(form, title if not prefix or title.startswith(prefix) else f"{prefix}{title}")
                      for form in _written_forms(value)]
    return found


PARTIES = {"甲方", "乙方", "双方", "甲乙双方"}  # roles the clauses name, never facts of the example
_NUMERAL = re.compile(r"\d+|[零一二三四五六七八九十百千]+")


def with_placeholders(text: str, known: list[tuple[str, str]], fixed: str = "") -> str:
    """``text`` with each known fact replaced by 【its field】, longest facts first. A form the
    clause's own wording holds (``fixed``: its template without the parameters: 30日 written in the
    clause, 甲方) is the clause's, not the example's; a number two fields share is 【数值】."""
    titles: dict[str, list[str]] = {}
    for form, title in sorted(known, key=lambda f: -len(f[0])):
        if form not in PARTIES and form not in fixed:
            titles.setdefault(form, [])
            if title not in titles[form]:
                titles[form].append(title)
    if not titles:
        return text
    pattern = re.compile("|".join(re.escape(f) for f in titles))

    def replace(match: re.Match) -> str:
        form = match.group()
        numeral = _NUMERAL.fullmatch(form) is not None
        if numeral and _inside_number(match):
            return form
        return f"【{titles[form][0]}】" if len(titles[form]) == 1 or not numeral else "【数值】"

    return pattern.sub(replace, text)


def _inside_number(match: re.Match) -> bool:
    """A number that is part of another (2026, 5.4), of a label (第二条, （2）) or of a word."""
    text, start, end = match.string, match.start(), match.end()
    before, after = text[start - 1] if start else "", text[end] if end < len(text) else ""
    chinese = not match.group().isdigit()
    return (before.isdigit() or before in ".第（(" or (chinese and _NUMERAL.fullmatch(before) is not None)
            or after.isdigit() or after in ".条款项）)" or (chinese and _NUMERAL.fullmatch(after) is not None))


def _sources(clause) -> list[str]:
    """Every text template of a clause: its text or options, its items, its each / repeat texts."""
    sources = [clause.text or ""] + [o.text for o in (clause.options or {}).values()] + [i.text for i in clause.items]
    return sources + [part.text for part in (clause.each, clause.repeat) if part is not None]


def _fixed_wording(family, clause_id: str) -> str:
    """The clause's wording without its parameters and tags: what every contract says."""
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "\n", "\n".join(_sources(family.clauses[clause_id])), flags=re.S)


@functools.lru_cache(maxsize=None)
def _drafted():
    """The bundled examples, drafted, each with its facts."""
    out = []
    for name in EXAMPLES:
        deal = deal_from_data(bundled_example(name))
        out.append((assemble(deal), facts(deal)))
    return out


def _line(block, known, family) -> str:
    """One block of a suggestion: a paragraph with its facts as 【】, a table as the columns to fill."""
    if block.kind == "table":  # the example's rows are its facts: only the columns are advice
        return f"【表格：{'、'.join(block.columns)}，按本项目逐行填写】"
    text = f"{block.number}{block.text}" if block.kind == "item" else f"{block.number} {block.text}".strip()
    clause = family.clauses[block.clause_id]
    chosen = clause.options is not None or "{%" in "".join(_sources(clause))  # the example's yes/no and options shaped it
    return with_placeholders(text, known, _fixed_wording(family, block.clause_id)) + (CHOSEN if chosen else "")


CHOSEN = "【本段按示例合同的选择写成，须按本项目调整】"


SUGGESTION_CHARACTERS = 600  # a suggestion is a clause to start from, not the whole of a chapter


def _first_clauses(blocks: list) -> tuple[list, list[str]]:
    """The covering blocks of the first clauses, up to about SUGGESTION_CHARACTERS (the first clause
    whole, however long); and how the clauses left out are numbered (7.6、7.7)."""
    by_clause: dict[str, list] = {}
    for block in blocks:
        by_clause.setdefault(block.clause_id, []).append(block)
    shown, rest, size = [], [], 0
    for clause_blocks in by_clause.values():
        length = sum(len(getattr(b, "text", "")) for b in clause_blocks)
        if shown and size + length > SUGGESTION_CHARACTERS:
            rest.append(getattr(clause_blocks[0], "number", "").strip() or clause_blocks[0].clause_id)
            continue
        shown += clause_blocks
        size += length
    return shown, rest


@functools.lru_cache(maxsize=None)
def suggestion(item_id: str) -> str:
    """The clause text aicontract would write for the item, facts as 【】 placeholders, headed by
    the clause's source; "" if no clause covers it."""
    for contract, known in _drafted():
        for document in contract.documents:
            family = bundled_family(document.family)
            covering = [b for b in document.blocks if getattr(b, "kind", "") in ("clause", "text", "item", "table")
                        and item_id in family.clauses[b.clause_id].covers]
            if covering:
                shown, rest = _first_clauses(covering)
                body = "\n".join(_line(b, known, family) for b in shown)
                more = f"\n（另见 aicontract 条款库中的 {'、'.join(rest)}）" if rest else ""
                return f"【{family.spec.title} · {shown[0].source}】\n{body}{more}"
    return ""
