"""The second lawyer's review (staging/lawyer/review2.md), items still open: the terms of the
附录二 7.5 transfer and of rescission (R-C13), who commissions and pays for 等级保护 testing
(R-C22), the base model outside 项目成果 (R-C02), the conflicts the check must catch (T-02,
R-C01, T-08, K-07) and the standalone 数据处理协议's route for post-launch data (N-D2)."""

import pytest

from aicontract import DealError, assemble, load_deal
from aicontract.drafting import check
from aicontract.drafting.contract import Paragraph
from aicontract.library import bundled_family

from helpers import EXAMPLES, make_deal


def texts(contract) -> dict[str, str]:
    """Each clause's text (its paragraphs joined by a line break), by clause id."""
    out: dict[str, str] = {}
    for document in contract.documents:
        for block in document.blocks:
            if isinstance(block, Paragraph) and block.kind != "heading":
                out[block.clause_id] = (out[block.clause_id] + "\n" + block.text) if block.clause_id in out else block.text
    return out


def finding(report, finding_id):
    (found,) = [f for f in report.findings if f.id == finding_id]
    return found


# --- R-C13: 7.5 transfer — deadline, price, who triggers; ownership after rescission ----------------


def test_the_7_5_transfer_has_a_deadline_a_price_and_only_party_a_may_trigger_it():
    contract = assemble(load_deal(EXAMPLES / "cooperation.yaml"))
    ids = [b.clause_id for b in contract.documents[0].blocks if isinstance(b, Paragraph)]
    assert ids.index("ip.transfer_terms") == ids.index("ip.continuity") + 1  # “前款” is 7.5
    text = texts(contract)["ip.transfer_terms"]
    assert text == (
        "依前款解除本合同的，乙方应在甲方书面通知后15个工作日内，将其在项目成果及项目知识产权中的全部权利转让给甲方，"
        "协助办理专利、软件著作权等权利的变更登记手续，并向甲方交付尚未交付的项目成果（包括全部源代码、模型权重、文档和运维资料），"
        "同时向承接方完成相关服务的交接。转让的对价为：无偿。"
        "前款约定的解除权由甲方行使，乙方不得以前款所列情形为由解除本合同；乙方因其自身原因（包括前款所列的决策、转型）"
        "无法继续履行的，应依本合同承担违约责任，甲方依前款解除本合同不影响其要求乙方承担违约责任。")


def test_when_party_a_owns_everything_7_5_delivers_and_names_no_price():
    deal = make_deal({"ip": {"ownership": "单方享有", "owner": "甲方", "shares": ...,
                             "transfer": {"price": ...}}})
    text = texts(assemble(deal))["ip.transfer_terms"]
    assert text.startswith("依前款解除本合同的，乙方应在甲方书面通知后15个工作日内，"
                           "向甲方交付尚未交付的项目成果（包括全部源代码、模型权重、文档和运维资料），同时向承接方完成相关服务的交接。"
                           "前款约定的解除权由甲方行使")
    assert "对价" not in text


def test_the_price_is_a_client_decision_and_is_never_assumed():
    with pytest.raises(DealError, match=r"ip（项目知识产权归属）: 乙方享有项目知识产权或其份额时须填写转让的对价 transfer\.price"):
        make_deal({"ip": {"transfer": {"price": ...}}})
    with pytest.raises(DealError, match=r"ip\.transfer\.days"):
        make_deal({"ip": {"transfer": {"days": ...}}})
    with pytest.raises(DealError, match=r"ip\.transfer"):
        make_deal({"ip": {"transfer": ...}})


def test_rescission_for_breach_states_what_happens_to_the_project_ip():
    text = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["breach.rescission_ip"]
    assert text == ("甲方因乙方违约解除本合同的（依本合同7.5条解除的除外），项目成果及项目知识产权按以下约定处理："
                    "乙方在项目知识产权中的份额无偿归甲方所有，乙方应在解除通知送达后15个工作日内协助办理变更登记，"
                    "并向甲方交付全部源代码、模型权重、文档和运维资料。")
    with pytest.raises(DealError, match=r"ip\.transfer\.on_rescission"):
        make_deal({"ip": {"transfer": {"on_rescission": ...}}})


def test_the_added_paragraphs_are_labelled_as_aicontracts_drafting():
    clauses = bundled_family("cooperation").clauses
    assert clauses["ip.transfer_terms"].source == "aicontract 起草（依据 指南 附录二 7.5、第三十四条（五））"
    assert clauses["breach.rescission_ip"].source == "aicontract 起草（依据 指南 第三十四条（五）、（七），附录二 7.2、10）"
    assert clauses["ip.continuity"].source == "指南 附录二 7.5"  # the guide's sentence itself is unchanged


# --- R-C22: who commissions and pays for 等级保护 testing --------------------------------------------


def test_security_testing_is_organised_by_party_a_paid_as_agreed_and_fixed_by_party_b():
    text = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["delivery.security_testing"]
    assert text == ("网络安全等级保护定级、备案和测评由甲方组织，测评费用由甲方承担；乙方应配合测评并提供所需的技术资料。"
                    "测评发现的问题属于乙方交付成果或者乙方负责部署、运维的部分的，由乙方在10个工作日内免费整改。"
                    "因甲方未及时组织测评致使最终验收延误的，适用本合同5.2条关于顺延的约定。")
    paid_by_b = make_deal({"acceptance": {"security_testing": {"payer": "乙方", "fix_days": 5}}})
    assert "测评费用由乙方承担" in texts(assemble(paid_by_b))["delivery.security_testing"]


def test_a_criterion_needing_a_security_test_report_needs_the_testing_terms():
    deal = make_deal({"acceptance": {"security_testing": ...}})
    assert "delivery.security_testing" not in texts(assemble(deal))
    found = finding(check(assemble(deal), deal), "acceptance.security_testing_agreed")
    assert found.status == "fail"
    assert found.problems == ["评审验收程序与标准 › 网络安全等级保护测评未填写或为“无”"]
    no_test = make_deal({"acceptance": {"security_testing": ..., "criteria": ["答复准确率不低于90%"]}})
    assert finding(check(assemble(no_test), no_test), "acceptance.security_testing_agreed").status == "n/a"


# --- R-C02: the base model is not a project result ---------------------------------------------------


def test_model_weights_are_defined_and_the_base_model_is_carved_out_of_the_results():
    contract = assemble(load_deal(EXAMPLES / "cooperation.yaml"))
    assert texts(contract)["definitions.weights"] == (
        "模型权重：指在基础模型之上经本项目训练形成的参数（含适配器参数），不包括基础模型原有的参数。"
        "项目成果和项目知识产权不包括本合同3.2条所列基础模型（星河通用大模型V3）及其原有参数，也不包括双方的其他背景知识产权；"
        "基础模型按本合同第7条关于背景知识产权许可的约定使用。")
    # 附录二 1.4 itself is reproduced unchanged
    assert texts(contract)["definitions.results"] == (
        "项目成果：指双方合作开发的“江州政务智答模型”，包括与之相关的系统、代码、界面、文档、方案、图纸等全部阶段性产物和最终产物。")


# --- T-02: a compute fee when 甲方 provides the compute ---------------------------------------------


def test_a_compute_fee_conflicts_with_compute_provided_by_party_a():
    deal = make_deal({"payment": {"composition": ["研究开发费", "模型训练所需算力费", "测试、验收和评估费用"]}},
                     name="tech_development_ai")
    assert deal.ai.deployment.compute.value == "甲方提供的算力"
    found = finding(check(assemble(deal), deal), "payment.no_compute_fee_for_party_a_compute")
    assert found.status == "fail" and found.mandatory
    assert found.problems == ["研究开发经费和报酬（第五条） › 经费构成“模型训练所需算力费”含“算力”，"
                              "而算力来源为“甲方提供的算力”，甲方将为自己提供的算力付费"]
    example = load_deal(EXAMPLES / "tech_development_ai.yaml")
    assert finding(check(assemble(example), example), "payment.no_compute_fee_for_party_a_compute").status == "pass"
    own = make_deal({"payment": {"composition": ["研究开发费", "模型训练所需算力费"]},
                     "ai": {"deployment": {"compute": "乙方自有算力"}}}, name="tech_development_ai")
    assert finding(check(assemble(own), own), "payment.no_compute_fee_for_party_a_compute").status == "n/a"


# --- R-C01: training on 乙方's own compute against the 数据处理协议's location ---------------------------


def test_training_on_party_bs_compute_needs_the_training_location_in_the_dpa():
    deal = make_deal({"data_processing": {"training_location": ...}})
    assert deal.ai.deployment.compute.value == "自有算力和云服务结合"
    report = check(assemble(deal), deal)
    found = finding(report, "ai.training_location_agreed")
    assert found.status == "fail" and not report.ok
    assert found.problems == ["数据处理协议 › 去标识化训练数据集的传输地点未填写或为“无”"]
    example = load_deal(EXAMPLES / "cooperation.yaml")
    assert finding(check(assemble(example), example), "ai.training_location_agreed").status == "pass"


def test_a_training_location_conflicts_with_compute_provided_by_party_a():
    deal = make_deal({"ai": {"deployment": {"compute": "甲方提供的算力", "cloud_service": ...}}})
    found = finding(check(assemble(deal), deal), "ai.training_location_unused")
    assert found.status == "fail"
    assert found.problems == ["数据处理协议 › 去标识化训练数据集的传输地点为“乙方位于江州市滨江区创智路88号智算大厦的模型训练集群"
                              "（中华人民共和国境内）”，而算力来源为“甲方提供的算力”，模型不在乙方自有算力上训练"]
    # an annex's rule that does not apply is not shown
    assert "ai.training_location_agreed" not in {f.id for f in check(assemble(deal), deal).findings}


# --- T-08: training on inputs that hold other people's personal information ---------------------------


def test_whether_inputs_hold_others_personal_information_must_be_answered_before_training_on_them():
    with pytest.raises(DealError, match=r"ai（人工智能模型与服务条款）: 允许将输入信息用于训练时须回答输入信息是否含他人的个人信息 "
                                        r"input_third_party_pi"):
        make_deal({"ai": {"input_training": True}})


def test_users_consent_does_not_cover_other_peoples_information_in_their_inputs():
    deal = make_deal({"ai": {"service_objects": ["政务机构工作人员"], "public_content": False,
                             "input_training": True, "input_third_party_pi": True}}, name="tech_development_ai")
    report = check(assemble(deal), deal)
    found = finding(report, "ai.inputs_of_others_not_trained_on_consent")
    assert found.status == "fail" and not report.ok
    assert found.problems == ["人工智能模型与服务条款 › 允许将服务对象的输入信息用于训练为“是”，而服务对象的输入信息含他人的个人信息："
                              "服务对象的授权同意不能作为处理他人个人信息的依据"]
    own = make_deal({"ai": {"input_training": True, "input_third_party_pi": False}}, name="tech_development_ai")
    assert "ai.inputs_of_others_not_trained_on_consent" not in {f.id for f in check(assemble(own), own).findings}


# --- K-07 and N-D2: runtime data has a route in the 数据处理协议 ---------------------------------------


def test_processing_methods_defer_to_the_runtime_clause_when_the_service_runs():
    scope = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["dpa_methods.scope"]
    assert scope.endswith("处理结果仅可用于本协议第2.1条约定的目的。运行数据的种类和处理方式适用本协议第2.2条的约定。")


def test_an_agreement_without_the_operation_purpose_requires_a_written_supplement_for_runtime_data():
    after = texts(assemble(load_deal(EXAMPLES / "data_processing.yaml")))["dpa_storage.after_delivery"]
    assert ("需要使用模型上线后产生的数据（如服务对象的输入信息、模型的输出和运行日志）的，双方应事先书面补充本协议第1.1条、"
            "第2.1条和第3.1条，未补充的不得处理。") in after
    operation = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["dpa_storage.after_delivery"]
    assert "模型上线后产生的数据" not in operation  # covered by 2.2 there


def test_the_operation_purpose_rule_explains_what_the_purpose_adds():
    deal = make_deal({"data_processing": {"purposes": ["训练", "验证", "测试"]}})
    found = finding(check(assemble(deal), deal), "dpa.purposes_cover_operation")
    assert found.status == "fail"
    assert found.advice == (
        "模型上线后乙方运行、运维系统时处理服务对象的输入信息、模型的输出和运行日志，委托处理须约定其目的、种类和处理方式"
        "（《个人信息保护法》第二十一条）。在使用目的中加入“上线运行和运维”，协议即写明该等运行数据的种类和处理方式"
        "（存储、检索、模型推理、日志记录和安全分析）；不加入的，乙方不得处理运行数据，需要时另行书面补充本协议。")


def test_the_standalone_agreement_does_not_stop_party_b_from_removing_identifiers_itself():
    """N-D1 (regression; fixed before this change): de-identifying is 乙方's task in this deal (3.1),
    so only sensitive information beyond what 1.2 confirms stops the processing."""
    contract = assemble(load_deal(EXAMPLES / "data_processing.yaml"))
    nature = texts(contract)["dpa_data.nature"]
    assert nature.endswith("乙方发现数据含有与前述确认不符的敏感个人信息的，应立即停止处理该部分数据、隔离存储并通知甲方，"
                           "由双方书面确认处理方式。")
    assert "直接标识" not in nature
    assert "对上述数据进行去标识化" in texts(contract)["dpa_methods.scope"]
