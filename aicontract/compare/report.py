"""What a comparison reports: the changes clause by clause (id, number, title, source), what
THEIRS' edits broke — the 第三十四—三十六条 items the review finds worse in THEIRS than in OURS,
amounts and instalments that no longer agree, new blanks and dangling references — and which
items and obligation-map articles (第五—三十三条) the changed clauses carry; as Markdown or JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..errors import AicontractError
from ..library import bundled_family, load_requirements
from ..library.obligations import load_obligations
from ..review.report import STATUS, Review
from .diff import Piece
from .read import Clause
from .redline import Change

_RANK = {"covered": 0, "partial": 1, "missing": 2}
_STOP = re.compile(r"[\s，。；：、（）《》“”,.;:()]")
OPS = {"modify": "修改 / modified", "delete": "删除 / deleted", "insert": "新增 / added"}


def fragments(pieces: list[Piece], context: int = 4) -> list[tuple[str, str]]:
    """Each changed place as (before, after), with up to ``context`` characters around it."""
    out = []
    k = 0
    while k < len(pieces):
        if pieces[k].op == "equal":
            k += 1
            continue
        deleted = inserted = ""
        left = pieces[k - 1].text if k and pieces[k - 1].op == "equal" else ""
        while k < len(pieces) and pieces[k].op != "equal":
            deleted += pieces[k].text if pieces[k].op == "delete" else ""
            inserted += pieces[k].text if pieces[k].op == "insert" else ""
            k += 1
        right = pieces[k].text if k < len(pieces) else ""
        # a replacement reads with what follows it (30日 → 90日); an insertion or deletion also with
        # what precedes it, so that it can be found
        lead = _cut(left[::-1], context)[::-1] if not (deleted and inserted) else ""
        tail = _cut(right, context)
        out.append((lead + deleted + tail, lead + inserted + tail))
    return out


# a clause number as the drafts write it: 5.2, 12, 二十四 (第二十四条), 三 (（三）)
_CLAUSE_NO = re.compile(r"\d+(?:\.\d+)*|[一二三四五六七八九十百零]+")


def _number_edits(pieces: list[Piece]) -> list[tuple[str, str, str, str]]:
    """Each changed place of a paragraph as (text before, old, new, text after) when every change is one
    clause number for another; [] otherwise."""
    out, k = [], 0
    while k < len(pieces):
        if pieces[k].op == "equal":
            k += 1
            continue
        left = pieces[k - 1].text if k and pieces[k - 1].op == "equal" else ""
        old = new = ""
        while k < len(pieces) and pieces[k].op != "equal":
            old += pieces[k].text if pieces[k].op == "delete" else ""
            new += pieces[k].text if pieces[k].op == "insert" else ""
            k += 1
        right = pieces[k].text if k < len(pieces) else ""
        if not (_CLAUSE_NO.fullmatch(old) and _CLAUSE_NO.fullmatch(new)):
            return []
        out.append((left, old, new, right))
    return out


_HEADING = {"", "第", "（", "("}  # what precedes a clause's own number at the start of its paragraph


def _own_number(clause, n: int, edit: tuple[str, str, str, str]) -> bool:
    """The ``n``-th changed place is the clause's own number (5.2 at the start of 5.2), not 30日."""
    return n == 0 and edit[0].strip() in _HEADING and clause is not None and clause.number in (edit[1], f"第{edit[1]}条")


def renumbered(changes: list[Change]) -> set[int]:
    """The changes (by index) that only renumber: a clause's own number moved (5.2 → 5.3, 第二十四条 →
    第二十五条) and cross-references following it (5.2条 → 5.3条), each number moving as its clause's
    does. A clause added or deleted renumbers those after it; these are no edit of their own
    (review-compare walkthrough L7: deviations listed four renumbered clauses around one added)."""
    edits = {i: _number_edits(c.pieces) for i, c in enumerate(changes) if c.op == "modify" and not c.table}
    edits = {i: found for i, found in edits.items() if found}
    moved: dict[str, set[str]] = {}
    for i, found in edits.items():
        if _own_number(changes[i].clause, 0, found[0]):
            moved.setdefault(found[0][1], set()).add(found[0][2])

    def follows(i: int, n: int, edit: tuple[str, str, str, str]) -> bool:
        left, old, new, right = edit
        cited = left.endswith("第") or right.startswith(("条", "款", "项"))
        return (_own_number(changes[i].clause, n, edit) or cited) and moved.get(old) == {new}

    return {i for i, found in edits.items() if all(follows(i, n, edit) for n, edit in enumerate(found))}


def _cut(text: str, n: int) -> str:
    match = _STOP.search(text[:n])
    return text[: match.start()] if match else text[:n]


@dataclass
class Broken:
    kind: str  # "item" or "finding"
    id: str
    message: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "message": self.message}


def broken(ours: Review, theirs: Review) -> list[Broken]:
    """What THEIRS fails that OURS did not: items reviewed worse, findings new in THEIRS."""
    before = {item.id: item for item in ours.items}
    out = []
    for item in theirs.items:
        was = before.get(item.id)
        if was is not None and _RANK[item.status] > _RANK[was.status]:
            lacking = f"；缺少 / lacking：{'、'.join(item.lacking)}" if item.lacking else ""
            out.append(Broken("item", item.id, f"{item.label}：{STATUS[was.status]} → {STATUS[item.status]}{lacking}"))
    known = {(f.kind, f.message) for f in ours.findings if not f.ok}
    # a numbering gap OURS already had at the same place is not THEIRS' doing, even if their deletion widened it
    # (walkthrough L6: OURS skipped 第六条→第八条, THEIRS deleted 第五条: “第四条之后是第八条” was blamed on them)
    gaps = {f.where for f in ours.findings if not f.ok and f.kind == "numbering"}
    entries: list = []  # a Broken, or the clause a missing reference names (one line for all places citing it)
    cited: dict[str, list[str]] = {}
    for finding in theirs.findings:
        if finding.ok or (finding.kind, finding.message) in known or (finding.kind == "numbering" and finding.where in gaps):
            continue
        missing = _MISSING_REFERENCE.match(finding.message) if finding.kind == "reference" else None
        if missing is None:
            entries.append(Broken("finding", finding.kind, f"{finding.where}：{finding.message}"))
            continue
        if missing.group(1) not in cited:
            entries.append(missing.group(1))
        cited.setdefault(missing.group(1), []).append(finding.where)
    return out + [entry if isinstance(entry, Broken) else _missing_clause(entry, cited[entry]) for entry in entries]


def _missing_clause(clause: str, wheres: list[str]) -> Broken:
    count = f"（共 {len(wheres)} 处）" if len(wheres) > 1 else ""
    return Broken("finding", "reference", f"引用的“{clause}”不存在 / refers to a missing clause："
                                          f"{_places(list(dict.fromkeys(wheres)))}{count}")


_MISSING_REFERENCE = re.compile(r"^引用的“(.+?)”不存在")


def _places(wheres: list[str]) -> str:
    """["正文 1.9", "正文 7.2", "附件一 3"] -> "正文 1.9、7.2，附件一 3"."""
    groups: dict[str, list[str]] = {}
    for where in wheres:
        part, _, place = where.partition(" ")
        groups.setdefault(part, []).append(place or part)
    return "，".join(f"{part} {'、'.join(places)}" for part, places in groups.items())


def uncovered(ours: list[Clause], theirs: list[Clause]) -> list[Broken]:
    """The 第三十四—三十六条 items a clause of OURS covered and no clause of THEIRS still does: the
    clauses were deleted (read from the clause maps, not from wording — deleting 12 保密 leaves
    “保密” in other clauses for the review to find). Only when THEIRS keeps the clause map."""
    if not theirs:
        return []
    requirements = load_requirements()
    kept = {(c.document, c.id) for c in theirs}
    covering: dict[str, list[Clause]] = {}
    for clause in ours:
        for item in _covers(clause):
            covering.setdefault(item, []).append(clause)
    out = []
    for item, clauses in covering.items():
        if any((c.document, c.id) in kept for c in clauses):
            continue
        try:
            label = requirements.get(item).label()
        except KeyError:
            label = item
        where = "、".join(dict.fromkeys(c.label() for c in clauses))
        out.append(Broken("item", item, f"{label}：约定该事项的条款已删除（{where}），对方稿中没有其他条款约定 / the clauses "
                                        "that covered it were deleted"))
    return out


def touched(changes: list[Change], clauses: list[Clause] = ()) -> list[str]:
    """The requirement items and obligation-map articles the changed clauses carry. A paragraph
    added after a clause belongs to its numbered clause: it carries what every paragraph of that
    number does (``clauses``: those of OURS), e.g. a paragraph added in 7.2 what 7.2 carries."""
    requirements = load_requirements()
    obligations = load_obligations()
    out: dict[str, list[str]] = {}
    for change in changes:
        clause = change.clause
        if clause is None or (change.after and not clause.number):
            continue
        where = clause.number or clause.title or (clause.document.split("：")[0] if clause.document else "序言")
        group = [c for c in clauses if change.after and (c.number, c.document) == (clause.number, clause.document)]
        for member in group or [clause]:
            for item in _covers(member):
                try:
                    label = requirements.get(item).label()
                except KeyError:
                    label = item
                out.setdefault(label, []).append(where)
            for article in obligations.articles:
                if any(member.id in duty.clauses for duty in article.duties):
                    out.setdefault(article.label(), []).append(where)
    return [f"{label}（{'、'.join(dict.fromkeys(wheres))}）" for label, wheres in out.items()]


def _covers(clause: Clause) -> list[str]:
    if not clause.family:
        return []
    try:
        spec = bundled_family(clause.family).clauses.get(clause.id)
    except AicontractError:
        return []
    return list(spec.covers) if spec is not None else []


@dataclass
class Comparison:
    ours: str
    theirs: str
    changes: list[Change]
    broken: list[Broken] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)
    drafted: bool = False  # OURS carries aicontract's clause map
    theirs_had_revisions: bool = False
    redline: bytes = b""
    heading: str = "比较 / comparison"
    checked: bool = True  # the review was run on both (what THEIRS' edits broke)
    different: list[str] = field(default_factory=list)  # title or 合同编号 not the same: two contracts, not two versions
    identical: bool = False  # the two files are byte for byte the same (one file chosen twice?)
    renumbered: set[int] = field(default_factory=set)  # changes (by index) that only renumber: listed on one line

    def change_dicts(self) -> list[dict]:
        out = []
        for i, change in enumerate(self.changes):
            clause = change.clause
            out.append({"renumbered_only": i in self.renumbered,
                "op": change.op, "clause": clause.id if clause else None, "number": clause.number if clause else "",
                "title": clause.title if clause else "", "source": clause.source if clause else "",
                "document": clause.document if clause else "", "after": change.after, "table": change.table,
                "table_row": change.row or None, "table_columns": change.columns,
                "tracked": change.tracked if self.theirs_had_revisions else None,
                "ours": change.ours, "theirs": change.theirs,
                "fragments": [{"ours": a, "theirs": b} for a, b in fragments(change.pieces)]})
        return out

    def json(self) -> str:
        return json.dumps({"ours": self.ours, "theirs": self.theirs, "drafted_by_aicontract": self.drafted,
                           "theirs_had_tracked_changes": self.theirs_had_revisions, "changes": self.change_dicts(),
                           "broken": [b.as_dict() for b in self.broken], "touched": self.touched,
                           "different_contracts": self.different, "identical_files": self.identical},
                          ensure_ascii=False, indent=2)

    def markdown(self) -> str:
        edits = [c for i, c in enumerate(self.changes) if i not in self.renumbered]
        counts = {op: sum(c.op == op for c in edits) for op in OPS}
        moved = f"；另有 {len(self.renumbered)} 处仅条号改变 / {len(self.renumbered)} renumbered only" if self.renumbered else ""
        lines = [f"# {self.heading}：{self.ours} → {self.theirs}", "",
                 f"共 {len(edits)} 处变更（修改 {counts['modify']}、新增 {counts['insert']}、删除 "
                 f"{counts['delete']}） / {len(edits)} change{'' if len(edits) == 1 else 's'}{moved}"]
        if self.different:
            lines.insert(2, f"注意 / warning：两份文件不像同一份合同的两个版本（{'；'.join(self.different)}） / the files look like "
                            "two different contracts")
        if self.identical:
            lines.append("注 / note：两个文件完全相同，是否选了同一个文件？ / the two files are identical: the same file twice?")
        if self.theirs_had_revisions:
            lines.append("注 / note：对方文件中的修订已按“接受”读取 / THEIRS' own tracked changes were read as accepted")
        if not self.drafted:
            lines.append("注 / note：我方文件不是 aicontract 起草的，按段落比较，按正文所写的条号定位（不标条款来源） / OURS "
                         "carries no clause map: compared paragraph by paragraph, placed by the article numbers it writes")
        lines += ["", "## 条款变更 / changes by clause", ""]
        lines += [f"- {_change_line(c, self.theirs_had_revisions)}" for c in edits] or (
            [] if self.renumbered else ["（无变更 / no changes）"])
        if self.renumbered:
            moves = "；".join(_renumbering(self.changes[i]) for i in sorted(self.renumbered))
            lines.append(f"- 仅条号改变、条文未改 / renumbered only, text unchanged：{moves}")
        if self.checked:
            lines += ["", "## 对方修改后不再满足 / broken by THEIRS' edits", ""]
            lines += [f"- ✗ {b.message}" for b in self.broken] or ["（无 / none）"]
        if self.touched:
            lines += ["", "## 变更涉及的必备事项和义务 / items and obligations the changed clauses carry", ""]
            lines += [f"- {t}" for t in self.touched]
        return "\n".join(lines) + "\n"


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text[:limit]}……”" if len(text) > limit else f"“{text}”"


def _renumbering(change: Change) -> str:
    """5.5 以报告确认的指标 → 5.6，所引 5.2 → 5.3: a renumbered clause's own number and the numbers it cites."""
    clause = change.clause
    edits = _number_edits(change.pieces)
    own = _own_number(clause, 0, edits[0])
    cited = dict.fromkeys(f"第{old}条 → 第{new}条" if left.endswith("第") else f"{old} → {new}"
                          for left, old, new, _ in edits[own:])
    head = clause.label(source=False) if clause else "（未标条款 / no clause）"
    if own:
        head += f" → {clause.number.replace(edits[0][1], edits[0][2], 1)}"
    return head + (f"{'，' if own else '：'}所引 {'、'.join(cited)}" if cited else "")


def _change_line(change: Change, marked: bool = False) -> str:
    """One change; ``marked`` (THEIRS had tracked changes): whether the other side marked this one —
    an edit made without 修订 is the one a lawyer most needs to see."""
    clause = change.clause
    where = clause.label() if clause else "（未标条款 / no clause）"
    if marked:
        where += "【对方已标修订 / tracked】" if change.tracked else "【未标修订 / not tracked】"
    if change.after and clause:
        where = f"{where}之后 / after it"
    what = ""
    if change.table and change.row:  # 表格第3行“交付成果”列: where a reader finds it in the table
        what = f"表格第{change.row}行{'、'.join(change.columns)} / table row {change.row}："
    elif change.table:
        what = "整个表格 / the whole table："
    if change.op == "modify":
        parts = "；".join(f"{_quote(a, 40) if a else '∅'} → {_quote(b, 40) if b else '∅'}"
                         for a, b in fragments(change.pieces))
        return f"{where}：{what}{parts}"
    if change.op == "delete":
        return f"{where}：{OPS['delete']} {what}{_quote(change.ours)}"
    return f"{where}：{OPS['insert']} {what}{_quote(change.theirs)}"
