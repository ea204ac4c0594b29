"""The 数据处理协议: standalone and as an annex; each data flag changes the text as it should."""

import io
import re

import docx
import pytest

from aicontract import DealError, assemble, render_docx, render_text
from aicontract.drafting import check
from aicontract.drafting.contract import Paragraph
from aicontract.library import bundled_family

from helpers import LEFTOVERS, docx_text, expected_values, finding, make_deal


def dpa(changes=None):
    return make_deal({"data_processing": changes or {}}, name="data_processing")


def texts(contract):
    return {b.clause_id: b.text for doc in contract.documents for b in doc.blocks if isinstance(b, Paragraph)}


def test_standalone_drafts_and_checks_clean():
    deal = dpa()
    contract = assemble(deal)
    report = check(contract, deal)
    assert report.ok, report.text()
    assert [f.id for f in report.findings if f.kind == "item" and f.status == "pass"] == [
        "35.1", "35.2", "35.3", "35.4", "35.4/after_delivery", "35.5", "35.6"]
    data = render_docx(contract)
    text = docx_text(data)
    for path, value in expected_values(deal).items():
        assert value in text, path
    for leftover in LEFTOVERS:
        assert leftover not in text
    assert docx.Document(io.BytesIO(data)).paragraphs[1].text == "数据处理协议"


def test_every_clause_cites_its_source_or_says_it_is_aicontracts_drafting():
    contract = assemble(dpa())
    for block in contract.blocks:
        assert re.match(r"^(指南 (第|附录二)|《中华人民共和国[^》]+》第|aicontract 起草（依据 )", block.source), block.clause_id
    sources = {b.clause_id: b.source for b in contract.blocks}
    assert sources["dpa_general.remedy"] == "aicontract 起草（依据 指南 第十条）"
    assert sources["dpa_security.sub_processing"].endswith("第二句为 aicontract 起草")


@pytest.mark.parametrize("family", ["data_processing", "cooperation", "tech_development", "ai_terms", "security_annex"])
def test_a_clause_whose_note_says_aicontract_drafted_it_says_so_in_its_source(family):
    """Third review L3-07: the label belongs in ``source``, not only in the note."""
    unlabelled = [clause_id for clause_id, clause in bundled_family(family).clauses.items()
                  if "aicontract 起草" in (clause.note or "") and "aicontract 起草" not in clause.source]
    assert unlabelled == []


@pytest.mark.parametrize(
    "flag, clause_id",
    [("personal_info", "dpa_personal.principles"), ("public_data", "dpa_public.principles"), ("secrets", "dpa_data.secrets")],
)
def test_flags_bring_their_clauses(flag, clause_id):
    on = texts(assemble(dpa({flag: True})))
    unanswered = {"sensitive_personal_info": ..., "legal_basis": ..., "personal_info_kinds": ...} if flag == "personal_info" else {}
    off = texts(assemble(dpa({flag: False, **unanswered})))
    assert clause_id in on and clause_id not in off


def test_nature_clause_states_each_flag():
    text = texts(assemble(dpa({"personal_info": False, "sensitive_personal_info": ..., "legal_basis": ...,
                               "personal_info_kinds": ..., "public_data": False, "secrets": True})))["dpa_data.nature"]
    # without personal information nothing is said of sensitive personal information
    assert text.startswith("经双方确认，本协议第1.1条所列数据不含有个人信息，不含有公共数据，涉及国家秘密、工作秘密。")
    text = texts(assemble(dpa({"sensitive_personal_info": True, "personal_info_kinds": "咨询人的性别和参保地"})))["dpa_data.nature"]
    assert text.startswith("经双方确认，本协议第1.1条所列数据含有个人信息（种类为：咨询人的性别和参保地），含有敏感个人信息，含有公共数据，"
                           "不涉及国家秘密、工作秘密。")


@pytest.mark.parametrize("kinds", [None, "无"])
def test_personal_information_without_its_kinds_is_never_stated_and_fails_the_check(kinds):
    """review52 M5: 委托处理个人信息 must state its kinds (《个人信息保护法》第二十一条第一款); none given is
    not written as a fact (无 would say there are none) and the check fails, naming the law."""
    deal = dpa({"personal_info_kinds": kinds})
    contract = assemble(deal)
    assert texts(contract)["dpa_data.nature"].startswith("经双方确认，本协议第1.1条所列数据含有个人信息（种类为：尚待双方书面确认），不含有敏感个人信息")
    found = finding(check(contract, deal), "dpa.personal_info_kinds")
    assert (found.status, found.mandatory) == ("fail", True)
    assert "《中华人民共和国个人信息保护法》第二十一条第一款" in found.line()
    none = dpa({"personal_info": False, "sensitive_personal_info": ..., "legal_basis": ..., "personal_info_kinds": None})
    assert finding(check(assemble(none), none), "dpa.personal_info_kinds").status == "n/a"


def test_sensitive_personal_information():
    on = texts(assemble(dpa({"sensitive_personal_info": True, "separate_consent": True})))
    assert "应取得对应个人单独同意" in on["dpa_personal.sensitive"]
    assert "甲方确认已就本项目处理的敏感个人信息取得对应个人的单独同意" in on["dpa_personal.sensitive"]
    assert "dpa_personal.sensitive" not in texts(assemble(dpa()))


def test_cross_border():
    base = "未经甲方事先书面同意并依法完成数据出境安全评估等程序，乙方不得将数据传输至境外。"
    # review72 L3: a foreign authority's request to 乙方 itself; review73 M1: said last, so that “前句” above is the first
    foreign = ("乙方收到外国司法或者执法机构关于提供存储于中华人民共和国境内的数据的请求的，非经中华人民共和国主管机关批准，不得提供，"
               "并应立即书面告知甲方。")
    # review71 L4, review72 L5: a later consent brings the same terms, written into the agreement before any transfer
    assert texts(assemble(dpa()))["dpa_storage.cross_border"] == base + (
        "甲方依前句同意出境的，双方应事先书面补充本条，写明出境数据的范围（数据的种类和数量、境外接收方及其所在国家或者地区、出境目的、"
        "境外的处理方式和保存期限）、已完成的出境程序，以及境外接收方的处理限制（包括本项目的模型及其参数不出境）、保存期限届满后的处理"
        "和外国司法或者执法机构调取时的通知等条件；未补充前乙方不得传输。") + foreign
    exported = texts(assemble(dpa({"cross_border": True, "export_consent": True, "export_assessment": True, "public_data": False,
                                    "cross_border_scope": "脱敏后的模型评测指标汇总"})))["dpa_storage.cross_border"]
    assert exported.startswith(base) and exported.endswith(foreign)
    sentences = exported[len(base):-len(foreign)].split("。")
    # review70 H1, review71 M1, review72 M1: which procedure the law asks for which data
    assert sentences[0] == (
        "甲方已书面同意，并已依法完成数据出境安全评估、个人信息出境标准合同备案或者个人信息保护认证等程序（依法无需履行的除外；出境数据"
        "含重要数据的，已通过数据出境安全评估；含国家机关或者法律、法规授权的具有管理公共事务职能的组织处理的个人信息的，已依《中华人民"
        "共和国个人信息保护法》第三十六条、第三十七条进行安全评估）的出境数据范围为：脱敏后的模型评测指标汇总；超出该范围的，适用前句")
    # review72 H1: the purposes of 2.1 and this project only; review71 M2: no model abroad; review73 M3: its outputs
    assert sentences[1] == (
        "境外接收方仅可在本协议第2.1条约定的目的之内、为本项目并按前述范围所写的目的和方式（未写明方式的，限于存储和为该目的所必需的处理）"
        "处理出境数据，处理结果不得用于乙方或者境外接收方自身的产品或者服务，不得向第三方提供或者再转移；依本条在境外处理出境数据，不视为"
        "违反本协议第3.1条关于处理方式和范围的约定，但本项目的模型及其参数（包括模型权重）不因本条向境外传输，境外接收方也不得在境外训练、"
        "部署本项目的模型或者以其提供推理服务；模型的输出需随出境数据提供的，应在境内生成，并列入前述出境数据范围")
    # review70 M1, review72 L4: notice, consent and impact assessment before the transfer
    assert sentences[2] == (
        "出境数据含个人信息的，甲方应在出境前依《中华人民共和国个人信息保护法》第三十九条向个人告知境外接收方的名称或者姓名、联系方式、"
        "处理目的、处理方式、个人信息的种类以及个人向境外接收方行使权利的方式和程序，依法需要取得个人单独同意的，在出境前取得其单独同意，"
        "并依该法第五十五条第（四）项事前进行个人信息保护影响评估；乙方应提供所需材料")
    # review72 M2, review73 L1: who signs what with the recipient, and whose breach its breach is
    assert sentences[3:5] == [
        "依法应与境外接收方订立的法律文件（如申报数据出境安全评估时提交的法律文件、个人信息出境标准合同），由依法负有该义务的一方订立，"
        "乙方应促成境外接收方签署；乙方并应与境外接收方书面约定不低于本协议的数据安全保护义务（包括《数据出境安全评估办法》第九条所列事项）",
        "境外接收方违反本条约定或者前述法律文件的，视为乙方违约"]
    # review71 M3, review72 M4 L1, review73 L4: disposal when the recipient's own period ends, every copy, confirmed then
    assert sentences[5] == (
        "乙方应确保境外接收方在前述范围写明的、自出境之日起计算的境外保存期限届满之日起15日内（未写明保存期限的，在本协议第4.2条约定的"
        "期限内），且不晚于该条约定的期限，按甲方选择的方式处理出境数据（包括境外接收方及其工作人员持有的全部副本和备份，删除的应确保不可"
        "恢复；依中华人民共和国法律、行政法规规定或者经甲方书面同意可以保留的除外；保留的，保留期间除存储和采取必要的安全保护措施外不得作"
        "其他处理，期限届满之日起15日内删除）；乙方应在境外接收方处理完毕之日起3个工作日内向甲方书面确认处理情况以及保留的数据的种类和期限，"
        "并将其列入本协议第7.2条的书面确认")  # without public data there is no section 6: 删除 is 7
    # review71 M4, review72 L2: a foreign authority's demand is reviewed with 甲方 and resisted, and is no consent
    assert sentences[6:] == [
        "境外接收方收到外国司法或者执法机构调取出境数据的要求的，乙方应确保其在法律允许的范围内立即通知甲方并事先与甲方协商，对该要求的"
        "合法性进行审查，在法律允许的范围内拒绝或者限制提供；确须提供的，仅提供满足该要求所必需的最小范围的数据，并由乙方向甲方书面说明"
        "提供的情况", "本条不构成甲方对向外国司法或者执法机构提供数据的同意", ""]
    # review73 L2: public data exported are processed, not raw
    public = texts(assemble(dpa({"cross_border": True, "export_consent": True, "export_assessment": True, "public_data": True,
                                 "cross_border_scope": "脱敏后的模型评测指标汇总"})))["dpa_storage.cross_border"]
    assert "出境数据不得含未经加工的原始公共数据，其出境应符合本协议第6.1条的要求。" in public
    assert "原始公共数据" not in exported


def test_an_export_is_excepted_where_the_main_contract_and_its_ai_annex_say_in_china_only():
    """review66 L1: with an export agreed in the DPA, 合作合同 8.3 and the AI annex 2.1 (in China only) make
    room for it; their 境内 excludes 港澳台 as the DPA's does (review65 L2)."""
    # review70 L2 L3: whether or not the deal exports now (甲方 may consent later under 4.3), the words
    # “须符合甲方要求” stay unexcepted and “处理” is not read as processing
    plain = texts(assemble(make_deal()))
    assert plain["data_security.location"] == (
        "乙方的数据处理及存储活动所使用的技术环境、设备设施须符合甲方要求，且仅限在中华人民共和国境内（为本合同之目的，不包括香港特别"
        "行政区、澳门特别行政区和台湾地区）；依本合同附件一《数据处理协议》关于数据出境的约定（包括经甲方依该约定另行书面同意的出境）"
        "向境外传输的数据，其在境外的传输、存储和处理适用该约定。")
    assert plain["ai_deployment.in_country"] == (
        "乙方应在中华人民共和国境内（为本条款之目的，不包括香港特别行政区、澳门特别行政区和台湾地区，下同）部署模型，模型的训练、推理"
        "及相关数据的存储均应在中华人民共和国境内进行；依《数据处理协议》关于数据出境的约定（包括经甲方依该约定另行书面同意的出境）向"
        "境外传输的数据，其在境外的传输、存储和处理适用该约定。")
    assert "（依《数据处理协议》关于数据出境的约定向境外传输的数据在境外的备份，适用该约定）" in plain["ai_service.backup"]  # review70 M3
    no_dpa = texts(assemble(make_deal({"data_processing": ...})))
    assert no_dpa["data_security.location"].endswith("（为本合同之目的，不包括香港特别行政区、澳门特别行政区和台湾地区）。")
    assert no_dpa["ai_deployment.in_country"].endswith("均应在中华人民共和国境内进行。")
    assert "境外" not in no_dpa["ai_service.backup"]
    technical = texts(assemble(make_deal(name="tech_development_ai")))
    assert technical["ai_deployment.in_country"].endswith("向境外传输的数据，其在境外的传输、存储和处理适用该约定。")


def test_the_standalone_agreement_ends_with_its_checks_and_the_kept_logs_surviving():
    """review68 L3, review69 L1 L2: logs the law makes 乙方 keep are handed over too and only stored; 8.2's
    confirmation names them; 9.3 ends on the hand-over too; 9.4 keeps 甲方's check and the later deletions."""
    text = texts(assemble(dpa()))
    assert text["dpa_security.logs"].endswith(
        "法律、行政法规要求乙方自行留存的日志，不论是否已满本条约定的留存期，乙方均应移交甲方，并依法留存其副本至规定期限届满，留存期间除存储和采取必要的安全"
        "保护措施外不得作其他处理（依法向有关主管部门提供的除外），届满之日起15日内删除。")
    assert text["dpa_deletion.proof"].startswith("乙方应在完成归还、移交、删除或匿名化后")
    assert text["dpa_deletion.proof"].endswith(
        "写明处理的数据范围、方式和完成时间，乙方在本协议第4.1条所称各存储、处理地点的账号和远程访问授权的停用或者注销情况，以及乙方依"
        "本协议第5.4条依法自行留存的日志的种类和留存期限届满之日（没有的，写明无）；该等日志届满删除后3个工作日内，乙方应另行书面确认；"
        "甲方有权进行核查。")
    assert ("的归还、移交、删除或匿名化并经甲方书面确认之日终止；乙方依本协议第5.4条依法自行留存的日志不影响本协议终止，按本协议第9.4条"
            "处理。") in text["dpa_general.term"]  # review70 L7
    assert text["dpa_general.survival"] == (
        "乙方对数据及在处理过程中知悉的甲方信息负有保密义务；该保密义务、本协议第8.2条关于甲方核查的约定、乙方依本协议第5.4条依法"
        "自行留存的日志在留存期间的处理限制和届满后的删除义务、乙方对本协议终止后发现的乙方、其工作人员或者其委托的第三方仍持有的数据"
        "副本和备份依本协议第8.1条删除的义务、乙方依本协议第5.5条通知甲方和应对安全事件的义务（及于涉及乙方、其工作人员或者其委托的"
        "第三方处理过或者仍持有的数据以及乙方依本协议第5.4条依法自行留存的日志的安全事件，不论该事件发生或者发现于本协议终止、解除之前"
        "或者之后），以及本协议约定的违约责任，在本协议终止、解除后继续有效，不因数据的归还、删除而终止。")  # review81-83


def test_annotation_rules_only_when_annotating():
    assert "dpa_methods.annotation" not in texts(assemble(dpa({"processing": ["清洗", "预处理"]})))


def test_disposal_option_and_deadline():
    text = texts(assemble(dpa({"disposal": "匿名化", "disposal_days": 20})))["dpa_storage.after_delivery"]
    assert "或本协议提前终止、解除之日起20日内，根据甲方要求归还" in text
    assert "甲方选择的方式为：匿名化。交付后乙方为履行技术支持、上线后效果评估等约定义务需要使用数据的，应经甲方书面同意" in text
    # a standalone agreement says what delivery means, since its main contract is not in the document
    assert text.startswith("乙方应在项目交付（主合同约定的最终验收通过；未约定最终验收的，为主合同履行完毕）或本协议提前终止")


@pytest.mark.parametrize(
    "rule_id, changes, message",
    [
        ("dpa.in_country", {"cross_border": True}, "甲方事先书面同意出境：须为“是”"),
        ("dpa.in_country", {"cross_border": True, "export_consent": True}, "已依法完成出境程序：须为“是”"),
        ("dpa.sensitive_consent", {"sensitive_personal_info": True, "legal_basis": "第（一）项“取得个人的同意”"},
         "已取得敏感个人信息单独同意：须为“是”"),
        ("dpa.annotation_rules", {"annotation_rules": None}, "标注规则未填写或为“无”"),
    ],
)
def test_data_rules_fail_with_their_message(rule_id, changes, message):
    deal = dpa(changes)
    report = check(assemble(deal), deal)
    (finding,) = [f for f in report.findings if f.id == rule_id]
    assert finding.status == "fail" and not report.ok
    assert any(message in p for p in finding.problems), finding.problems


def test_storage_location_placeholder_fails_35_4():
    deal = dpa({"storage_location": "待定"})
    report = check(assemble(deal), deal)
    (finding,) = [f for f in report.findings if f.id == "35.4"]
    assert finding.status == "fail"


# --- as an annex of the 项目合作合同 ------------------------------------------------------


def test_annex_is_attached_and_referred_to_by_name():
    contract = assemble(make_deal())
    assert [d.title for d in contract.documents] == ["项目合作合同", "附件一：数据处理协议", "附件二：人工智能模型与服务条款"]
    main = texts(contract)
    assert "《数据处理协议》（见本合同附件一）是本合同的组成部分" in main["data_security.agreement"]
    assert "《人工智能模型与服务条款》（见本合同附件二）是本合同的组成部分" in main["obligations.ai_terms"]
    assert main["dpa_preamble.annex"] == (
        "本协议是双方签订的《项目合作合同》（合同编号：JZ-ZWAI-2026-001，以下简称“主合同”）的附件，与主合同同时生效，具有同等"
        "法律效力；本协议未约定的事项，适用主合同的约定。")
    annex_sections = [s.id for s in contract.annexes[0].sections]
    assert "dpa_general" not in annex_sections  # the main contract's disputes and copies apply


def test_without_data_processing_no_annex_and_35_informational():
    deal = make_deal({"data_processing": ...})
    contract = assemble(deal)
    assert [d.title for d in contract.annexes] == ["附件一：人工智能模型与服务条款"]
    assert "data_security.agreement" not in contract.clause_ids
    assert "（见本合同附件一）" in texts(contract)["obligations.ai_terms"]
    report = check(contract, deal)
    assert report.ok
    assert all(not f.mandatory for f in report.findings if f.id.startswith("35"))
    data_articles = [f for f in report.findings if f.kind == "obligation" and f.id in ("第十条", "第十七条")]
    assert [(f.id, f.mandatory) for f in data_articles] == [("第十条", False), ("第十七条", False)]


def test_annex_makes_35_mandatory_for_the_cooperation_contract():
    deal = make_deal({"data_processing": {"processing_scope": "TBD"}})
    report = check(assemble(deal), deal)
    (finding,) = [f for f in report.findings if f.id == "35.3"]
    assert finding.mandatory and finding.status == "fail"
    assert finding.where[0].startswith("《附件一：数据处理协议》")


def test_annex_rules_run_for_the_cooperation_contract():
    deal = make_deal({"incident": {"minutes": 240}})
    report = check(assemble(deal), deal)
    assert [f.id for f in report.failures] == ["incident.within_window"]
    assert report.failures[0].problems == [
        "安全事件通知 › 乙方通知时限（分钟）为 4小时，不短于安全事件通知 › 甲方的网络安全事件报告时限"
        "“甲方作为其他网络运营者，应在4小时内向属地省级网信部门报告”对应的 4小时"]


def test_text_render_has_both_documents():
    text = render_text(assemble(make_deal()))
    assert text.count("（以下为双方签章处，无正文）") == 3
    assert "\f" in text and "附件一：数据处理协议" in text and "附件二：人工智能模型与服务条款" in text


def test_a_change_of_purpose_names_the_clauses_that_state_the_purposes():
    """review37 L6: “超出前款目的” reached only the clause just before, while the run-time data clause
    also states a purpose when the project is operated."""
    plain = texts(assemble(make_deal(name="data_processing")))["dpa_purpose.change"]
    assert plain == "超出本协议第2.1条约定的目的处理数据的，乙方应事先取得甲方书面同意；甲方应按照国家有关规定履行批准程序，明确乙方的数据处理权限。"
    operated = make_deal({"data_processing": {"purposes": ["训练", "上线运行和运维"]}}, name="data_processing")
    assert texts(assemble(operated))["dpa_purpose.change"].startswith("超出本协议第2.1条、第2.2条约定的目的处理数据的，")


def test_running_data_state_their_own_kinds_and_sensitive_input_does_not_stop_the_service():
    """review53 M4: 1.2 confirms the listed data only; the kinds of personal information in the running
    data are their own answer (missing: 尚待双方书面确认, and the check fails); sensitive information users type
    in is protected, not a reason to stop processing."""
    purposes = ["训练", "上线运行和运维"]
    deal = dpa({"purposes": purposes, "runtime_personal_info_kinds": "咨询人的姓名和联系方式"})
    contract = assemble(deal)
    operation = texts(contract)["dpa_purpose.operation"]
    assert operation.endswith("运行数据所含个人信息的种类为：咨询人的姓名和联系方式；输入信息中含有前述种类以外的个人信息的，乙方仅可"
                              "按本条处理，并适用本协议关于个人信息保护的约定。运行数据含有敏感个人信息的，乙方仅可为本条约定的目的、"
                              "以本条所列方式处理，应采取加密存储、访问控制等严格保护措施，日志中的敏感个人信息应去标识化或者屏蔽后"
                              "留存，并遵守甲方提出的其他保护要求；不适用本协议第1.2条关于停止处理的约定。")  # review54 L4, L5
    assert finding(check(contract, deal), "dpa.runtime_personal_info_kinds").status == "pass"
    missing = dpa({"purposes": purposes, "runtime_personal_info_kinds": "【】"})
    contract = assemble(missing)
    assert "运行数据所含个人信息的种类为：【】；" in texts(contract)["dpa_purpose.operation"]  # a placeholder is no answer
    assert finding(check(contract, missing), "dpa.runtime_personal_info_kinds").status == "fail"
    unset = dpa({"purposes": purposes})
    assert "运行数据所含个人信息的种类为：尚待双方书面确认；" in texts(assemble(unset))["dpa_purpose.operation"]
    assert finding(check(assemble(dpa()), dpa()), "dpa.runtime_personal_info_kinds").status == "n/a"  # no service in use


@pytest.mark.parametrize("kinds", ["【 】", "【待补充】", "[TBD]", "【待确认】", "尚待双方书面确认", "待确认。", "（待确认）",
                                   "［待确认］", "尚待确认", "尚待双方确认", "〔待确认〕", "『待确认』", "待确认！", "待 确认",
                                   "（待确认。）", "___", "——", "【】", "[]", "【待补充！】"])  # review55–57 L3: the draft's own words, punctuation
def test_a_placeholder_is_no_kind_of_personal_information(kinds):
    deal = dpa({"personal_info_kinds": kinds})
    assert finding(check(assemble(deal), deal), "dpa.personal_info_kinds").status == "fail"
    assert finding(check(assemble(dpa()), dpa()), "dpa.personal_info_kinds").status == "pass"
    item = finding(check(assemble(deal), deal), "35.1")  # the item its clauses cover says so, once
    assert item.problems == [f"data_processing.personal_info_kinds（数据处理约定 › 个人信息的种类）为占位内容“{kinds}”"]
    assert item.advice.endswith("含个人信息的，写明个人信息的种类（《中华人民共和国个人信息保护法》第二十一条第一款）。")  # review55–57 L3


def test_a_service_in_use_brings_the_personal_information_terms_even_when_the_listed_data_hold_none():
    """review54 M1: training on policy texts only, then answering the public: 乙方 processes its users'
    personal information, so chapter 7 (legal basis, assessment, de-identification, requests) and the
    第五十七条 notice apply; the legal basis is asked, and required by the check."""
    no_data = {"personal_info": False, "sensitive_personal_info": ..., "personal_info_kinds": ...,
               "purposes": ["训练", "上线运行和运维"], "runtime_personal_info_kinds": "咨询人的姓名和联系方式"}
    deal = dpa({**no_data, "legal_basis": "第（三）项“为履行法定职责或者法定义务所必需”"})
    contract = assemble(deal)
    found = texts(contract)
    assert found["dpa_personal.legal_basis"].startswith(
        "双方收集、处理个人信息，应获得个人同意或者符合法律、行政法规规定的其他情形。本项目处理个人信息的依据为《中华人民共和国"
        "个人信息保护法》第十三条第一款第（三）项“为履行法定职责或者法定义务所必需”")
    assert "dpa_personal.assessment" in found and "《中华人民共和国个人信息保护法》第五十七条" in found["dpa_security.incidents"]
    assert found["dpa_personal.deidentification"].endswith(  # review55–56 L2: the service needs its users' data as they are
        "隔离存储；运行数据中为提供约定的服务、运维、日志留存和安全处置所必需的个人信息，可以在该目的所必需的范围和期限内以可识别的"
        "形式处理，并应采取加密、访问控制等安全措施，日志中的敏感个人信息仍按本协议第2.2条去标识化或者屏蔽后留存。")
    # review56 L4: the running data are kept while 乙方 runs the service, then handed over (logs) and disposed of
    assert ("乙方依本协议第2.2条处理的运行数据，在乙方依主合同负责模型上线运行和运维的期间（主合同或者其附件约定了乙方运行服务义务的"
            "期限的，为该期限；未约定的，至主合同履行完毕或者终止、解除之日止）内按该条处理，不适用本款前述期限和关于重新提供的约定；"
            "该期间届满或者乙方不再负责运行和运维时，乙方应依本协议第5.4条先移交未满留存期的日志，并在此后15日内按前述方式处理其持有"
            "的运行数据（运行数据存储于甲方提供或者由甲方控制的环境的，乙方应将该环境中的运行数据及其备份连同管理权限（包括管理账号、口令和"
            "解密所需的密钥）移交甲方，由甲方按其规定处理；乙方应停用或者配合甲方注销其在该环境中的账号和远程访问授权，不得保留或者使用任何"
            "访问凭证，并删除其在该环境以外持有的副本和备份；运行数据存储于其他环境的，乙方应在该期间届满或者其不再负责运行和运维时书面告知甲方其"
            "持有的运行数据的种类、数量和存储位置，按甲方要求将甲方继续运行服务或者依法留存所需的运行数据以甲方能够读取的形式（加密存储的，连同"
            "解密所需的密钥）移交甲方指定的、由甲方控制的环境，再按前述方式处理）；法律、行政法规要求乙方自行留存的日志，按本协议第5.4条处理。"
            ) in found["dpa_storage.after_delivery"]  # review57 L1, L2; review59 L3
    assert "运行数据" not in texts(assemble(dpa()))["dpa_storage.after_delivery"]  # no service in use
    assert "关于停止处理的约定" not in found["dpa_purpose.operation"]  # 1.2 has no such sentence without personal data listed
    assert finding(check(contract, deal), "dpa.runtime_legal_basis").status == "pass"
    unset = dpa({**no_data, "legal_basis": ...})  # its 说明 waits for the basis it explains
    contract = assemble(unset)
    assert "本项目处理个人信息的依据为：尚待双方书面确认。" in texts(contract)["dpa_personal.legal_basis"]
    assert finding(check(contract, unset), "dpa.runtime_legal_basis").status == "fail"
    neither = dpa({**no_data, "purposes": ["训练"], "runtime_personal_info_kinds": ..., "legal_basis": ...})
    found = texts(assemble(neither))
    assert "dpa_personal.legal_basis" not in found and "第五十七条" not in found["dpa_security.incidents"]
    with pytest.raises(DealError, match="数据不含个人信息且不上线运行时不填"):
        dpa({**no_data, "purposes": ["训练"], "runtime_personal_info_kinds": ...,
             "legal_basis": "第（三）项“为履行法定职责或者法定义务所必需”"})


@pytest.mark.parametrize("field, rule", [("personal_info_kinds", "dpa.kinds_say_some"),
                                         ("runtime_personal_info_kinds", "dpa.runtime_kinds_say_some")])
def test_kinds_that_say_there_is_no_personal_information_fail(field, rule):
    """review56–57 L3: “含有个人信息（种类为：不含个人信息）” contradicts itself."""
    deal = dpa({"purposes": ["训练", "上线运行和运维"], "runtime_personal_info_kinds": "用户账号和IP地址", field: "不含个人信息"})
    found = finding(check(assemble(deal), deal), rule)
    assert found.status == "fail" and "个人信息的种类为“不含个人信息”，没有写明个人信息的种类" in found.line()
    for answer in ("暂无", "不适用。", "未含个人信息", "略", "不涉及", "否", "（无）", "无（不含个人信息）", "详见附表"):  # F4, review58 L1
        other = dpa({"purposes": ["训练", "上线运行和运维"], "runtime_personal_info_kinds": "用户账号和IP地址", field: answer})
        assert finding(check(assemble(other), other), rule).status == "fail", answer
    # real kinds that happen to use the words pass (the whole answer is judged)
    fine = dpa({"purposes": ["训练", "上线运行和运维"], "runtime_personal_info_kinds": "用户账号（日志中不含个人信息以外的内容）",
                "personal_info_kinds": "咨询人的性别（不含个人信息主体的姓名）"})
    assert finding(check(assemble(fine), fine), rule).status == "pass"


def test_kinds_beside_no_personal_information_are_refused_not_dropped():
    """Walkthrough F1: kinds given while 含个人信息 is 否 were dropped and the agreement said there is none."""
    with pytest.raises(DealError, match="数据不含个人信息时不填；数据含个人信息的，请将“含个人信息”改为“是”"):
        dpa({"personal_info": False, "sensitive_personal_info": ..., "legal_basis": ..., "personal_info_kinds": "咨询人的姓名"})
    none = dpa({"personal_info": False, "sensitive_personal_info": ..., "legal_basis": ..., "personal_info_kinds": "无"})
    assert "不含有个人信息" in texts(assemble(none))["dpa_data.nature"]
    # walkthrough F6: 敏感个人信息 beside 含个人信息 否 is refused for that reason, whatever the purposes
    with pytest.raises(DealError, match="数据不含个人信息时不填 / only for data holding personal information"):
        dpa({"personal_info": False, "sensitive_personal_info": True, "personal_info_kinds": ..., "legal_basis": ...,
             "purposes": ["训练", "上线运行和运维"], "runtime_personal_info_kinds": "账号"})


@pytest.mark.parametrize("kinds", ["（姓名、联系方式）", "【姓名】和联系方式", "待确认的投诉人姓名"])
def test_real_kinds_in_brackets_are_no_placeholder(kinds):
    deal = dpa({"personal_info_kinds": kinds})
    assert finding(check(assemble(deal), deal), "dpa.personal_info_kinds").status == "pass"


def test_a_requirement_naming_a_law_the_file_does_not_hold_is_refused():
    from pydantic import ValidationError

    from aicontract.library.requirements import Requirements, load_requirements

    data = load_requirements().model_dump()
    data["items"][0]["law"] = "pipl_99"
    with pytest.raises(ValidationError, match="items name laws not under laws: pipl_99"):
        Requirements.model_validate(data)
    assert load_requirements().law_note.endswith("并对受托人的个人信息处理活动进行监督（《中华人民共和国个人信息保护法》第二十一条第一款）")


def test_a_plain_none_is_reported_once():
    deal = dpa({"personal_info_kinds": "无"})
    report = check(assemble(deal), deal)
    assert finding(report, "dpa.personal_info_kinds").status == "fail"  # 未填写或为“无”
    assert finding(report, "dpa.kinds_say_some").status == "pass"  # not a second time


EXPORT = {"cross_border": True, "export_consent": True, "export_assessment": True,
          "cross_border_scope": "脱敏后的模型评测指标汇总，提供给乙方位于新加坡的研发中心用于模型评测，保存3个月"}


def test_an_export_brings_two_reminders_and_its_terms_outlive_the_standalone_agreement():
    """review70 H1 (c): any export is checked by hand against PIPL 第三十六条 (a state organ's personal
    information) and the assessment rules; L8: a stand-alone agreement's export against the main contract's
    in-China terms; M4: the recipient's duties survive the stand-alone agreement's end."""
    deal = dpa(EXPORT)
    report = check(assemble(deal), deal)
    assert report.ok
    procedure = finding(report, "dpa.export_check")
    assert (procedure.status, procedure.mandatory) == ("fail", False)
    assert ("甲方为国家机关或者法律、法规授权的具有管理公共事务职能的组织的，其处理的个人信息（包括去标识化的个人信息）出境须经安全评估"
            "（《个人信息保护法》第三十六条、第三十七条）") in procedure.problems[0]
    main = finding(report, "dpa.export_main_contract")
    assert (main.status, main.mandatory) == ("fail", False)
    assert main.problems[0].endswith("请人工核对主合同：主合同约定数据仅限在中华人民共和国境内处理的，本协议第4.3条的出境与之冲突")
    kept = texts(assemble(deal))
    assert "发现于本协议终止、解除之前或者之后）、本协议第4.3条关于境外接收方处理、保留和删除出境数据以及外国司法或者执法机构调取的审查和通知的约定，以及本协议约定的违约责任" in kept[
        "dpa_general.survival"]
    assert "乙方依本协议第5.4条依法自行留存的日志和境外接收方依本协议第4.3条可以保留的出境数据不影响本协议终止" in kept["dpa_general.term"]
    assert "第4.3条" not in texts(assemble(dpa()))["dpa_general.survival"]
    plain = check(assemble(dpa()), dpa())
    assert finding(plain, "dpa.export_check").status == "n/a" and finding(plain, "dpa.export_main_contract").status == "n/a"
    annexed = make_deal({"data_processing": EXPORT})
    annexed_report = check(assemble(annexed), annexed)
    assert finding(annexed_report, "dpa.export_check").status == "fail"
    assert not [f for f in annexed_report.findings if f.id == "dpa.export_main_contract" and f.status != "n/a"]


def test_data_graded_important_are_named_when_data_go_abroad():
    """review72 M1 (b), review73 M2: the scope may draw on a dataset graded 重要数据 while 4.3 is read as if it did not."""
    export = {"cross_border": True, "export_consent": True, "export_assessment": True, "cross_border_scope": "样本2000条"}
    deal = make_deal({"data_processing": export}, name="tech_development_ai")
    found = finding(check(assemble(deal), deal), "dpa.export_important")
    assert (found.status, found.mandatory) == ("fail", False)
    assert found.problems == ["数据处理协议 › 数据清单中的“投诉举报工单”分级为“重要数据”，请核对出境数据是否取自该项：重要数据出境须通过数据"
                              "出境安全评估（《数据出境安全评估办法》第四条），核心数据实行更加严格的管理制度（《数据安全法》第二十一条）"]
    plain = make_deal(name="tech_development_ai")
    assert "dpa.export_important" not in [f.id for f in check(assemble(plain), plain).findings]  # an annex's rule that does not apply
    general = dpa({**export, "datasets": [{"name": "办事指南", "content": "办事指南文本", "source": "甲方业务系统", "owner": "甲方",
                                           "grade": "一般数据", "category": "政务服务数据"}]})
    assert finding(check(assemble(general), general), "dpa.export_important").status == "pass"
