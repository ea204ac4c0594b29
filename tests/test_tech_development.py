"""The 技术开发（委托）合同 family: the 常州 example and a second, AI project on the same form."""

import io

import docx
import pytest

from aicontract import DealError, assemble, load_deal, render_docx, render_text
from aicontract.drafting import check
from aicontract.drafting.contract import Paragraph
from aicontract.io.deal_file import deal_from_data

from helpers import EXAMPLES, docx_text, example_data, make_deal


@pytest.fixture(scope="module")
def changzhou():
    deal = load_deal(EXAMPLES / "changzhou.yaml")
    return deal, assemble(deal)


def articles(contract):
    return [b.number for b in contract.blocks if isinstance(b, Paragraph) and b.number.startswith("第")]


def texts(contract):
    """clause id -> its first paragraph (not its items)."""
    out = {}
    for b in contract.blocks:
        if isinstance(b, Paragraph) and b.kind != "item":
            out.setdefault(b.clause_id, b.text)
    return out


def test_thirty_one_articles_in_order(changzhou):
    from aicontract import cn

    _, contract = changzhou
    assert articles(contract) == [cn.article(n) for n in range(1, 32)]


def test_docx_has_cover_instructions_articles_registration_and_annex(changzhou):
    _, contract = changzhou
    document = docx.Document(io.BytesIO(render_docx(contract)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "合同编号：2024-XX-01-06"
    assert paragraphs[1] == "技术开发（委托）合同" and document.paragraphs[1].style.name == "Cover Title"
    assert "项目名称：国土空间规划“一张图”实施监督应用场景开发" in paragraphs
    assert "中华人民共和国科学技术部印制" in paragraphs
    assert any(p.startswith("五、当事人使用本合同书时约定无需填写的条款") for p in paragraphs)
    assert sum(p.startswith("第三十一条") for p in paragraphs) == 1
    assert "附件一：保密和网络安全协议" in paragraphs
    content, signature, boxes, annex_signature = document.tables
    assert [c.text for c in content.rows[0].cells] == ["序号", "主要内容", "内容说明"]
    number, title, description = (cell.width for cell in content.rows[1].cells)
    assert number < title < description  # columns sized to their text
    assert [round(col.width) for col in content.columns] == [number, title, description]
    assert [r.cells[0].text for r in content.rows[1:]] == ["1", "2", "3", "4", "5"]
    assert signature.rows[0].cells[0].text == "甲方：常州市自然资源和规划局（盖章）"
    assert len(boxes.columns) == 20
    assert annex_signature.rows[0].cells[0].text == "甲方：（章）常州市自然资源和规划局"


def test_unused_fields_say_wu(changzhou):
    _, contract = changzhou
    text = render_text(contract)
    for line in ("1. 无；", "4. 无。", "乙方可以转让研究开发工作的具体内容包括：无。", "（1）技术秘密的使用权：无",
                 "1. 技术背景资料：无；", "电子信箱：无",
                 "乙方有权以无的方式查阅甲方有关的会计帐目", "（2）技术秘密的转让权：无。"):  # 照录: 无 in the blank
        assert line in text


def without_wording(instalments: list[dict]) -> list[dict]:
    return [{k: v for k, v in i.items() if k != "wording"} for i in instalments]


def test_payment_in_capitals_figures_and_from_percentages():
    """Without the as-signed wording, each instalment is written from its data."""
    instalments = without_wording(example_data("changzhou")["payment"]["instalments"])
    deal = make_deal({"payment": {"instalments": instalments}}, name="changzhou")
    contract = assemble(deal)
    assert deal.payment.instalments[1].amount == 476340  # 60% of 793,900
    text = texts(contract)["payment.schedule"]
    assert text == "研究开发经费由甲方分期（一次、分期或提成）支付乙方。具体支付方式和时间如下："
    items = [b.text for b in contract.blocks if isinstance(b, Paragraph) and b.clause_id == "payment.schedule" and b.kind == "item"]
    assert items[1] == ("系统上线运行并通过初验，自收到有效付款发票后10个工作日内，甲方向乙方支付进度款（项目合同金额的60%），"
                        "计人民币肆拾柒万陆仟叁佰肆拾元整（小写：¥476,340.00）。")


def test_as_signed_wording_is_reproduced_and_checked_against_the_amount(changzhou):
    deal, contract = changzhou
    items = [b.text for b in contract.blocks if isinstance(b, Paragraph) and b.clause_id == "payment.schedule" and b.kind == "item"]
    assert items[0] == "签订项目合同且招标人收到有效付款发票后10个工作日内甲方向乙方支付预付款200000.00元，计人民币贰拾万元整；"
    instalments = example_data("changzhou")["payment"]["instalments"]
    instalments[2]["amount"] = "117650.00"  # the wording still says 壹拾壹万柒仟伍佰陆拾元整
    with pytest.raises(DealError, match="第3期的条款原文须写明本期金额的大写“壹拾壹万柒仟陆佰伍拾元整”"):
        make_deal({"payment": {"instalments": instalments}}, name="changzhou")


def test_references_follow_renumbering():
    """Dropping 第十二条 (network security) renumbers the rest; 第二十一条's references follow."""
    base = make_deal(name="changzhou")
    without = assemble(make_deal({"network_security": False}, name="changzhou"))
    assert len(articles(without)) == 30
    breaches = [b.text for b in without.blocks if isinstance(b, Paragraph) and b.clause_id == "liability.breaches"]
    assert breaches[3].startswith("乙方违反本合同第十三条约定")  # 验收 was 第十四条
    assert texts(without)["liability.termination_disputes"] == "对解除合同有争议的，按第二十五条关于争议的约定处理。"
    assert "第二十六条" in texts(assemble(base))["liability.termination_disputes"]


def test_changzhou_check_reports_honestly(changzhou):
    deal, contract = changzhou
    report = check(contract, deal)
    status = {f.id: (f.status, f.mandatory) for f in report.findings if f.kind == "item"}
    # ai_cooperation is false: 第三十四、三十六条 are reported for information, never failing
    assert report.ok
    assert status == {
        "34.1": ("pass", False),  # 第一条 技术目标、技术内容
        "34.2": ("pass", False),  # 第一条 技术内容, 第三条 进度, 第十三条 交付
        "34.3": ("fail", False),  # 第十四条 says only 现场验收: no technical standard or indicator
        "34.4": ("pass", False),  # 第五条 经费和报酬
        "34.5": ("pass", False),  # 第十五、十六、十七、二十二条
        "34.5/use": ("fail", False),  # 第十六条 allocates ownership only, no right to use
        "34.6": ("pass", False),  # 第十一条 and 附件一
        "34.6/undertaking": ("n/a", False),
        "34.7": ("pass", False),  # 第二十一条
        "35.1": ("pass", False),  # 附件一 三（三）: 甲方拥有所有数据的全部所有权
        "35.2": ("pass", False),  # 附件一 三（四）: 仅为实施本项目使用
        "35.3": ("fail", False),  # no processing methods: the form has no 数据处理协议
        "35.4": ("fail", False),  # no storage period
        "35.4/after_delivery": ("n/a", False),
        "35.5": ("pass", False),  # 附件一 三（二）、三（十二）
        "35.6": ("pass", False),  # 附件一 五（三）: 归还有关信息资料和文件
        "36.1": ("fail", False),  # no background-IP clause in the 科技部 form
        "36.2": ("pass", False),  # 第十六条
        "36.3": ("fail", False),  # no protection measures beyond the right to apply for patents
    }
    assert any("第三十四条（合作合同）各项仅供参考" in note for note in report.notes)


def test_same_form_as_an_ai_cooperation_fails_without_the_guides_items():
    ai_example = example_data("tech_development_ai")
    deal = make_deal({"ai_cooperation": True, "ai": ai_example["ai"], "incident": ai_example["incident"]},
                     name="changzhou")
    report = check(assemble(deal), deal)
    failing = {f.id for f in report.failures}
    assert failing == {
        "34.3", "34.5/use", "36.1", "36.3",  # 第三十四、三十六条 items the 常州 text lacks
        "model.filed",  # no filed base model named (第七条)
        "ip.ai_results_allocated",  # source code and model weights unallocated, no use right
        "ai.transfer_terms",  # no hand-over terms for 附录二 7.5 (the AI annex's 7.2)
        "annex.period_agrees", "annex.penalty_agrees", "annex.secrecy_regulation",  # 附件一 as signed
    }


def test_second_example_is_a_different_ai_project_that_checks_clean():
    deal = load_deal(EXAMPLES / "tech_development_ai.yaml")
    contract = assemble(deal)
    report = check(contract, deal)
    assert report.ok, report.text()
    mandatory = {f.id for f in report.findings if f.kind == "item" and f.mandatory}
    assert mandatory == {"34.1", "34.2", "34.3", "34.4", "34.5", "34.5/use", "34.6", "34.6/undertaking", "34.7",
                         "35.1", "35.2", "35.3", "35.4", "35.4/after_delivery", "35.5", "35.6", "36.1", "36.2", "36.3"}
    obligations = {f.id: f.status for f in report.findings if f.kind == "obligation" and f.mandatory}
    assert len(obligations) == 29 and obligations["第三十三条"] == "n/a"  # outputs stay inside 甲方
    assert set(obligations.values()) == {"pass", "n/a"}
    assert [d.title for d in contract.documents] == ["技术开发（委托）合同", "附件一：保密和网络安全协议",
                                                     "附件二：数据处理协议", "附件三：人工智能模型与服务条款"]
    text = render_text(contract)
    assert "按下列第2种方式处理" in text and (  # review52 M2: the holder of the results is not bound to the other's consent
        "1. 无（本合同按第2种方式处理：研究开发成果的权利人以外的一方，不得就研究开发成果申请专利；研究开发成果由双方共有的，"
        "未经对方书面同意，任何一方不得申请；权利人申请专利的，应在提交申请的15日前书面通知对方，并应对方要求提供申请文件中涉及"
        "其技术秘密或者背景知识产权的部分供其核对，申请文件不得公开对方的技术秘密或者背景知识产权中的保密内容）。") in text
    assert "无（甲、乙、双）方" not in text
    assert ("专利权取得后的使用和有关利益分配方式如下：无（依本项前段申请专利的，专利申请权和专利权的归属、专利的使用和利益分配，"
            "按本条关于研究开发成果及其知识产权归属的约定和第2种方式第（1）至（3）项处理）。") in text  # review51 L3, review52 M3
    assert "1. 提交江州仲裁委员会仲裁；" in text
    assert "本协议是双方签订的《技术开发（委托）合同》（合同编号：JZSJ-KJ-2026-015，以下简称“主合同”）的附件，与主合同同时生效" in text
    data = render_docx(contract)
    assert "市场监管投诉举报智能分析模型研发" in docx_text(data)


@pytest.mark.parametrize("route, chosen", [("仲裁", "1"), ("诉讼", "2")])
def test_dispute_route(route, chosen):
    changes = {"dispute": {"route": route, "commission": "常州仲裁委员会", "seat": "常州"}} if route == "仲裁" else {}
    text = texts(assemble(make_deal(changes, name="changzhou")))
    assert text["disputes.lead"].endswith(f"确定按以下第{chosen}种方式处理：")
    assert text["disputes.arbitration"] == ("提交常州仲裁委员会仲裁；" if route == "仲裁" else "提交仲裁委员会仲裁；")


def test_payment_rule_fails_when_instalments_do_not_add_up():
    instalments = without_wording(example_data("changzhou")["payment"]["instalments"])
    deal = make_deal({"payment": {"total": "800000.00", "instalments": instalments}}, name="changzhou")
    report = check(assemble(deal), deal)
    assert not report.ok
    assert {f.id for f in report.failures} >= {"payment.instalments_total"}


def test_ai_annex_states_the_hand_over_terms_of_7_5():
    deal = load_deal(EXAMPLES / "tech_development_ai.yaml")
    text = render_text(assemble(deal))
    assert ("7.2 依本条款第7.1条解除本合同的，乙方应在解除通知送达之日起15个工作日内完成本条款第7.1条约定的转让，"
            "协助办理专利、软件著作权等权利的变更登记手续，并向甲方交付研究开发成果的全部源代码（含训练和评测数据处理脚本）") in text
    assert ("运行研究开发成果所需的基础模型及其参数文件，以及乙方其他背景知识产权（包括乙方作为背景知识产权的通用工具），依本合同第十"
            "六条关于背景知识产权许可的约定使用，不因交付而转让；乙方应在前述15个工作日内按该约定将其部署于甲方指定的环境") in text
    assert ("乙方应在甲方书面告知承接方之日起15个工作日内向承接方完成相关服务的交接；甲方在本款约定的维持运行期限届满后才书面告知承接方的，"
            "乙方应在告知之日起15个工作日内向承接方提供交接所需的资料和说明，但不再负有维持系统运行的义务。") in text
    assert "但维持运行的期限最长不超过自解除通知送达之日起90日；该期间乙方维持系统运行的费用按以下方式处理：不另行计费。" in text
    assert ("《数据处理协议》关于数据归还、删除或匿名化的期限，自乙方向承接方完成交接之日或者前述维持运行期限届满之日起计算，以较早者"
            "为准；解除时尚无已上线或者试运行的系统的，自前述交付完成之日或者前述15个工作日期限届满之日起计算，以较早者为准。") in text  # no clash with its 4.2, and the clock always starts
    assert ("截至该日已有一期以甲方验收（含阶段评审）通过为付款条件的款项其条件已经成就的，该期及按支付顺序在其之前的各期款项为乙方应"
            "得（不论乙方是否已开具发票），甲方尚未支付的，在收到有效发票后按本合同约定的期限支付；其余各期款项不再支付，已支付的，除"
            "本合同约定不予退还的款项外，乙方应在解除通知送达之日起15个工作日内退还甲方；本合同约定不予退还的款项尚未支付的，甲方仍"
            "应在收到乙方就该款项开具的有效发票后，按该款项所在一期款项的支付期限支付该款项（背景知识产权许可费按本合同第十六条的约定"
            "）。") in text
    assert ("研究开发成果侵犯第三方知识产权的（由甲方提供的数据或者甲方背景知识产权引起的除外），乙方还应取得权利人授权，或者在不影响"
            "模型运行效果的前提下修改，以移除侵权内容；乙方许可的背景知识产权（包括基础模型）侵犯第三方知识产权的，乙方还应取得权利人"
            "授权，或者在不影响模型运行效果的前提下修改，或者经甲方书面同意以不侵权的同等背景知识产权替换（替换基础模型的，应符合《人"
            "工智能模型与服务条款》关于更换或者新增模型的约定，替换的模型应已完成生成式人工智能服务备案），并按本合同第十六条关于背景"
            "知识产权许可的约定部署、交付。取得授权、修改、替换及部署、交付的费用均由乙方承担。本段约定不因本合同终止、解除而失效。") in text  # review18 L2
    assert "不论是否存在本条款第7.1条所列情形，本条款第7.2条关于转让、交付、交接和维持运行的约定均适用" in text
    assert "同时符合本条款第7.1条和本合同其他条款（包括附件）约定的解除情形的，由甲方选择所依据的条款。" in text
    assert "7.4 乙方出现或者可能出现本条款第7.1条所列情形的，应立即书面通知甲方。本条款第7.1条至第7.4条的约定不因本合同解除而失效。" in text
    assert ("4. 本合同正文与附件不一致，或者附件之间不一致的，按下列约定处理：依《人工智能模型与服务条款》关于乙方无法继续履行时的"
            "转让、交接和结算的约定解除本合同或者适用该约定的，转让、交付、交接、维持运行、结算和退款事项以及交接期间数据的保留和删除"
            "期限以该约定为准；其他数据处理事项以《数据处理协议》为准；其他模型和服务安全事项以《人工智能模型与服务条款》为准；") in text
    assert ("向承接方完成交接或者维持运行期限届满时（解除时尚无已上线或者试运行的系统的，为前述交付完成之日），乙方应将此前尚未移交的依本条款第3.2条和《数据处理协议》关于处理活动记录的约定"
            "留存的日志一并移交甲方指定的、由甲方控制的环境，并在此后15个工作日内删除其持有的研究开发成果（包括源代码、模型权重）副本，"
            "包括乙方工作人员及其委托的第三方持有的副本和备份，并向甲方书面确认，甲方有权核查；乙方尚未完成本款约定的交付的，"
            "应先完成交付并经甲方书面确认收讫后再行删除，删除义务不免除、不推迟其交付义务；甲方为解决争议或者依法调查书面要求"
            "保全的，乙方应按甲方要求封存相应副本，暂不删除；前述情形下，相应副本的删除期限自甲方书面确认收讫或者书面解除封存之日起"
            "计算，但不早于本款约定一并移交此前尚未移交的日志之日。") in text  # review7 M5, M8; review10 M2
    assert ("退款和违约金按甲方所依据的条款处理（但本合同第十六条约定不予退还的背景知识产权许可费除外；该许可费尚未支付的，按该条的约"
            "定支付）；所依据的条款未约定退款的，研究开发经费和报酬按本条第一句结算，乙方仍应承担违约责任。") in text  # review7 M1
    assert "本项目形成的源代码的著作权自源代码形成之时起归甲方所有" in text
    assert "转让的对价为" not in text  # source code, weights and all results are 甲方's: nothing left to pay for


@pytest.mark.parametrize("change", [{"weights_owner": "乙方"}, {"source_code_owner": "双方"},
                                    {"route": "申请专利", "patent_holder": "乙方", "patent_use": "乙方实施，甲方无偿使用"}])
def test_transfer_price_is_required_when_results_are_not_all_the_clients(change):
    data = example_data("tech_development_ai")
    data["ip"].update(change)
    deal = deal_from_data(data)
    assert [f.id for f in check(assemble(deal), deal).failures] == ["ai.transfer_price"]
    data["ip"]["transfer"]["price"] = "已包含在甲方依附件承接条款结算后实际支付的研究开发经费和报酬中"
    deal = deal_from_data(data)
    assert ("转让的对价为：已包含在甲方依附件承接条款结算后实际支付的研究开发经费和报酬中。转让对价不包含在本合同研究开发经费和报酬中且未"
            "约定支付期限的，甲方应在") in render_text(assemble(deal))
    assert "转让对价约定不予退还的，该约定仅适用于乙方依本条款第7.1条、第7.3条负有转让义务的情形；" in render_text(assemble(deal))
    assert "因乙方原因致使转让不能完成的，乙方应退还已支付的转让对价。交接完成前" in render_text(assemble(deal))
    assert check(assemble(deal), deal).ok


def test_review36_infringement_paragraph_excludes_party_a_data_and_covers_the_results():
    """review36 M2, L1: 第十五条's first paragraph (the model text) has no exception; in an AI project
    the second says it does not reach claims caused by 甲方's data or background IP (as cooperation
    7.3), gives a remedy for infringing results too, and puts every remedy's cost on 乙方."""
    text = "".join(b.text for b in assemble(load_deal(EXAMPLES / "tech_development_ai.yaml")).blocks
                   if getattr(b, "clause_id", None) == "warranty.ai_indemnity")
    assert ("甲方对其提供数据的来源合法性负责，第三人指控的侵权由甲方提供的数据或者甲方背景知识产权引起的，乙方不承担本条第一段约定的"
            "责任。研究开发成果侵犯第三方知识产权的（由甲方提供的数据或者甲方背景知识产权引起的除外），乙方还应取得权利人授权，或者在"
            "不影响模型运行效果的前提下修改，以移除侵权内容；") in text
    assert ("经甲方书面同意以不侵权的同等背景知识产权替换（替换基础模型的，应符合《人工智能模型与服务条款》关于更换或者新增模型的约定，"
            "替换的模型应已完成生成式人工智能服务备案）") in text
    assert text.endswith("取得授权、修改、替换及部署、交付的费用均由乙方承担。本段约定不因本合同终止、解除而失效。")
    changzhou = assemble(load_deal(EXAMPLES / "changzhou.yaml"))
    assert "warranty.ai_indemnity" not in changzhou.clause_ids
    assert "definitions.background_ip" not in changzhou.clause_ids  # the 常州 text has no background IP to define


def test_wu_in_a_field_that_may_be_left_out_reads_as_left_out():
    """Walkthrough: 无 written in an optional field was printed inside the sentence (“甲方有权以无的方式检查”);
    it now reads as a field left out. A required field keeps its 无, with a full stop before the next
    sentence (“费用：无该期间” ran on)."""
    data = example_data("tech_development_ai")
    data["funds"]["inspection"] = "无"
    data["payment"]["royalty_audit"] = " 无。 "
    deal = deal_from_data(data)
    assert deal.funds.inspection is None and deal.payment.royalty_audit is None
    text = render_text(assemble(deal))
    assert "第六条 本合同的研究开发经费由乙方以专款专用的方式使用。甲方检查乙方进行研究开发工作和使用研究开发经费情况的方式：无。" in text
    assert "以无的方式" not in text
    cooperation = example_data("cooperation")
    cooperation["ip"]["transfer"]["transition_fee"] = "无"
    assert "期间维持系统运行的费用：无。该期间《数据处理协议》继续适用" in render_text(assemble(deal_from_data(cooperation)))
    cooperation["ai"]["deployment"]["cloud_service"] = "无"  # a cloud deployment must name its cloud
    with pytest.raises(DealError, match="使用云服务时须填写云服务类型 cloud_service"):
        deal_from_data(cooperation)


def test_royalty_audit_left_out_says_no_royalty_only_when_there_is_none():
    """review38 M1: “（本合同不采用提成支付）” was written whatever the payment method; L2: a contract
    copied as signed (form_hints) keeps 无 in the form's blank."""
    data = example_data("tech_development_ai")
    data["payment"].pop("royalty_audit", None)
    plain = texts(assemble(deal_from_data(data)))["payment.royalty"]
    assert plain.endswith("乙方查阅甲方有关会计帐目的方式：无（本合同不采用提成支付）。")
    data["payment"]["method"] = "提成"
    royalty = texts(assemble(deal_from_data(data)))["payment.royalty"]
    assert royalty.endswith("乙方查阅甲方有关会计帐目的方式：无。")
    data["form_hints"] = True
    assert texts(assemble(deal_from_data(data)))["payment.royalty"].endswith("乙方有权以无的方式查阅甲方有关的会计帐目。")


@pytest.mark.parametrize("route, use, expected", [
    ("技术秘密", None, "无（依本项前段申请专利的，专利申请权和专利权的归属、专利的使用和利益分配，按本条关于研究开发成果及其知识产权"
                     "归属的约定和第2种方式第（1）至（3）项处理）。"),
    ("技术秘密", "双方另行协商", "双方另行协商。"),  # what the deal says, without the note
    ("申请专利", "由甲方实施，收益归甲方", "由甲方实施，收益归甲方。"),
])
def test_the_patent_use_sentence_explains_a_missing_answer_only_under_the_trade_secret_route(route, use, expected):
    ip = {"route": route, "patent_use": use} if use else {"route": route, "patent_use": None}
    if route == "申请专利":
        ip["patent_holder"] = "甲方"
    text = texts(assemble(make_deal({"ip": ip}, name="tech_development_ai")))
    assert text["ip.patent_use"] == "专利权取得后的使用和有关利益分配方式如下：" + expected


def test_without_an_ownership_of_the_results_no_party_applies_for_a_patent_alone():
    """review53 M3: with no 特别约定 on who owns the results, the “holder” cannot be told (民法典 第八百五十九条
    would give 乙方 the right to apply): neither party applies without the other's written consent."""
    text = texts(assemble(make_deal({"ip": {"special_terms": "无"}}, name="tech_development_ai")))
    assert text["ip.patent"] == "无（本合同按第2种方式处理：未经对方书面同意，任何一方不得就研究开发成果申请专利）。"
    assert text["ip.patent_use"] == ("专利权取得后的使用和有关利益分配方式如下：无（经双方书面同意申请专利的，申请人和专利权人由双方在"
                                     "该书面同意中约定；专利的使用和有关利益分配按第2种方式第（1）至（3）项处理）。")  # review54 L2


def test_protection_under_the_trade_secret_route_ends_where_a_patent_is_published():
    text = texts(assemble(make_deal({"ip": {"protection": True}}, name="tech_development_ai")))["ip.protection"]
    assert text.startswith("双方应积极保护知识产权：研究开发成果按技术秘密方式处理，双方应落实商业秘密、技术秘密保护措施，限定知悉范围并"
                           "采取保密和访问控制措施；依本条第1项申请专利的，申请文件公开的内容，自该申请公布或者授权公告之日起不再按技术秘密"
                           "保护；办理软件著作权登记的，应以不泄露技术秘密的方式提交鉴别材料；")  # review54 L3: utility models are not published
