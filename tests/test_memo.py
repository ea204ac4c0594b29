"""What a batch reuses from one contract to the next must never change a contract:
drafting/memo.py (clause blocks by the values they read) and render/block_memo.py (the bundled
template's paragraphs by block)."""

import datetime as dt
import sys
from decimal import Decimal

import pytest

from aicontract.drafting import memo
from aicontract.drafting.assemble import assemble
from aicontract.library import bundled_family, load_family
from aicontract.render import block_memo
from aicontract.render import docx as docx_render
from aicontract.render.docx import CompiledTemplate, bundled_template, environment

from helpers import ROOT, example_data, make_deal

VARIATIONS = [
    {},
    {"project": {"name": "临川市政策匹配大模型"}},
    {"ip": {"ownership": "双方共同共有"}},
    {"ip": {"ownership": "双方按比例共有", "shares": {"party_a": 60, "party_b": 40}}},
    {"ip": {"ownership": "单方享有", "owner": "乙方"}},
    {"dispute": {"route": "诉讼", "court_place": "甲方所在地"}},
    {"funding": {"total": Decimal("860000")}},
    {"funding": {"total": Decimal("860000.00")}},
    {"term": {"start": dt.date(2026, 3, 2), "end": dt.date(2027, 3, 1)}},
    {"data_processing": None},
    {},
]


assemble_module = sys.modules["aicontract.drafting.assemble"]  # the package exports a function of that name


def fresh(deal):
    """The contract as drafted without any memo."""
    saved = assemble_module.memo_for
    assemble_module.memo_for = lambda family: None
    try:
        return assemble(deal)
    finally:
        assemble_module.memo_for = saved


def test_memoised_assembly_equals_fresh_assembly_deal_after_deal():
    table = memo.memo_for(bundled_family("cooperation"))
    table.blocks.clear()
    for changes in VARIATIONS:
        deal = make_deal(changes)
        assert assemble(deal) == fresh(deal), changes
    again = [assemble(make_deal()), assemble(make_deal())]
    shared = [a is b for a, b in zip(again[0].sections[1].blocks, again[1].sections[1].blocks) if a.kind != "heading"]
    assert shared and all(shared)  # the memo was used, not bypassed: the same (frozen) clause blocks
    assert len(table.blocks) > 50


def test_a_changed_value_is_never_served_from_the_memo():
    assemble(make_deal())
    contract = assemble(make_deal({"project": {"name": "临川市政策匹配大模型"}}))
    basis = next(b for s in contract.front + contract.sections for b in s.blocks if b.clause_id == "preamble.basis")
    assert basis.text == ("根据《中华人民共和国民法典》及其他相关法律法规，遵循平等、自愿、公平和诚实信用的原则，"
                          "就甲乙双方开展临川市政策匹配大模型项目合作的相关事宜订立本合同，以兹双方共同遵守。")


def test_amounts_print_as_written_whatever_was_drafted_before():
    assemble(make_deal({"funding": {"total": Decimal("860000")}}))
    later = assemble(make_deal({"funding": {"total": Decimal("860000.00")}}))
    assert later == fresh(make_deal({"funding": {"total": Decimal("860000.00")}}))


def key_of(clause_id, labels, context=None):
    family = bundled_family("cooperation")
    deal = make_deal()
    context = context or {name: getattr(deal, name) for name in type(deal).model_fields} | {"main_title": "T"}
    return memo.ClauseMemo().key(family.clauses[clause_id], "12.5", [], context, labels, {}, lambda f: "附件一")


def test_the_key_holds_the_numbers_of_the_clauses_a_text_cites():
    labels = {"ip.continuity": "7.5", "ip.use_rights": "7.7"}
    assert key_of("confidentiality.exceptions", labels) == key_of("confidentiality.exceptions", dict(labels))
    assert key_of("confidentiality.exceptions", labels) != key_of("confidentiality.exceptions",
                                                                  {**labels, "ip.use_rights": "7.8"})


def test_values_that_print_differently_are_different_keys():
    assert memo.plain({"a": Decimal("30")}, ("a",)) == (Decimal, "30")
    assert memo.plain({"a": Decimal("30")}, ("a",)) != memo.plain({"a": Decimal("30.0")}, ("a",))
    assert memo.plain({"a": True}, ("a",)) != memo.plain({"a": 1}, ("a",))
    assert memo.plain({"a": "x"}, ("a",)) == "x"
    assert memo.plain({"a": None}, ("a",)) is None


def test_what_is_no_plain_value_is_no_key():
    with pytest.raises(TypeError, match="^a: not a plain value$"):
        memo.plain({"a": ["x"]}, ("a",))
    with pytest.raises(KeyError):
        memo.plain({}, ("a",))
    with pytest.raises(AttributeError):
        memo.plain({"a": "x"}, ("a", "missing"))
    deal = make_deal()
    context = {name: getattr(deal, name) for name in type(deal).model_fields} | {"main_title": "T"}
    family = bundled_family("cooperation")
    reads_a_list = family.clauses["scope.tasks"].model_copy(update={"table": None, "text": "{{ work_tasks }}"})
    assert memo.ClauseMemo().key(reads_a_list, "2.3", [], context, {}, {}, lambda f: "附件一") is None
    assert key_of("scope.tasks", {}) is None  # a table clause: filled every time
    family = bundled_family("cooperation")
    assert memo.clause_uses(family.clauses["scope.tasks"]) is None


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(memo, "MAX_ENTRIES", 3)
    table = memo.ClauseMemo()
    for n in range(10):
        table.put(("k", n), [n])
        table.get(("k", 0))  # used by every contract: kept
        assert len(table.blocks) <= 6
    assert table.get(("k", 9)) == [9]
    assert table.get(("k", 0)) == [0]
    assert table.get(("k", 1)) is None  # used once, long ago: gone
    assert table.get(None) is None


def test_a_firms_library_is_not_memoised(tmp_path):
    (tmp_path / "cooperation").mkdir()
    firm = load_family("cooperation", overlay=tmp_path)
    assert firm.trusted is False
    assert memo.memo_for(firm) is None


# --- render/block_memo.py ----------------------------------------------------------------------


def render_memoised(source, **values):
    return block_memo.compile_memoised(environment(sandboxed=False), source).render(**values)


LOOPS = ("{% for d in docs %}{% set di = loop.index0 %}{% for b in d %}"
         "[{{ di }}:{{ b }}:{{ 'L' if loop.last else '-' }}]{% endfor %}{% endfor %}")


def test_the_document_and_the_last_block_are_part_of_the_key():
    assert render_memoised(LOOPS, docs=[["x", "y"], ["x"], ["x", "x"]]) == "[0:x:-][0:y:L][1:x:L][2:x:-][2:x:L]"


def test_a_block_that_is_no_key_is_rendered_each_time():
    assert render_memoised(LOOPS, docs=[[["a"], ["b"]]]) == "[0:[&#39;a&#39;]:-][0:[&#39;b&#39;]:L]"


def test_blocks_are_escaped_once():
    assert render_memoised(LOOPS, docs=[["<&>"]]) == "[0:&lt;&amp;&gt;:L]"


def test_a_loop_reading_other_names_is_left_as_written():
    source = "{% for b in xs %}{{ b }}{{ other }}{% endfor %}"
    env = environment(sandboxed=False)
    before = set(env.filters)
    assert block_memo.compile_memoised(env, source).render(xs=["1", "2"], other="+") == "1+2+"
    assert set(env.filters) == before


@pytest.mark.parametrize("name", ["cooperation", "data_processing", "changzhou", "tech_development_ai"])
def test_the_bundled_template_memoised_writes_what_jinja_writes(name, monkeypatch):
    deal = make_deal(name=name)
    family = bundled_family(deal.family)
    path = bundled_template(family.spec.template)
    memoised = CompiledTemplate(path, sandboxed=False)
    assert any(f.startswith("_aicontract_blocks_") for f in memoised._body.environment.filters)
    monkeypatch.setattr(docx_render, "compile_memoised", lambda env, source: env.from_string(source))
    plain = CompiledTemplate(path, sandboxed=False)
    assert not any(f.startswith("_aicontract_blocks_") for f in plain._body.environment.filters)
    first, second = assemble(deal), assemble(make_deal({"contract_no": "M-2"}, name=name))
    assert memoised.render(first) == plain.render(first)
    assert memoised.render(second) == plain.render(second)
    bodies = [f.__self__ for n, f in memoised._body.environment.filters.items() if n.startswith("_aicontract_blocks_")]
    assert sum(len(body.done) for body in bodies) > 40  # the paragraphs went through the memo


def test_the_block_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(block_memo, "MAX_ENTRIES", 2)
    env = environment(sandboxed=False)
    template = block_memo.compile_memoised(env, LOOPS)
    (body,) = [f.__self__ for name, f in env.filters.items() if name.startswith("_aicontract_blocks_")]
    assert template.render(docs=[["a", "b", "c", "d", "e"]]) == "[0:a:-][0:b:-][0:c:-][0:d:-][0:e:L]"
    assert 0 < len(body.done) <= 4
    assert body.done.get(("e", 0, True)) == "[0:e:L]"  # kept: the next contract with this block does not render it


def test_more_of_what_a_clause_reads_is_in_its_key():
    labels = {"ip.continuity": "7.5", "ip.use_rights": "7.7"}
    deal = make_deal()
    context = {name: getattr(deal, name) for name in type(deal).model_fields}
    family = bundled_family("cooperation")
    clause = family.clauses["confidentiality.exceptions"]
    key = memo.ClauseMemo().key
    assert key(clause, "12.5", [], context | {"main_title": "T"}, labels, {}, None) != \
        key(clause, "12.5", [], context | {"main_title": "U"}, labels, {}, None)  # an annex names its host
    assert key(clause, "12.5", [], context | {"main_title": "T"}, labels, {}, None) != \
        key(clause, "12.6", [], context | {"main_title": "T"}, labels, {}, None)  # its own number


# --- drafting/obligations.py: an article's finding is kept by what it reads --------------------


def test_an_obligation_finding_follows_where_its_clauses_are():
    from aicontract.drafting import obligations
    from aicontract.library.obligations import load_obligations

    article = next(a for a in load_obligations().articles if a.citation == "第五条")
    family, context = bundled_family("cooperation"), {}
    placed = {"ai_model.design": "附件二 1.1", "ai_model.transparency": "附件二 1.2", "ai_model.backdoor": "附件二 1.3"}
    first = obligations._finding(article, family, context, placed, mandatory=True)
    assert (first.status, first.where) == ("pass", ["乙方（附件二 1.1、1.2、1.3）"])
    moved = obligations._finding(article, family, context, {**placed, "ai_model.backdoor": "附件三 2.1"}, mandatory=True)
    assert moved.where == ["乙方（附件二 1.1、1.2，附件三 2.1）"]
    missing = obligations._finding(article, family, context, {"ai_model.design": "附件二 1.1"}, mandatory=False)
    assert (missing.status, missing.mandatory) == ("fail", False)
    assert [p.split("：")[1] for p in missing.problems] == ["5.transparency（乙方）", "5.backdoor（乙方）"]
    assert obligations._finding(article, family, context, placed, mandatory=True) is first


def test_a_firms_template_runs_as_written():
    deal = make_deal()
    path = bundled_template(bundled_family("cooperation").spec.template)
    firm = CompiledTemplate(path, sandboxed=True)  # as --template FILE.docx is loaded
    assert not any(f.startswith("_aicontract_blocks_") for f in firm._body.environment.filters)
    assert firm.render(assemble(deal)) == CompiledTemplate(path, sandboxed=False).render(assemble(deal))


def test_paths_only_tested_are_keyed_by_truth():
    assert memo.tested_only(["{% if data_processing %}见附件{{ data_processing.retained.until }}{% endif %}"
                             "{% if not ai %}无{% endif %}{{ a and b }}{{ f if g and not h else k }}"]) == \
        {("data_processing",), ("ai",), ("g",), ("h",)}
    assert memo.tested_only(["{% if x %}{{ x }}{% endif %}", "{% if y %}{% endif %}"]) == {("y",)}


def test_a_chosen_option_is_keyed_by_its_value_even_when_a_text_tests_it():
    family = bundled_family("cooperation")
    route = family.clauses["disputes.route"]
    options = {name: option.model_copy(update={"text": "{% if dispute.route %}" + option.text + "{% endif %}"})
               for name, option in route.options.items()}
    tested = route.model_copy(update={"options": options})
    deal = make_deal()
    context = {name: getattr(deal, name) for name in type(deal).model_fields} | {"main_title": "T"}
    table = memo.ClauseMemo()
    table.key(tested, "14.1", [], context, {}, {}, lambda f: "附件一")
    assert ("dispute", "route") in table.plans["disputes.route"].paths
    assert ("dispute", "route") not in table.plans["disputes.route"].tests


@pytest.mark.parametrize("name", ["data_processing", "changzhou", "tech_development_ai"])
def test_memoised_assembly_equals_fresh_assembly_in_every_family(name):
    for changes in ({}, {"contract_no": "M-2"}, {}):
        deal = make_deal(changes, name=name)
        assert assemble(deal) == fresh(deal), (name, changes)


def test_random_deals_in_sequence_draft_and_render_as_without_memos():
    """Forty deals from the benchmark's generator (parties, amounts, dates, tasks, IP options, forums
    vary; some without a 数据处理协议), one after another through the memos, each compared with a
    fresh assembly and with the template rendered without its paragraph memo."""
    import json
    import random

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from batch import make_deal as benchmark_deal  # noqa: PLC0415 - the benchmark's own generator

    from aicontract.io.deal_file import deal_from_data

    path = bundled_template(bundled_family("cooperation").spec.template)
    memoised = CompiledTemplate(path, sandboxed=False)
    saved = docx_render.compile_memoised
    docx_render.compile_memoised = lambda env, source: env.from_string(source)
    try:
        plain = CompiledTemplate(path, sandboxed=False)
    finally:
        docx_render.compile_memoised = saved
    rng, example = random.Random(14), json.loads(json.dumps(example_data("cooperation"), default=str))
    compared = 0
    for n in range(40):
        data = json.loads(json.dumps(benchmark_deal(example, n, rng), default=str))
        if n % 3 == 0:
            data["data_processing"] = None
        deal = deal_from_data(data)
        contract = assemble(deal)
        assert contract == fresh(deal), n
        assert memoised.render(contract) == plain.render(contract), n
        compared += 1
    assert compared == 40


def fresh_key(clause, labels=None, main_labels=None, annex=lambda family: "附件一", items=(), context=None, label="12.5"):
    """The key a new memo (nothing warm from other tests) gives ``clause``."""
    if context is None:
        deal = make_deal()
        context = {name: getattr(deal, name) for name in type(deal).model_fields} | {"main_title": "T"}
    return memo.ClauseMemo().key(clause, label, list(items), context, labels or {}, main_labels or {}, annex)


def test_the_key_holds_the_items_placed_the_host_numbers_and_the_annex_names():
    family = bundled_family("cooperation")
    clause = family.clauses["confidentiality.exceptions"]
    resources = family.clauses["resources.party_a"]  # 甲方提供的项目资源包括：（1）…（2）…
    first, second = resources.items[0], resources.items[1]
    assert fresh_key(resources, items=[("（1）", first)]) != fresh_key(resources, items=[("（2）", first)])
    assert fresh_key(resources, items=[("（1）", first)]) != fresh_key(resources, items=[("（1）", second)])
    assert fresh_key(resources, items=[("（1）", first)]) != fresh_key(resources, items=[])
    cites_host = clause.model_copy(update={"text": "依主合同第{{ main_ref('ip.continuity') }}条。"})
    assert fresh_key(cites_host, main_labels={"ip.continuity": "7.5"}) != \
        fresh_key(cites_host, main_labels={"ip.continuity": "7.6"})
    names_annex = clause.model_copy(update={"text": "见本合同{{ annex('data_processing') }}。"})
    assert fresh_key(names_annex, annex={"data_processing": "附件一"}.__getitem__) != \
        fresh_key(names_annex, annex={"data_processing": "附件二"}.__getitem__)
    assert fresh_key(names_annex, annex={}.__getitem__) is None  # not attached: filled, and reported, afresh
    cites_option = clause.model_copy(update={"text": "见第{{ ref(dispute.route) }}条。"})
    assert fresh_key(cites_option, labels={"仲裁": "14.2"}) != fresh_key(cites_option, labels={"仲裁": "14.3"})
    assert fresh_key(cites_option, labels={"仲裁": "14.2"}) is not None


def test_a_clause_that_tests_a_whole_part_is_memoised_by_its_truth():
    clause = bundled_family("cooperation").clauses["confidentiality.exceptions"]
    tests_part = clause.model_copy(update={"text": "{% if data_processing %}见《数据处理协议》。{% endif %}"})
    deal = make_deal()
    with_part = {name: getattr(deal, name) for name in type(deal).model_fields} | {"main_title": "T"}
    without = with_part | {"data_processing": None}
    assert fresh_key(tests_part, context=with_part) is not None
    assert fresh_key(tests_part, context=with_part) != fresh_key(tests_part, context=without)
    assert memo._truth({"a": None}, ("a",)) is False
    assert memo._truth({"a": deal}, ("a", "party_a", "name")) is True


def test_each_repeat_and_table_clauses_are_never_memoised():
    family = bundled_family("tech_development")
    for clause in family.clauses.values():
        if clause.each or clause.repeat or clause.table:
            assert memo.clause_uses(clause) is None, clause.id
    assert any(c.each for c in family.clauses.values()) and any(c.repeat for c in family.clauses.values())


def test_the_memo_is_made_when_first_asked(monkeypatch):
    monkeypatch.setattr(memo, "_MEMOS", memo.weakref.WeakKeyDictionary())
    family = bundled_family("cooperation")
    made = memo.memo_for(family)
    assert isinstance(made, memo.ClauseMemo) and len(made.blocks) == 0
    assert memo.memo_for(family) is made


def test_loops_that_read_more_than_the_block_are_left_as_written():
    for source, expected in [
        ("{% for b in xs %}{{ loop.index }}{{ b }}{% endfor %}", "1a2b"),
        ("{% for b in xs %}{% set y = b %}{{ y }}{% endfor %}", "ab"),
        ("{% for b in xs %}{% set b = b ~ '!' %}{{ b }}{% endfor %}", "a!b!"),
        ("{% for b in xs %}{% for k, v in pairs %}{{ b }}{{ k }}{% endfor %}{% endfor %}", "a1b1"),
    ]:
        env = environment(sandboxed=False)
        before = set(env.filters)
        assert block_memo.compile_memoised(env, source).render(xs=["a", "b"], pairs=[("1", "2")]) == expected
        assert set(env.filters) == before, source  # loop.index, a set, a name of the template's: not memoised
    env = environment(sandboxed=False)
    block_memo.compile_memoised(env, "{% for b in xs %}{% for k, v in b %}{{ k }}{% endfor %}{% endfor %}")
    assert any(name.startswith("_aicontract_blocks_") for name in env.filters)  # its own loop's names are its own


def test_a_loop_at_the_top_of_the_template_is_memoised_too():
    env = environment(sandboxed=False)
    template = block_memo.compile_memoised(env, "<{% for b in xs %}[{{ b }}{{ '.' if loop.last }}]{% endfor %}>")
    (body,) = [f.__self__ for name, f in env.filters.items() if name.startswith("_aicontract_blocks_")]
    assert template.render(xs=["a", "b"], di=0) == "<[a][b.]>"
    assert body.done.get(("b", 0, True)) == "[b.]"  # the loop went through the memo


def test_every_text_of_a_clause_is_in_its_key():
    """Paths and citations from all of a clause's texts (each option, each item) and the option
    chosen, not just the last text read."""
    family = bundled_family("cooperation")
    ownership = family.clauses["ip.ownership"]  # only the 单方享有 text reads ip.owner
    deal = make_deal()
    base = {name: getattr(deal, name) for name in type(deal).model_fields} | {"main_title": "T"}
    sole = base | {"ip": deal.ip.model_copy(update={"ownership": type(deal.ip.ownership)("单方享有"), "owner": "甲方"})}
    assert fresh_key(ownership, context=sole) != fresh_key(ownership, context=sole | {
        "ip": sole["ip"].model_copy(update={"owner": "乙方"})})
    joint = sole | {"ip": sole["ip"].model_copy(update={"ownership": type(deal.ip.ownership)("双方共同共有")})}
    assert fresh_key(ownership, context=sole) != fresh_key(ownership, context=joint)
    clause = family.clauses["confidentiality.exceptions"]
    cited_then_plain = clause.model_copy(update={"text": "见第{{ ref('ip.use_rights') }}条。",
                                                 "items": [family.clauses["resources.party_a"].items[0]]})
    item = [("（1）", cited_then_plain.items[0])]
    assert fresh_key(cited_then_plain, labels={"ip.use_rights": "7.7"}, items=item) != \
        fresh_key(cited_then_plain, labels={"ip.use_rights": "7.8"}, items=item)
    for text, one, other in [
        ("见第{{ ref(dispute.route) }}条。", dict(labels={"仲裁": "14.2"}), dict(labels={"仲裁": "14.3"})),
        ("见本合同{{ annex('data_processing') }}。", dict(annex={"data_processing": "附件一"}.__getitem__),
         dict(annex={"data_processing": "附件二"}.__getitem__)),
        ("依主合同第{{ main_ref('ip.continuity') }}条。", dict(main_labels={"ip.continuity": "7.5"}),
         dict(main_labels={"ip.continuity": "7.6"})),
    ]:
        then_plain = cited_then_plain.model_copy(update={"text": text})
        assert fresh_key(then_plain, items=item, **one) != fresh_key(then_plain, items=item, **other), text


def test_tested_only_in_conditional_expressions_and_conjunctions():
    assert memo.tested_only(["{% if k %}{% endif %}{{ f if g else k }}"]) == {("g",)}  # k is also printed
    assert memo.tested_only(["{% if (x if y else z) %}{% endif %}"]) == {("x",), ("y",), ("z",)}
    assert memo.tested_only(["{% if c and (d or not e) %}{% endif %}"]) == {("c",), ("d",), ("e",)}
    assert memo.tested_only(["{{ c and (d or not e) }}"]) == {("e",)}  # and/or print a value; not does not
