"""The 附录二 contract against its source: every section, every sub-clause, every item,
and the fixed wording of every clause found verbatim in the guide."""

import re

import pytest

from aicontract import assemble
from aicontract.drafting.contract import Paragraph
from aicontract.library import bundled_family

from helpers import SOURCES, make_deal

SOURCE = (SOURCES / "guide_000.txt").read_text(encoding="utf-8")
APPENDIX = SOURCE[SOURCE.index("## 附录二 合作合同参考样例"):]

# Deliberate departures from the wording of 附录二, each also recorded as the clause's `note`.
EDITED = {
    "ip.ownership": "7.2 lists three options to choose from; the draft states the chosen one",
    "disputes.route": "14.2 lists both routes with blanks; the draft keeps the chosen one, without form hints",
    "confidentiality.scope": "12.1 numbering jumps (1)->(3) in the source; renumbered (1)(2)(3)",
    "funding.payment": "the blank of 6.2 is filled with the payment schedule, in aicontract's wording",
    "ip.co_ownership": "7.2's co-ownership rule yields to the use right of 7.7 (指南 第三十四条（五）)",
    "data_security.location": "8.3's 境内 excludes 港澳台 as the DPA's does; data exported under the DPA's 4.3 are excepted",
    "data_security.deletion": "8.6's 立即 becomes the attached 数据处理协议's one deletion period when there is one",
    "notices.delivery": "13.1's e-mail delivery kept only towards a party that lists an e-mail (walkthrough: 邮箱 无)",
    "notices.email": "13.2 left out when a party lists no e-mail: there is no e-mail between them",
    "definitions.data": "1.3 reaches training input only; 第7条、第8条 and the annexes bind all the project's data (review76 R76-1)",
    "delivery.milestones": "5.1's 验收通知 is 5.2's 评审、验收申请书 (review76 R76-2)",
    "delivery.procedure": "5.2's 会前5个工作日内 and 10个工作日内组织 had no start; deemed acceptance had no deadline (review76 R76-2)",
    "ip.background": "7.1's 本协议 is the contract's 本合同 (the attached DPA calls itself 本协议: review76 R76-8)",
    "general.effect": "15.1 read as retroactive when sealed late; the annexes had no effective date (review76 R76-3)",
}
# a clause added to 附录二 cites the guide article it implements, or says it is aicontract's drafting
ADDED_SOURCE = re.compile(r"^(指南 第[一二三四五六七八九十]+条[^附]*|aicontract 起草（依据 .+）)$")


def squash(text: str) -> str:
    """Compare wording, not typography: one width of punctuation, no spaces or markdown."""
    table = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
    text = re.sub(r"\\_|[*#\s]", "", text)
    return text.translate(table)


SQUASHED_APPENDIX = squash(APPENDIX)


def source_subclauses() -> list[str]:
    return re.findall(r"^(\d{1,2}\.\d)\s", APPENDIX, flags=re.M)


def source_sections() -> dict[str, str]:
    found = re.findall(r"^#+\s*\**(\d{1,2})\s+([^\s*]+)\**\s*$", APPENDIX, flags=re.M)
    return dict(found)


@pytest.fixture(scope="module")
def contract():
    return assemble(make_deal())


def test_source_parsing_sees_the_whole_appendix():
    assert len(source_sections()) == 15
    assert source_subclauses()[0] == "1.1" and source_subclauses()[-1] == "15.3"
    assert len(source_subclauses()) == 49


def test_every_section_heading_in_order(contract):
    headings = [(b.number, b.text) for b in contract.blocks if isinstance(b, Paragraph) and b.kind == "heading"]
    assert headings == list(source_sections().items())


def test_every_subclause_of_the_source_is_drafted(contract):
    drafted = [b.number for b in contract.blocks if isinstance(b, Paragraph) and b.kind == "clause"]
    assert [n for n in drafted if n in source_subclauses()] == source_subclauses()
    additions = {b.clause_id for b in contract.blocks if isinstance(b, Paragraph) and b.kind == "clause"
                 and b.number not in source_subclauses()}
    family = bundled_family("cooperation")
    # what aicontract adds to 附录二 cites the guide article it implements (or says it is its own
    # drafting), never 附录二 itself, and comes after the numbered sub-clauses of 附录二, so their
    # numbers never move
    assert additions == {"delivery.criteria", "delivery.reports", "ip.registration", "ip.use_rights", "ip.improvements",
                         "confidentiality.undertakings", "confidentiality.exceptions", "data_security.agreement",
                         "obligations.ai_terms", "force_majeure.security", "force_majeure.own_decisions", "general.precedence",
                         "definitions.weights", "definitions.tools"}
    for clause_id in additions:
        assert ADDED_SOURCE.match(family.clauses[clause_id].source), family.clauses[clause_id].source


@pytest.mark.parametrize("clause_id, count", [
    ("resources.party_a", 4), ("resources.party_b", 4), ("delivery.milestones", 4),
])
def test_numbered_items(contract, clause_id, count):
    items = [b.number for b in contract.blocks if isinstance(b, Paragraph) and b.kind == "item" and b.clause_id == clause_id]
    assert items == [f"（{i}）" for i in range(1, count + 1)]


@pytest.mark.parametrize("clause_id, count", [("force_majeure.definition", 4), ("confidentiality.scope", 3)])
def test_inline_items_are_numbered_in_sequence(contract, clause_id, count):
    (text,) = [b.text for b in contract.blocks if isinstance(b, Paragraph) and b.clause_id == clause_id]
    assert re.findall(r"（(\d)）", text) == [str(i) for i in range(1, count + 1)]


def literal_fragments(template: str) -> list[str]:
    """The fixed wording around the blanks of a clause template."""
    parts = re.split(r"\{\{.*?\}\}|\{%.*?%\}", template)
    return [squash(p) for p in parts if len(squash(p)) >= 4]


def appendix_clauses():
    family = bundled_family("cooperation")
    for section in family.sections:
        for clause in section.clauses:
            if clause.source.startswith("指南 附录二") and clause.id not in EDITED:
                yield clause


@pytest.mark.parametrize("clause", list(appendix_clauses()), ids=lambda c: c.id)
def test_fixed_wording_is_verbatim_from_the_source(clause):
    texts = [clause.text] + [item.text for item in clause.items]
    for text in texts:
        for fragment in literal_fragments(text):
            assert fragment in SQUASHED_APPENDIX, f"{clause.id}: not in 附录二: {fragment}"


@pytest.mark.parametrize("clause_id", sorted(EDITED))
def test_edited_clauses_record_why(clause_id):
    assert bundled_family("cooperation").clauses[clause_id].note


def test_every_clause_names_its_source():
    family = bundled_family("cooperation")
    for clause in family.clauses.values():
        # an edited clause of 附录二 names its clause and, after “；”, what aicontract's drafting changed
        edited = clause.id in EDITED and re.match(r"^指南 附录二 \d+(\.\d+)?；.*aicontract 起草$", clause.source)
        assert (re.match(r"^指南 (附录二 \d+(\.\d+)?|附录二 序言)$", clause.source) or edited
                or ADDED_SOURCE.match(clause.source)), f"{clause.id}: {clause.source}"
