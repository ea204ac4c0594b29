"""The mandatory-item check (指南 第三十四、三十五、三十六条) and the consistency rules:
the example passes; for every item and every rule a deal that fails it, with its message."""

import json
import re

import docx
import pytest
import yaml
from click.testing import CliRunner
from test_appendix2_inventory import squash

from aicontract import assemble
from aicontract.cli import main
from aicontract.drafting import check
from aicontract.io.deal_file import dump_yaml
from aicontract.library import LibraryError, load_family, load_requirements

from helpers import EXAMPLES, SOURCES, example_data, make_deal, merge

GUIDE = squash((SOURCES / "guide_000.txt").read_text(encoding="utf-8"))


def report_for(changes=None, family=None):
    deal = make_deal(changes)
    return check(assemble(deal, family), deal, family)


def finding(report, item_id):
    (found,) = [f for f in report.findings if f.id == item_id]
    return found


def test_requirement_wording_is_the_guides():
    requirements = load_requirements()
    assert [i.id for i in requirements.items if not i.is_sub_item] == (
        [f"34.{n}" for n in range(1, 8)] + [f"35.{n}" for n in range(1, 7)] + [f"36.{n}" for n in range(1, 4)]
    )
    for item in requirements.items:
        assert squash(item.text) in GUIDE, item.id
        assert re.fullmatch(r"第三十[四五六]条（[一二三四五六七]）", item.citation)
    for article in requirements.articles:
        assert squash(article.text) in GUIDE


def test_example_checks_clean():
    report = report_for()
    assert report.ok, report.text()
    assert {f.status for f in report.findings if f.mandatory} == {"pass"}


@pytest.mark.parametrize(
    "item, changes, message",
    [
        ("34.1", {"project": {"scenario": "待定"}}, "project.scenario（项目与模型 › 应用场景）为占位内容“待定”"),
        ("34.2", {"work_tasks": [{"scenario": "问答", "function": "问答", "deliverable": "TBD"}]},
         "work_tasks.*.deliverable（工作任务 › 交付成果）为占位内容“TBD”"),
        ("34.3", {"acceptance": {"criteria": []}}, "合同中没有约定该事项的条款（相关参数 / parameters：acceptance.criteria）"),
        ("34.3", {"acceptance": {"criteria": ["___"]}}, "为占位内容“___”"),
        ("34.3", {"acceptance": {"criteria": ["无"]}}, "相关条款的参数均为“无”或未填写"),
        ("34.4", {"funding": {"source": "另行约定"}}, "funding.source（项目经费 › 经费来源）为占位内容“另行约定”"),
        ("34.4/revenue", {"funding": {"revenue_expected": True}}, "相关条款的参数均为“无”或未填写"),
        ("34.7", {"nonconformity_liability": ...}, "合同中没有约定该事项的条款（相关参数 / parameters：nonconformity_liability）"),
    ],
)
def test_item_fails_on_a_deal_without_it(item, changes, message):
    report = report_for(changes)
    found = finding(report, item)
    assert found.status == "fail" and found.mandatory and not report.ok
    assert any(message in p for p in found.problems), found.problems
    line = found.line()
    requirement = load_requirements().get(item)
    assert line.startswith(f"✗ {item} {requirement.citation}{requirement.name} [{requirement.english}]")
    assert f"请补充 / to add：{requirement.advice}" in line


def test_revenue_plan_passes_when_given():
    report = report_for({"funding": {"revenue_expected": True, "revenue_plan": "成果转化净收益按甲方60%、乙方40%分配"}})
    assert finding(report, "34.4/revenue").status == "pass"
    assert report.ok


def test_staff_undertaking_not_applicable_when_the_deal_says_so():
    report = report_for({"staff_undertakings": False})
    assert finding(report, "34.6/undertaking").status == "n/a"
    assert report.ok


def _drop(library, filename, clause_ids):
    """A library copy whose clauses ``clause_ids`` apply only with a signing date (which the example lacks)."""
    path = library / "cooperation" / filename
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for clause in data["clauses"]:
        if clause["id"] in clause_ids:
            clause["when"] = "signing_date"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    "item, filename, clause_ids",
    [
        ("34.5", "07_ip.yaml", ["ip.background", "ip.ownership", "ip.co_ownership", "ip.non_infringement",
                                "ip.protection", "ip.continuity", "ip.registration", "ip.use_rights",
                                "ip.improvements", "ip.indemnity", "ip.defence"]),
        ("34.5/use", "07_ip.yaml", ["ip.use_rights", "ip.co_ownership"]),
        ("34.6", "12_confidentiality.yaml", ["confidentiality.scope", "confidentiality.duty"]),
        ("34.6/undertaking", "12_confidentiality.yaml", ["confidentiality.undertakings"]),
        ("36.1", "07_ip.yaml", ["ip.background"]),
        ("36.2", "07_ip.yaml", ["ip.ownership"]),
        ("36.3", "07_ip.yaml", ["ip.protection", "ip.registration"]),
    ],
)
def test_item_fails_when_its_clauses_are_not_in_the_contract(library_copy, item, filename, clause_ids):
    """Items met by fixed wording can only fail if the wording is absent: prove the check sees it."""
    _drop(library_copy, filename, clause_ids)
    if "ip.use_rights" in clause_ids:  # 12.5 cites 7.5 and 7.7: without them it goes too
        _drop(library_copy, "12_confidentiality.yaml", ["confidentiality.exceptions"])
        # the hand-over in 7.5's terms and 10's rescission paragraph cites 7.7 (the base model copy)
        # and so do 7.5's notice, 7.2's share-disposal paragraph, 7.1's licence-fee paragraph and 7.4's defence paragraph
        _drop(library_copy, "07_ip.yaml", ["ip.transfer_terms", "ip.continuity_notice", "ip.share_disposal", "ip.background_fee",
                                           "ip.defence", "ip.indemnity"])
        _drop(library_copy, "10_breach.yaml", ["breach.rescission_ip"])
    if "ip.continuity" in clause_ids:  # 7.5's terms, its notice, 7.2's share paragraph and 10's rescission paragraph cite 7.5
        _drop(library_copy, "07_ip.yaml", ["ip.transfer_terms", "ip.continuity_notice", "ip.share_disposal"])
        _drop(library_copy, "10_breach.yaml", ["breach.rescission_ip"])
    if "ip.protection" in clause_ids:  # 7.5's notice keeps 7.4's second paragraph alive
        _drop(library_copy, "07_ip.yaml", ["ip.continuity_notice"])
    if "ip.ownership" in clause_ids:  # 7.2's share-disposal paragraph and 7.5's notice (which keeps it alive) cite 7.2
        _drop(library_copy, "07_ip.yaml", ["ip.share_disposal", "ip.continuity_notice"])
    if {"ip.continuity", "ip.use_rights", "ip.improvements"} & set(clause_ids):  # 1.9 cites 7.5, 7.7, 7.8
        _drop(library_copy, "01_definitions.yaml", ["definitions.tools"])
    family = load_family("cooperation", library_copy)
    found = finding(report_for(family=family), item)
    assert found.status == "fail" and found.mandatory
    assert found.problems[0].startswith("合同中没有约定该事项的条款")


def test_data_items_are_informational_without_a_data_processing_agreement():
    report = report_for({"data_processing": ...})
    assert report.ok
    for n in range(1, 7):
        assert not finding(report, f"35.{n}").mandatory
    assert finding(report, "35.1").status == "fail"  # no 数据处理协议 yet: reported, not failing
    assert finding(report, "35.1").line().startswith("! 35.1")


RULES = [
    ("funding.instalments_total", {"funding": {"total": "1900000.00"}},
     "各期合计 ¥1,868,000.00，而项目经费 › 经费总额（元）为 ¥1,900,000.00，相差 ¥32,000.00"),
    ("funding.instalment_percents",
     {"funding": {"instalments": [
         {"trigger": "签订合同", "amount": "558000.00", "percent": 30},
         {"trigger": "初验", "amount": "930000.00", "percent": 40},
         {"trigger": "终验", "amount": "372000.00", "percent": 20}]}},
     "第2期比例 40% 对应 ¥744,000.00，而金额为 ¥930,000.00"),
    ("schedule.in_order", {"milestones": {"trial_start": "2026-07-01"}},
     "试运行开始日（2026年7月1日）早于交付及验收安排 › 初步验收截止日（2026年7月31日）"),
    ("schedule.in_order", {"term": {"end": "2026-11-30"}},
     "项目期限 › 截止日期（2026年11月30日）早于交付及验收安排 › 最终验收截止日（2026年12月15日）"),
    ("ip.shares_only_for_proportional", {"ip": {"ownership": "双方共同共有"}},
     "项目知识产权归属 › 共有比例只适用于“双方按比例共有”，而所选为“双方共同共有”"),
    ("ip.shares_total", {"ip": {"shares": {"party_a": 60, "party_b": 30}}},
     "项目知识产权归属 › 共有比例 › 甲方份额（%）、项目知识产权归属 › 共有比例 › 乙方份额（%）合计 90，应为 100"),
    ("model.filed", {"resources_b": {"base_model": {"filing_no": ...}}}, "备案号未填写或为“无”"),
    ("model.filed", {"resources_b": {"base_model": {"filing_no": "待定"}}}, "备案号为占位内容“待定”"),
    ("model.filed", {"resources_b": {"base_model": {"filing_no": "正在办理"}}},
     "基础模型 › 备案号“正在办理”不是生成式人工智能服务备案号"),
    ("model.filed", {"resources_b": {"base_model": {"filing_no": "Zhejiang-XingHe-2025031"}}},
     "备案号“Zhejiang-XingHe-2025031”不是生成式人工智能服务备案号"),
    ("dpa.purposes_cover_operation", {"data_processing": {"purposes": ["训练", "验证", "测试"], "runtime_location": None}},
     "数据处理协议 › 使用目的中没有“上线运行和运维”"),
    ("dpa.retained_within_support", {"data_processing": {"retained": {"until": "2028-12-16"}}},
     "技术支持期间保留的数据 › 保留截止日（2028年12月16日）晚于交付及验收安排 › 最终验收截止日后2年（2028年12月15日）"),
    ("acceptance.security_testing_agreed", {"acceptance": {"security_testing": ...}},
     "评审验收程序与标准 › 网络安全等级保护测评未填写或为“无”"),
    ("ip.licence_fee_within_first", {"ip": {"background_licence_fee": "600000"}},
     "项目知识产权归属 › 背景知识产权许可费（元）（¥600,000.00）大于第一期经费金额（¥558,000.00）"),
    ("dispute.arbitration_forum", {"dispute": {"commission": "待定"}}, "仲裁委员会为占位内容“待定”"),
    ("dispute.litigation_forum", {"dispute": {"route": "诉讼", "commission": ..., "seat": ..., "court_place": "TBD"}},
     "管辖地点为占位内容“TBD”"),
]


@pytest.mark.parametrize("rule_id, changes, message", RULES, ids=[r[0] + str(i) for i, r in enumerate(RULES)])
def test_rule_fails_with_its_message(rule_id, changes, message):
    report = report_for(changes)
    found = finding(report, rule_id)
    assert found.status == "fail" and not report.ok
    assert any(message in p for p in found.problems), found.problems


def test_a_failing_rule_names_the_parameters_it_reads_not_its_condition():
    """A batch row names the cells of these (CheckFinding.paths); a rule that holds names none."""
    found = finding(report_for({"ip": {"shares": {"party_a": 60, "party_b": 30}}}), "ip.shares_total")
    assert found.paths == ["ip.shares.party_a", "ip.shares.party_b"]
    assert finding(report_for({}), "ip.shares_total").paths == []
    exported = report_for({"data_processing": {"cross_border": True, "export_consent": True, "export_assessment": True,
                                               "cross_border_scope": "样本2000条，提供给新加坡星河研究院有限公司"}})
    assert finding(exported, "dpa.export_check").paths == ["data_processing.cross_border_scope"]  # not its when


def test_every_rule_has_a_failing_case():
    family = load_family("cooperation")
    warnings = {"acceptance.security_testing_unused",  # reported, never failing: tests/test_legal_followup.py
                "ip.licence_fee_stated", "ip.transfer_price_not_refunded",  # tests/test_licence_fee.py
                "ip.rescission_names_no_share"}  # failing; tested in tests/test_ip_options.py
    assert {r.id for r in family.rules} == {r[0] for r in RULES} | warnings


@pytest.mark.parametrize("filing_no", ["Beijing-YunQue-20230821", "Beijing-DeepseekChat-202404280016",
                                       "ZheJiang-TongYiQianWen-20230901", "Shaanxi-QinLing-20241231"])
def test_published_filing_numbers_pass(filing_no):
    found = finding(report_for({"resources_b": {"base_model": {"filing_no": filing_no}}}), "model.filed")
    assert found.status == "pass"


def test_retention_on_the_last_day_of_support_passes():
    found = finding(report_for({"data_processing": {"retained": {"until": "2028-12-15"}}}), "dpa.retained_within_support")
    assert found.status == "pass"


def test_library_rejects_covers_of_unknown_items(library_copy):
    path = library_copy / "cooperation/13_notices.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    title: 送达时间\n", "    title: 送达时间\n    covers: [\"34.9\"]\n"), encoding="utf-8")
    with pytest.raises(LibraryError, match="34.9"):
        load_family("cooperation", library_copy)


def test_library_rejects_a_required_item_no_clause_covers(library_copy):
    path = library_copy / "cooperation/10_breach.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('    covers: ["34.7"]\n', ""), encoding="utf-8")
    with pytest.raises(LibraryError, match="item 34.7 must be met"):
        load_family("cooperation", library_copy)


def test_library_rejects_a_rule_on_a_missing_parameter(library_copy):
    path = library_copy / "cooperation/rules.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("resources_b.base_model.filing_no", "resources_b.base_model.filing"), encoding="utf-8")
    with pytest.raises(LibraryError, match="model.filed"):
        load_family("cooperation", library_copy)


# --- the command line -------------------------------------------------------------------


def write(tmp_path, changes):
    path = tmp_path / "deal.yaml"
    path.write_text(dump_yaml(merge(example_data(), changes)), encoding="utf-8")
    return path


def test_check_command_passes_on_the_example():
    result = CliRunner().invoke(main, ["check", str(EXAMPLES / "cooperation.yaml")])
    assert result.exit_code == 0
    assert "✓ 34.3 第三十四条（三）验收标准 [Acceptance criteria]：5.4" in result.output


def test_check_command_names_missing_acceptance_criteria(tmp_path):
    result = CliRunner().invoke(main, ["check", str(write(tmp_path, {"acceptance": {"criteria": []}}))])
    assert result.exit_code == 1
    assert "✗ 34.3 第三十四条（三）验收标准 [Acceptance criteria]" in result.output


def test_check_command_json(tmp_path):
    result = CliRunner().invoke(main, ["check", str(write(tmp_path, {"funding": {"total": "1.00"}})), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    failing = {f["id"] for f in data["findings"] if f["status"] == "fail" and f["mandatory"]}
    assert failing == {"funding.instalments_total", "funding.instalment_percents"}


def test_check_command_unreadable_input(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("family: cooperation\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(bad)]).exit_code == 2


def test_draft_refuses_an_incomplete_deal(tmp_path):
    out = tmp_path / "c.docx"
    result = CliRunner().invoke(main, ["draft", str(write(tmp_path, {"acceptance": {"criteria": []}})), "-o", str(out)])
    assert result.exit_code == 1
    assert "第三十四条（三）验收标准" in result.output and "--allow-incomplete" in result.output
    assert not out.exists()


def test_allow_incomplete_marks_the_first_page(tmp_path):
    out = tmp_path / "c.docx"
    deal = write(tmp_path, {"acceptance": {"criteria": []}})
    result = CliRunner().invoke(main, ["draft", str(deal), "-o", str(out), "--allow-incomplete"])
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paragraphs[0].startswith("【未完成草稿 / INCOMPLETE DRAFT】")
    assert paragraphs[1].startswith("第三十四条（三）验收标准 [Acceptance criteria]：合同中没有约定该事项的条款")
    assert paragraphs[2].startswith("合同编号")


def test_a_litigation_deal_checks_clean():
    """诉讼 instead of 仲裁: the arbitration rules do not apply, nothing is missing."""
    deal = make_deal({"dispute": {"route": "诉讼", "commission": ..., "seat": ..., "court_place": "甲方所在地"}})
    report = check(assemble(deal), deal)
    assert report.ok and [f.id for f in report.failures] == []


PLACEHOLDER = "acceptance.criteria（评审验收程序与标准 › 验收标准和指标）为占位内容“待定”"


@pytest.mark.parametrize("criteria, problems, unused", [(["待定"], [PLACEHOLDER], True), (["无"], [], True),
                                                        (["待定", "答复准确率不低于90%"], [PLACEHOLDER], False)])
def test_a_list_answer_counts_when_an_element_is_a_real_answer(criteria, problems, unused):
    """Walkthrough (runtime location) H1: a list never counted, so 使用目的 alone did not meet 35.2; a list
    of placeholders or 无 still does not, and its placeholders are named (review62 L6)."""
    from aicontract.drafting.check import _value_problems

    deal = make_deal({"acceptance": {"criteria": criteria}})
    assert _value_problems(deal, ["acceptance.criteria"]) == ([("acceptance.criteria", p) for p in problems], unused)
    # printed element by element too: named once, there
    assert _value_problems(deal, ["acceptance.criteria", "acceptance.criteria.*"])[0] == [
        ("acceptance.criteria.*", p.replace("criteria（", "criteria.*（")) for p in problems]


def test_a_parameter_a_clause_only_tests_answers_nothing():
    """review62 M1: 使用目的, tested in 4.1 to print the running data's place, made 4.1's storage place 无 pass 35.4."""
    from aicontract.drafting.check import _value_problems

    deal = make_deal({"data_processing": {"storage_location": "无"}})
    paths = ["data_processing.storage_location", "data_processing.purposes"]
    assert _value_problems(deal, paths) == ([], False)
    assert _value_problems(deal, paths, frozenset({"data_processing.purposes"})) == ([], True)


def test_a_regulation_left_to_be_decided_fails_the_check():
    """review62 L6: a list printed as a whole (security_annex.regulations) hid its placeholder."""
    deal = make_deal({"security_annex": {"regulations": ["待定"]}}, name="tech_development_ai")
    assert [(f.id, f.problems, f.paths) for f in check(assemble(deal), deal).failures] == [
        ("34.6", ["security_annex.regulations（附件一 保密和网络安全协议 › 行业数据安全规定）为占位内容“待定”"],
         ["security_annex.regulations"])]


def test_placeholders_no_item_names_are_a_reminder():
    """review63 L5: the 常州 form's 签订地点 待定 was printed and no line of the check said so."""
    deal = make_deal({"security_annex": {"place": "待定"}}, name="changzhou")
    report = check(assemble(deal), deal)
    found = finding(report, "placeholders")
    assert (found.status, found.mandatory) == ("fail", False)
    assert found.problems == ["security_annex.place（附件一 保密和网络安全协议 › 签订地点）为占位内容“待定”",
                              "合同编号中有未填写的内容“XX”：“2024-XX-01-06”"]
    assert found.paths == ["security_annex.place"]  # the 合同编号 is no parameter of a clause: the batch row names its cell
    assert found.line().startswith("! placeholders 草稿中不留占位内容")
    assert "另有 " in report.text() and "项提示仅供参考" in report.text()
    clean = make_deal({"contract_no": "2024-18-01-06"}, name="changzhou")
    assert finding(check(assemble(clean), clean), "placeholders").status == "pass"


def test_a_placeholder_an_item_names_is_not_named_again():
    """A placeholder in an answer a mandatory item counts is reported there (✗ 35.4), not twice."""
    report = report_for({"data_processing": {"runtime_location": "待定"}})
    assert finding(report, "35.4").problems == ["data_processing.runtime_location（数据处理协议 › 运行数据的存储和处理地点）为占位内容“待定”"]
    assert finding(report, "35.4").paths == ["data_processing.runtime_location"]
    assert (finding(report, "placeholders").status, finding(report, "placeholders").paths) == ("pass", [])


def test_a_gap_left_inside_an_answer_is_a_reminder():
    """review73 M4: “地址……，联系人……” inside the export's scope printed as written, and the check said all passed."""
    report = report_for({"data_processing": {"cross_border": True, "export_consent": True, "export_assessment": True,
                                             "cross_border_scope": "样本2000条，提供给新加坡星河研究院有限公司（地址……，联系人……）"}})
    found = finding(report, "placeholders")
    assert (found.status, found.mandatory) == ("fail", False)
    assert found.problems == ["data_processing.cross_border_scope（数据处理协议 › 出境数据范围）中有未填写的内容“……”："
                              "“…条，提供给新加坡星河研究院有限公司（地址……，联系人……）”"]
    assert finding(report_for({"project": {"purpose": "提高答复准确率（XX市试点）"}}), "placeholders").problems == [
        "project.purpose（项目与模型 › 合作目的）中有未填写的内容“XX”：“提高答复准确率（XX市试点）”"]


def test_a_gap_on_the_cover_or_in_a_party_block_is_named_with_the_words_around_it():
    """review74 L2: the cover, the 合同编号 and the parties' blocks print too (住所地 杭州市…… had no reminder);
    L1: the words around the gap are quoted, not the answer's first 60 characters."""
    report = report_for({"party_b": {"address": "江州市滨江区创智路……"},
                         "data_processing": {"cross_border": True, "export_consent": True, "export_assessment": True,
                                             "cross_border_scope": "问答对标注样本2000条（取自第1.1条所列政务服务事项库，已去标识化），"
                                                                   "提供给新加坡星河研究院有限公司（地址……）"}})
    assert finding(report, "placeholders").problems == [
        "data_processing.cross_border_scope（数据处理协议 › 出境数据范围）中有未填写的内容“……”：“…），提供给新加坡星河研究院有限公司（地址……）”",
        "乙方（承建方） › 地址中有未填写的内容“……”：“江州市滨江区创智路……”"]
    changzhou = make_deal(name="changzhou")
    assert finding(check(assemble(changzhou), changzhou), "placeholders").problems == [
        "合同编号中有未填写的内容“XX”：“2024-XX-01-06”"]  # the 常州 contract's own number, as the source prints it


def test_every_gap_in_an_answer_is_named_once():
    """Reminders walkthrough L1-L3: only the first gap of an answer was named; ×× and a 待定 inside an answer were
    not; a 合同编号 printed in a clause and at the top was named twice."""
    report = report_for({"contract_no": "JZ-XX-001", "party_b": {"address": "江州市××区创智路（具体门牌待定），邮编……"}})
    assert finding(report, "placeholders").problems == [
        "contract_no（合同编号）中有未填写的内容“XX”：“JZ-XX-001”",
        "乙方（承建方） › 地址中有未填写的内容“××”“待定”“……”：“江州市××区创智路（具体门牌待定），邮编……”"]
