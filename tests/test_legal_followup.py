"""The second lawyer's review (staging/lawyer/review2.md), items still open: the terms of the
附录二 7.5 transfer and of rescission (R-C13), who commissions and pays for 等级保护 testing
(R-C22), the base model outside 项目成果 (R-C02), the conflicts the check must catch (T-02,
R-C01, T-08, K-07) and the standalone 数据处理协议's route for post-launch data (N-D2)."""

import pytest

from aicontract import DealError, assemble, load_deal
from aicontract.drafting import check
from aicontract.drafting.contract import Paragraph
from aicontract.library import bundled_family

from helpers import EXAMPLES, finding, make_deal, texts

# --- R-C13: 7.5 transfer — deadline, price, who triggers; ownership after rescission ----------------


def test_the_7_5_transfer_has_a_deadline_a_price_and_only_party_a_may_trigger_it():
    contract = assemble(load_deal(EXAMPLES / "cooperation.yaml"))
    ids = [b.clause_id for b in contract.documents[0].blocks if isinstance(b, Paragraph)]
    assert ids.index("ip.transfer_terms") == ids.index("ip.continuity") + 1  # “前款” is 7.5
    text = texts(contract)["ip.transfer_terms"]
    assert text == (
        "依前款解除本合同的，乙方应在解除通知送达之日起15个工作日内，将其在项目成果及项目知识产权中的全部权利转让给甲方，协助办"
        "理专利、软件著作权等权利的变更登记手续，并向甲方交付尚未交付的项目成果（包括全部源代码、模型权重、文档和运维资料）、运行"
        "项目成果所需版本的基础模型（含参数文件）和运行项目成果所需的乙方其他背景知识产权（包括乙方作为背景知识产权的通用工具，该"
        "等工具本身可仅以可执行形式交付；为本项目开发的程序和为本项目对该等工具所作修改的部分属于项目成果，乙方应交付其源代码；该"
        "等工具以可执行形式交付的，应为包含该等修改的版本）及其安装介质（本合同7.7条）以及已形成的标注数据集和评测集；标注数据"
        "集和评测集应移交至甲方指定的、由甲方控制的环境，乙方随后按《数据处理协议》关于数据归还、删除或匿名化的约定处理其持有的副"
        "本。乙方应在甲方书面告知承接方之日起15个工作日内向承接方完成相关服务的交接；甲方在本段约定的维持运行期限届满后才书面告"
        "知承接方的，乙方应在告知之日起15个工作日内向承接方提供交接所需的资料和说明，但不再负有维持系统运行的义务。转让的对价为"
        "：人民币50,000元，包含在本合同6.2条第一期经费中，甲方拨付该期经费即视为已付清，不因本合同的解除或者退款而退还。"
        "转让对价不包含在本合同项目经费中且未约定拨付期限的，甲方应在乙方完成本段约定的交付、签署转让文件并提交办理变更登记所需的"
        "全部材料之日和甲方收到发票之日中较晚者起15个工作日内拨付。转让对价约定不予退还的，该约定仅适用于乙方依本段或者本合同第"
        "10条负有转让义务的情形；本合同因其他原因终止、解除的，该部分经费按本合同关于项目经费的其他约定处理。乙方未按期完成转让"
        "的，甲方可以要求乙方继续履行并承担违约责任；因乙方原因致使转让不能完成的，乙方应退还已拨付的转让对价。交接完成前，乙方应"
        "按本合同及《人工智能模型与服务条款》继续维持系统运行，期限自解除通知送达之日起不超过90日，期间维持系统运行的费用：不另"
        "行计费。该期间《数据处理协议》继续适用，其关于数据归还、删除或匿名化的期限，自乙方向承接方完成交接之日或者前述维持运行期"
        "限届满之日起计算，以较早者为准；解除时尚无已上线或者试运行的系统的，自乙方完成本段约定的交付之日或者本段约定的15个工作"
        "日期限届满之日起计算，以较早者为准。向承接方完成交接或者维持运行期限届满时（解除时尚无已上线或者试运行的系统的，为乙方完"
        "成本段约定的交付之日或者本段约定的15个工作日期限届满之日，以较早者为准），乙方应将依《人工智能模型与服务条款》关于网络"
        "日志和生成合成内容标识的约定和《数据处理协议》关于处理活动记录的约定留存、尚未移交的日志移交甲方指定的、由甲方控制的环境"
        "，并在此后15个工作日内删除其持有的项目成果（包括源代码、模型权重）副本，包括乙方工作人员及其委托的第三方持有的副本和备"
        "份，并向甲方书面确认，甲方有权核查；乙方尚未完成本段约定的交付的，应先完成交付并经甲方书面确认收讫后再行删除，删除义务不"
        "免除、不推迟其交付义务；甲方为解决争议或者依法调查书面要求保全的，乙方应按甲方要求封存相应副本，暂不删除；前述情形下，相"
        "应副本的删除期限自甲方书面确认收讫或者书面解除封存之日起计算，但不早于本段约定应当移交日志之日。甲方依前款解除本合同的，"
        "项目经费按本合同6.2条的约定，以解除通知送达之日为准结算：截至该日已有一期以甲方验收（含阶段评审）通过为拨付条件的经费"
        "其条件已经成就的，该期及按拨付顺序在其之前的各期经费为乙方应得（不论乙方是否已开具发票），甲方尚未拨付的，在收到有效发票"
        "后按该条约定的期限拨付；其余各期经费不再拨付，已拨付的，除本合同约定不予退还的款项外，乙方应在解除通知送达之日起15个工"
        "作日内退还甲方；本合同约定不予退还的款项尚未拨付的，甲方仍应在收到乙方就该款项开具的有效发票后，按该款项所在一期经费的拨"
        "付期限拨付该款项，其中转让对价自乙方完成本段约定的交付、签署转让文件并提交办理变更登记所需的全部材料（不以登记机关完成登"
        "记为条件）之日和甲方收到发票之日中较晚者起，按该期限拨付；转让对价包含在第一期经费中而第一期经费已部分拨付的，已拨付部分"
        "依本合同7.7条视为许可费后的余额，在转让对价的数额内视为转让对价；背景知识产权许可费按本合同7.7条的约定拨付。甲方的"
        "解除通知应写明所依据的条款；同时符合前款和本合同第10条约定的解除情形的，由甲方选择。前款约定的解除权由甲方行使，乙方不"
        "得以前款所列情形为由解除本合同；乙方因其自身原因（包括前款所列的决策、转型）无法继续履行的，应依本合同承担违约责任，甲方"
        "依前款解除本合同不影响其要求乙方承担违约责任。乙方以其自身分立、合并、破产清算、决策、转型为由主张不可抗力的，该等情形不"
        "构成本合同第11条所称的不可抗力，不免除乙方的违约责任。")


def test_when_party_a_owns_everything_7_5_delivers_and_names_no_price():
    deal = make_deal({"ip": {"ownership": "单方享有", "owner": "甲方", "shares": ...,
                             "transfer": {"price": ..., "on_rescission": ...}}})
    text = texts(assemble(deal))["ip.transfer_terms"]
    assert text.startswith("依前款解除本合同的，乙方应在解除通知送达之日起15个工作日内，向甲方交付尚未交付的项目成果（包括全部源代码、模型权重、文"
                           "档和运维资料）、运行项目成果所需版本的基础模型（含参数文件）和运行项目成果所需的乙方其他背景知识产权（包括乙方作为背景知"
                           "识产权的通用工具，该等工具本身可仅以可执行形式交付；为本项目开发的程序和为本项目对该等工具所作修改的部分属于项目成果，乙"
                           "方应交付其源代码；该等工具以可执行形式交付的，应为包含该等修改的版本）及其安装介质（本合同7.7条）以及已形成的标注数据"
                           "集和评测集；标注数据集和评测集应移交至甲方指定的、由甲方控制的环境，乙方随后按《数据处理协议》关于数据归还、删除或匿名化"
                           "的约定处理其持有的副本。乙方应在甲方书面告知承接方之日起15个工作日内向承接方完成相关服务的交接；甲方在本段约定的维持运"
                           "行期限届满后才书面告知承接方的，乙方应在告知之日起15个工作日内向承接方提供交接所需的资料和说明，但不再负有维持系统运行"
                           "的义务。交接完成前，乙方应按本合同及《人工智能模型与服务条款》继续维持系统运行")
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
    assert text == ("甲方因乙方违约解除本合同的（依本合同7.5条解除的除外），项目成果及项目知识产权按以下约定处理：乙方在项目知识产权中的份"
                    "额归甲方所有，其对价为本合同7.5条约定的转让对价，不因退款而退还，乙方应协助办理变更登记。乙方应在解除通知送达之日起1"
                    "5个工作日内办理前述事项，向甲方交付尚未交付的项目成果（包括全部源代码、模型权重、文档和运维资料）、运行项目成果所需版本"
                    "的基础模型（含参数文件）和运行项目成果所需的乙方其他背景知识产权（包括乙方作为背景知识产权的通用工具，该等工具本身可仅以"
                    "可执行形式交付；为本项目开发的程序和为本项目对该等工具所作修改的部分属于项目成果，乙方应交付其源代码；该等工具以可执行形"
                    "式交付的，应为包含该等修改的版本）及其安装介质（本合同7.7条）以及已形成的标注数据集和评测集，并在甲方书面告知承接方之"
                    "日起15个工作日内向承接方完成相关服务的交接；标注数据集和评测集的移交、交接完成前维持系统运行和维持运行期限届满后才告知"
                    "承接方时的交接以及《数据处理协议》期限的计算、日志的移交、项目成果副本的删除和确认（不影响本段约定乙方仍享有的权利或者份"
                    "额）以及项目经费的结算和转让对价的拨付，适用本合同7.5条第二段的约定，其中所称的交付和15个工作日期限，指本段约定的交"
                    "付和期限；本条关于成果不符合需求的违约责任对退还经费另有约定的，从其约定，但本合同7.5条、7.7条约定不予退还的款项除"
                    "外。乙方仍应依本合同承担违约责任。")
    with pytest.raises(DealError, match=r"ip（项目知识产权归属）: 乙方享有项目知识产权或其份额时须填写因乙方违约解除合同后项目知识产权的处理 "
                                        r"transfer\.on_rescission"):
        make_deal({"ip": {"transfer": {"on_rescission": ...}}})


def test_the_added_paragraphs_are_labelled_as_aicontracts_drafting():
    clauses = bundled_family("cooperation").clauses
    assert clauses["ip.transfer_terms"].source == "aicontract 起草（依据 指南 附录二 7.5、第三十四条（五））"
    assert clauses["breach.rescission_ip"].source == "aicontract 起草（依据 指南 第三十四条（五）、（七），附录二 7.2、7.5、10）"
    assert clauses["ip.continuity"].source == "指南 附录二 7.5"  # the guide's sentence itself is unchanged


# --- R-C22: who commissions and pays for 等级保护 testing --------------------------------------------


def test_security_testing_is_organised_by_party_a_paid_as_agreed_and_fixed_by_party_b():
    """Third review L3-01: testing before launch, retests paid by 乙方 when it caused them, tests
    during the support period covered, and a cap on the postponement of final acceptance."""
    text = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["delivery.security_testing"]
    assert text == ("网络安全等级保护定级、备案和测评由甲方组织：甲方应在初步验收上线前完成定级和备案，并委托符合国家规定的测评机构开展测评；"
                    "测评结论确认存在高风险问题的，整改完成前不得向社会公众提供服务。"
                    "测评费用由甲方承担，但因乙方原因需要复测的，复测费用由乙方承担；乙方应配合测评并提供所需的技术资料。"
                    "测评发现的问题属于乙方交付成果或者乙方负责部署、运维的部分的，由乙方在10个工作日内免费整改；"
                    "本合同5.3条约定的免费技术支持期内甲方组织的等级保护测评发现的该等问题，同样适用。"
                    # review78 R78-6, review79 R79-1, review80 R80-1: 5.2's days counted from the report, capped; a report-confirmed
                    # indicator is never deemed passed
                    "因甲方原因未能在依本合同5.2条应当召开最终验收会的期限届满前取得测评报告的，该期限顺延至甲方取得测评报告之日起"
                    "10个工作日届满之日，项目期限相应顺延；顺延满60日仍未取得测评报告的，甲方应在顺延满60日之日起10个工作日内就其他验收标准召开最终验收会（未召开的，"
                    "其中不以测评、评估报告确认的指标适用本合同5.2条关于视为通过的约定，以测评、评估报告确认的指标仍以相应报告的结论为准），"
                    "并按本合同6.2条支付以最终验收为条件的经费，乙方的整改义务不受影响。")
    paid_by_b = texts(assemble(make_deal({"acceptance": {"security_testing": {"payer": "乙方", "fix_days": 5}}})))
    assert ("测评费用由乙方承担；乙方应配合测评并提供所需的技术资料。测评发现的问题属于乙方交付成果或者乙方负责部署、运维的部分的，"
            "由乙方在5个工作日内免费整改；") in paid_by_b["delivery.security_testing"]
    with pytest.raises(DealError, match=r"acceptance\.security_testing\.extension_limit_days"):
        make_deal({"acceptance": {"security_testing": {"extension_limit_days": ...}}})


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
        "模型权重：指经本项目训练形成或者改变的参数，包括适配器参数和全参数训练后形成的参数文件；基础模型原有的参数指未经本项目训"
        "练的基础模型参数文件，不属于模型权重。项目成果和项目知识产权不包括本合同3.2条所列基础模型（星河通用大模型V3）及其原"
        "有参数，也不包括双方的其他背景知识产权；基础模型按本合同第7条关于背景知识产权许可的约定使用；全参数训练形成的参数文件中"
        "源自基础模型的部分，乙方的权利不因本条而转移，甲方依本合同第7条关于背景知识产权许可的约定使用。")
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
                              "而算力来源为“甲方提供的算力”，请核对是否为算力使用费：甲方将为自己提供的算力付费"]
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
                              "”，而算力来源为“甲方提供的算力”，模型不在乙方自有算力上训练"]
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
    assert ("需要使用模型上线后产生的数据（如服务对象的输入信息、模型的输出和服务运行日志）的，双方应事先书面补充本协议第1.1条、"
            "第2.1条、第3.1条和第4.1条（第2.1条已约定的目的无需重复），未补充前乙方不得处理该等数据。") in after
    operation = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["dpa_storage.after_delivery"]
    assert "模型上线后产生的数据" not in operation  # covered by 2.2 there


def test_the_operation_purpose_rule_explains_what_the_purpose_adds():
    deal = make_deal({"data_processing": {"purposes": ["训练", "验证", "测试"], "runtime_location": None}})
    found = finding(check(assemble(deal), deal), "dpa.purposes_cover_operation")
    assert found.status == "fail"
    assert found.advice == (
        "模型上线后乙方运行、运维系统时处理服务对象的输入信息、模型的输出和服务运行日志，委托处理须约定其目的、种类和处理方式"
        "（《个人信息保护法》第二十一条）。在使用目的中加入“上线运行和运维”，协议即写明该等运行数据的种类和处理方式"
        "（存储、检索、模型推理、日志记录和安全分析）；不加入的，乙方不得处理运行数据，需要时另行书面补充本协议。")


def test_the_standalone_agreement_does_not_stop_party_b_from_removing_identifiers_itself():
    """N-D1 (regression; fixed before this change): de-identifying is 乙方's task in this deal (3.1),
    so only sensitive information beyond what 1.2 confirms stops the processing."""
    contract = assemble(load_deal(EXAMPLES / "data_processing.yaml"))
    nature = texts(contract)["dpa_data.nature"]
    assert nature.endswith("乙方发现本协议第1.1条所列数据含有与前述确认不符的敏感个人信息的，应立即停止处理该部分数据、隔离存储并通知甲方，"
                           "由双方书面确认处理方式。")
    assert "直接标识" not in nature
    assert "对上述数据进行去标识化" in texts(contract)["dpa_methods.scope"]


# --- Third review (staging/lawyer/review3.md) ----------------------------------------------------------


def test_security_testing_terms_without_a_criterion_needing_the_test_are_flagged():
    """L3-02: terms for a test no acceptance criterion requires."""
    deal = make_deal({"acceptance": {"criteria": ["答复准确率不低于90%"]}})
    report = check(assemble(deal), deal)
    found = finding(report, "acceptance.security_testing_unused")
    assert found.status == "fail"
    assert not found.mandatory
    assert report.ok
    assert found.problems == ["评审验收程序与标准 › 网络安全等级保护测评 › 测评费用承担方为“甲方”，已约定测评，"
                              "而验收标准没有一项提及网络安全等级保护测评（等级保护、等保或等级测评）"]
    example = load_deal(EXAMPLES / "cooperation.yaml")
    assert finding(check(assemble(example), example), "acceptance.security_testing_unused").status == "n/a"


def test_the_security_testing_rule_cites_the_current_article_and_lets_party_a_organise():
    """L3-02, L3-14: the advice asks only what the deal can answer; the 2025 numbering comes first."""
    (rule,) = [r for r in bundled_family("cooperation").rules if r.id == "acceptance.security_testing_agreed"]
    assert rule.citation == "指南 第九条、第三十四条（三）；《网络安全法》第二十三条（2025年修正；修正前为第二十一条）"
    assert rule.advice == ("验收标准含网络安全等级保护测评的，最终验收以测评报告为准（本合同5.5条），须约定测评费用由谁承担、"
                           "发现的问题由乙方在几个工作日内整改、测评报告延误时顺延的上限（定级、备案和测评由甲方作为网络运营者组织）；"
                           "填写“网络安全等级保护测评”。")
    note = bundled_family("cooperation").clauses["delivery.security_testing"].note
    assert "《网络安全法》第二十三条（2025年修正；修正前为第二十一条）" in note
    assert "《信息安全等级保护管理办法》第十四条、第十五条（核对，本段不引用）" in note
    assert "运行于甲方的环境" not in note


def test_the_official_term_for_the_test_report_also_needs_the_testing_terms():
    """L3-09: “等级测评” is the official term."""
    deal = make_deal({"acceptance": {"criteria": ["取得第三级网络安全等级测评报告"], "security_testing": ...}})
    found = finding(check(assemble(deal), deal), "acceptance.security_testing_agreed")
    assert found.status == "fail"
    assert found.problems == ["评审验收程序与标准 › 网络安全等级保护测评未填写或为“无”"]


def test_a_tech_contract_whose_acceptance_needs_the_test_is_warned():
    """L3-09: the tech family has no testing terms; the check says so without failing the draft."""
    deal = make_deal({"acceptance": {"criteria": ["通过网络安全等级保护第三级测评"]}}, name="tech_development_ai")
    report = check(assemble(deal), deal)
    found = finding(report, "acceptance.security_testing_terms")
    assert found.status == "fail"
    assert not found.mandatory
    assert found.problems == ["成果验收（第十四条） › 技术标准和指标“通过网络安全等级保护第三级测评”含“等级保护”，"
                              "而本合同没有约定测评由谁组织、何时测评、费用由谁承担、发现的问题由谁在几日内整改"]
    assert report.ok


@pytest.mark.parametrize("item, status", [("GPU资源租赁费", "fail"), ("推理卡租用费", "fail"), ("云服务费", "fail"),
                                          ("算力调度平台开发费", "pass")])
def test_compute_fees_are_caught_by_other_names_and_a_development_fee_is_not(item, status):
    """L3-09: detection gaps of the compute-fee rule."""
    deal = make_deal({"payment": {"composition": ["研究开发费", item]}}, name="tech_development_ai")
    assert finding(check(assemble(deal), deal), "payment.no_compute_fee_for_party_a_compute").status == status


def test_the_compute_fee_rule_cites_changzhou_only_for_the_cost_items():
    (rule,) = [r for r in bundled_family("tech_development").rules if r.id == "payment.no_compute_fee_for_party_a_compute"]
    assert rule.citation == "指南 第八条；常州合同 第五条（经费构成）"


def test_a_7_5_rescission_settles_the_funds_and_names_its_ground():
    """L3-03."""
    text = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["ip.transfer_terms"]
    assert ("甲方依前款解除本合同的，项目经费按本合同6.2条的约定，以解除通知送达之日为准结算：截至该日已有一期以甲方验收（含阶段评"
            "审）通过为拨付条件的经费其条件已经成就的，该期及按拨付顺序在其之前的各期经费为乙方应得（不论乙方是否已开具发票），甲方尚"
            "未拨付的，在收到有效发票后按该条约定的期限拨付；其余各期经费不再拨付，已拨付的，除本合同约定不予退还的款项外，乙方应在解"
            "除通知送达之日起15个工作日内退还甲方；本合同约定不予退还的款项尚未拨付的，甲方仍应在收到乙方就该款项开具的有效发票后，"
            "按该款项所在一期经费的拨付期限拨付该款项，其中转让对价自乙方完成本段约定的交付、签署转让文件并提交办理变更登记所需的全部"
            "材料（不以登记机关完成登记为条件）之日和甲方收到发票之日中较晚者起，按该期限拨付；转让对价包含在第一期经费中而第一期经费"
            "已部分拨付的，已拨付部分依本合同7.7条视为许可费后的余额，在转让对价的数额内视为转让对价；背景知识产权许可费按本合同7"
            ".7条的约定拨付。甲方的解除通知应写明所依据的条款；同时符合前款和本合同第10条约定的解除情形的，由甲方选择。") in text
    # review18 M1: a prepayment that pays for no accepted work does not stay with 乙方 who walked away or broke the contract
    assert "尚未到期" not in text and "经甲方验收的工作对应经费" not in text  # review7 M2: neither could be computed


def test_the_service_keeps_running_until_the_hand_over_and_the_dpa_clock_waits():
    """L3-04: transition period and fee from the deal; the DPA's deletion period runs from the hand-over."""
    contract = assemble(load_deal(EXAMPLES / "cooperation.yaml"))
    assert ("交接完成前，乙方应按本合同及《人工智能模型与服务条款》继续维持系统运行，期限自解除通知送达之日起不超过90日，"
            "期间维持系统运行的费用：不另行计费。该期间《数据处理协议》继续适用，其关于数据归还、删除或匿名化的期限，自乙方向承接方完成交接之日或者前述维持运行期限届满之日起计算，以较早者为准；解除时尚无已上线或者试运行的系统的，自乙方完成本段约定的交付之日或者本段约定的15个工作日期限届满之日起计算，以较早者为准。"
            ) in texts(contract)["ip.transfer_terms"]
    assert texts(contract)["dpa_storage.after_delivery"].endswith(
        "主合同依其关于项目承接的约定或者因乙方违约解除的，交接完成前本协议继续适用，本款的期限按主合同关于项目承接的条款第二段约定的日期起算（包括主合同违约责任条款适用该段的情形）。")
    with pytest.raises(DealError, match=r"ip\.transfer\.transition_days"):
        make_deal({"ip": {"transfer": {"transition_days": ...}}})
    with pytest.raises(DealError, match=r"ip\.transfer\.transition_fee"):
        make_deal({"ip": {"transfer": {"transition_fee": ...}}})
    no_dpa = texts(assemble(make_deal({"data_processing": ...})))["ip.transfer_terms"]
    assert "《数据处理协议》" not in no_dpa
    assert "标注数据集和评测集应移交至甲方指定的、由甲方控制的环境。" in no_dpa


def test_annotated_sets_are_handed_over_before_the_dpa_deletes_them():
    """L3-05: the standalone agreement too."""
    after = texts(assemble(load_deal(EXAMPLES / "data_processing.yaml")))["dpa_storage.after_delivery"]
    assert after.endswith("仍属本款应删除的数据（已依本款、本协议第5.4条或者主合同移交甲方、由甲方控制的数据，不在此限）。乙方为项目形成的标注数据集、"
                          "评测集，应先按甲方要求移交甲方控制的环境，再行删除乙方持有的副本。")  # review61 L4: what was handed over stays


def test_the_example_does_not_label_the_transfer_free_of_charge():
    """L3-06: 无偿 invites a 管理人's challenge (《企业破产法》第三十一条); the price field explains."""
    contract = assemble(load_deal(EXAMPLES / "cooperation.yaml"))
    assert "无偿" not in texts(contract)["ip.transfer_terms"]
    assert "无偿" not in texts(contract)["breach.rescission_ip"]
    from aicontract.models.common import IpTransfer
    assert "《企业破产法》第三十一条" in IpTransfer.model_fields["price"].description
    # review7 L1: 第三十八条 retrieves what 乙方 holds (the carriers), not the rights; 第三十二条 has its exception
    description = IpTransfer.model_fields["price"].description
    assert "撤销（第三十二条，但个别清偿使债务人财产受益的除外）" in description
    assert ("宜约定成果自形成时归甲方，使其不属于债务人财产（第三十条）；乙方占有的属于甲方的财产（如甲方的数据、约定归甲方所有的"
            "源代码和权重文件的载体），甲方可依第三十八条通过管理人取回。") in description
    assert "甲方可依第三十八条取回。" not in description


def test_whoever_party_a_appoints_may_be_given_what_the_results_need():
    """review7 H2: the licence and the confidentiality exception reach a 承接方 chosen after a rescission for breach."""
    contract = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))
    assert "甲方另行选聘的承接方和运行维护单位（包括本合同7.5条、第10条所称的承接方）永久、不可撤销" in contract["ip.use_rights"]
    assert "甲方依本合同7.5条、7.7条、第10条向指定的使用单位、承接方或者运行维护单位提供的运行、维护、迁移、修改和使用项目成果所必需的信息" in contract[
        "confidentiality.exceptions"]


def test_when_party_a_owns_everything_breach_rescission_needs_no_ip_answer():
    """L3-12: no 份额 to dispose of; the same deadline parameter as 7.5, from the same trigger."""
    deal = make_deal({"ip": {"ownership": "单方享有", "owner": "甲方", "shares": ...,
                             "transfer": {"price": ..., "on_rescission": ...}}})
    assert texts(assemble(deal))["breach.rescission_ip"] == (
        "甲方因乙方违约解除本合同的（依本合同7.5条解除的除外），项目成果及项目知识产权仍归甲方所有。乙方应在解除通知送达之日起"
        "15个工作日内向甲方交付尚未交付的项目成果（包括全部源代码、模型权重、文档和运维资料）、运行项目成果所需版本的基础模型（"
        "含参数文件）和运行项目成果所需的乙方其他背景知识产权（包括乙方作为背景知识产权的通用工具，该等工具本身可仅以可执行形式交"
        "付；为本项目开发的程序和为本项目对该等工具所作修改的部分属于项目成果，乙方应交付其源代码；该等工具以可执行形式交付的，应"
        "为包含该等修改的版本）及其安装介质（本合同7.7条）以及已形成的标注数据集和评测集，并在甲方书面告知承接方之日起15个工"
        "作日内向承接方完成相关服务的交接；标注数据集和评测集的移交、交接完成前维持系统运行和维持运行期限届满后才告知承接方时的交"
        "接以及《数据处理协议》期限的计算、日志的移交、项目成果副本的删除和确认以及项目经费的结算，适用本合同7.5条第二段的约定"
        "，其中所称的交付和15个工作日期限，指本段约定的交付和期限；本条关于成果不符合需求的违约责任对退还经费另有约定的，从其约"
        "定，但本合同7.7条约定不予退还的款项除外。乙方仍应依本合同承担违约责任。")


def test_the_dpa_changes_are_labelled_as_aicontracts_drafting():
    """L3-07."""
    clauses = bundled_family("data_processing").clauses
    assert clauses["dpa_methods.scope"].source == "指南 第三十五条（三）；末句为 aicontract 起草"
    assert clauses["dpa_storage.after_delivery"].source == (
        "指南 第十七条；时点和期限、交付后保留、重新提供、上线后数据的书面补充、甲方控制数据的例外、"
        "标注数据集和评测集的先移交后删除、上线运行期间运行数据的处理期限以及主合同解除后交接期间的计算为 aicontract 起草")


def test_the_training_location_advice_does_not_settle_the_law():
    """L3-08: no claim that de-identified data is not 原始数据, 重要数据 flagged, no precedence rule."""
    deal = make_deal({"data_processing": {"training_location": ...}})
    found = finding(check(assemble(deal), deal), "ai.training_location_agreed")
    assert found.advice == (
        "使用乙方自有算力的，应采用本地训练（指南 第八条第一款），训练数据须到达乙方的训练环境；而数据处理协议把数据的存储和处理限于"
        "约定的地点，乙方将无法训练。在数据处理协议中填写训练数据集的传输地点（中华人民共和国境内）。只可传输已去标识化的训练数据集；"
        "去标识化的数据仍属个人信息（《个人信息保护法》第四条第一款、第七十三条第（三）项），“原始数据不出域”（指南 第十二条）"
        "是否允许传输由甲方判断。数据分级为重要数据的，传输前由甲方依法开展风险评估并书面同意（适用的规定待核对，"
        "如《网络数据安全管理条例》第三十一条）。或将算力来源改为实际情况。")


def test_a_cloud_the_dpa_does_not_name_is_flagged():
    """L3-08: variant c_cloud."""
    deal = make_deal({"ai": {"deployment": {"compute": "云服务", "cloud_service": "某商业公有云"}}})
    found = finding(check(assemble(deal), deal), "ai.cloud_named_in_dpa")
    assert found.status == "fail"
    assert found.problems == ["人工智能模型与服务条款 › 算力和部署 › 云服务类型“某商业公有云”不见于数据处理协议 › 存储地点、"
                              "数据处理协议 › 去标识化训练数据集的传输地点，训练数据将须到达数据处理协议未约定的云服务"]
    named = make_deal({"ai": {"deployment": {"compute": "云服务", "cloud_service": "政务云"}}})
    assert finding(check(assemble(named), named), "ai.cloud_named_in_dpa").status == "pass"


def test_the_consent_rule_speaks_of_processing_and_names_the_basis():
    """L3-10."""
    deal = make_deal({"ai": {"service_objects": ["政务机构工作人员"], "public_content": False,
                             "input_training": True, "input_third_party_pi": True}}, name="tech_development_ai")
    advice = finding(check(assemble(deal), deal), "ai.inputs_of_others_not_trained_on_consent").advice
    assert advice.startswith("指南 第二十四条以服务对象的授权同意为输入信息用于数据处理（含训练）的条件；")
    assert advice.endswith("服务对象本人对其自身信息的同意，依据为该法第十三条第一款第（一）项。")


def test_tech_weights_definition_is_aligned_with_1_8():
    """L3-11: one wording (训练) for both families."""
    text = "\n".join(texts(assemble(load_deal(EXAMPLES / "tech_development_ai.yaml"))).values())
    assert ("模型权重：指经本项目训练形成或者改变的参数，包括适配器参数和全参数训练后形成的参数文件，不包括未经本项目训练的基础模型参"
            "数文件；全参数训练形成的参数文件中源自基础模型的部分，乙方的权利不因第十六条而转移，甲方及其指定的使用单位、承接方和运行"
            "维护单位依第十六条关于背景知识产权许可的约定使用。") in text
    assert "优化训练形成的参数" not in text


def test_the_ip_options_describe_the_7_5_terms_and_the_breach_rescission():
    """L3-16: the comparison table follows the drafted 7.5 and 10."""
    from aicontract.ip_options import load_options
    group = load_options().group("ownership")
    # review40 M1: the hand-over to the 承接方 runs from 甲方's notice to it, the running period has its cap
    tail = ("自甲方书面告知承接方之日起约定的工作日内向承接方交接服务；交接完成前乙方维持系统运行，最长不超过自解除通知送达之日起约定的"
            "天数，期间费用按约定（7.5 第二段）；甲方因乙方违约解除的，按第10条末段处理。")
    cells = {o.id: getattr(o, "continuity") for o in group.options}  # extra attributes of the YAML
    assert cells["shares"] == ("乙方应在解除通知送达之日起约定的工作日内向甲方转让其份额（对价按合同约定）并交付项目成果（含源代码、模型权重、"
                               "文档）、基础模型的部署和安装介质以及标注数据集、评测集，" + tail)
    assert cells["sole_a"].endswith("基础模型的部署和安装介质以及标注数据集、评测集，" + tail)


def test_review43_fixes():
    """review43: records used for 整改 are processed as 甲方's consent writes down, as a supplement to
    the data-processing terms (PIPL 第二十一条); 7.3's promise does not reach what 甲方's data causes;
    the tech precedence rule is a list, not one long condition; the 份额 warning's model wording."""
    cooperation = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))
    assert ("双方书面补充《数据处理协议》的数据清单和使用目的后方可使用；甲方的书面同意应写明使用的记录种类、处理方式（如清洗、标注、分析）"
            "和存储、处理的地点，作为双方关于数据处理的约定的补充；") in cooperation["ai_service.inputs"]  # review75 M2 before it
    assert ("甲方对其提供数据的来源合法性负责，项目成果因甲方提供的数据或者甲方背景知识产权侵犯第三方权利的，乙方不承担前款承诺的责任。"
            ) in cooperation["ip.indemnity"]
    tech = texts(assemble(load_deal(EXAMPLES / "tech_development_ai.yaml")))
    assert tech["other.precedence"].startswith("本合同正文与附件不一致，或者附件之间不一致的，按下列约定处理：")
    assert tech["other.precedence"].endswith("以该约定为准；其他数据处理事项以《数据处理协议》为准；其他模型和服务安全事项以《人工智能模型"
                                             "与服务条款》为准；保密事项以对甲方保护更严格的约定为准；其他事项以本合同正文为准。")
    rule = next(r for r in bundled_family("cooperation").rules if r.id == "ip.rescission_names_no_share")
    assert "例：乙方在项目知识产权中的权利归甲方所有，其对价为本合同7.5条约定的转让对价" in rule.advice


NO_NOTICE = "未在本合同文首列明邮箱的，{0}发出的电子邮件，经{1}书面确认收到的，自确认之时起发生通知的效力，未经确认的不发生通知的效力。"


@pytest.mark.parametrize("emails, delivery, has_13_2", [
    (("x@a.cn", "y@b.cn"), "第7个工作日；以电子邮件发出，在电子邮件成功发出之后即为送达。", True),
    (("无", "y@b.cn"), "第7个工作日；以电子邮件发送至乙方在本合同文首所列邮箱的，在电子邮件成功发出之后即为送达。甲方"
                      + NO_NOTICE.format("向甲方", "甲方"), False),
    (("x@a.cn", "无"), "第7个工作日；以电子邮件发送至甲方在本合同文首所列邮箱的，在电子邮件成功发出之后即为送达。乙方"
                      + NO_NOTICE.format("向乙方", "乙方"), False),
    (("无", "无"), "第7个工作日。双方均" + NO_NOTICE.format("一方向对方", "对方"), False),
])
def test_notices_by_e_mail_only_to_a_party_that_lists_one(emails, delivery, has_13_2):
    """Walkthrough M3: with 邮箱 无, 13.1 still served notices by e-mail and 13.2 gave e-mail between
    the contacts the force of the contract. Review45/46: an e-mail to a party without one has no
    effect unless confirmed; the incident notice due within minutes is phoned, in the annexes' own
    clauses (they prevail on security matters, and ask for 书面通知)."""
    deal = make_deal({"party_a": {"email": emails[0]}, "party_b": {"email": emails[1]}})
    found = texts(assemble(deal))
    assert found["notices.delivery"].endswith(delivery)
    assert ("notices.email" in found) is has_13_2
    # review52 M1, review53 M1–M2: the call counts once the contact (or a person named in writing) is told, or a text
    # is sent, in time; otherwise redial every 15 minutes and deliver a written notice at once (left with the mail
    # room or at the address, photographed, when no one signs), and 乙方 is then not late; holidays move the follow-up
    phoned = ("。甲方未在《项目合作合同》文首列明电子邮箱的，乙方应在前述时限内以电话通知甲方联系人（《项目合作合同》文首所列甲方电话；"
              "甲方书面通知变更联系人、联系方式或者电话的，为变更后的联系方式和电话），同时以短信、即时通信等能够留存记录的方式，将事件的"
              "发生时间、类别和影响（不得包含个人信息或者安全漏洞细节等敏感内容）发送至甲方书面告知乙方的接收号码或者账号。甲方应在《项目"
              "合作合同》生效后5日内书面告知乙方前述接收号码或者账号，变更的应及时书面告知；甲方未告知的，乙方以电话通知即可。电话未接通，"
              "或者接听人不是甲方联系人、甲方书面指定的人员的，乙方应每隔不超过15分钟重拨，并应立即以专人送达方式向甲方在《项目合作合同》"
              "文首所列地址送交载明前述情况的书面通知；该地址无人签收的，乙方将书面通知交给该地址的收发室、门卫或者值班人员，或者留置于该"
              "地址，并以拍照、录像等方式记录的，视为已送交（该书面通知应密封并标明“紧急·安全事件”，其内容限于事件的发生时间、类别和影响"
              "以及乙方负责处置该事件的人员及其能够随时接通的电话，不得包含个人信息或者安全漏洞细节等敏感内容）；书面通知视为已送交后，重拨间隔可以延长至不超过1小时；重拨至甲方联系人或者甲方"
              "书面指定的人员知悉，或者甲方工作人员签收前述书面通知时止。乙方在前述时限内发出前述短信、即时通信，或者在前述时限内通过电话将前述情况告知甲方联系人或者甲方书面指定的人员的，视为"
              "已在该时限内书面通知甲方；乙方在前述时限内开始拨打，并按本款重拨、送交书面通知的，不因甲方联系人或者甲方书面指定的人员在前述"
              "时限届满后才知悉而承担迟延通知的责任。乙方应在前述时限届满后24小时内（该期间的最后一日为法定休假日的，顺延至其后第一个工作日）"
              "以专人送达方式补交书面通知，说明事件情况、影响范围和已采取的措施，并附每次通知的时间、方式、接收人和内容的记录；补交的书面"
              "通知无人签收的，乙方将其密封并标明“紧急·安全事件”后，依本款交给收发室、门卫或者值班人员或者留置，并以拍照、录像等方式"
              "记录的，视为已送交，其中的个人信息、安全漏洞细节等敏感内容不随该通知留置，由乙方在甲方联系人或者甲方书面指定的人员知悉后，"
              "立即以其指定的方式另行提供。")  # review54 L1, review55 L1
    for clause_id in ("ai_incidents.security", "dpa_security.incidents"):
        assert (phoned in found[clause_id]) is (emails[0] == "无")


@pytest.mark.parametrize("exceptions, content, printed, rule", [
    (["无。"], "无", None, "pass"),
    (["乙方丧失研究开发能力的。"], "数据标注中的人工复核工作", "乙方可以转让研究开发工作的具体内容包括：数据标注中的人工复核工作。"
     "乙方依本条第一款所列情形转让的，应在转让后3日内书面通知甲方。乙方依本条转让或者经甲方同意转让的，均应就第三人的工作向甲方"
     "承担责任；转让的工作涉及处理甲方数据的，还应依《数据处理协议》关于委托第三方处理的约定取得甲方的书面同意。", "pass"),
    (["无"], "数据标注中的人工复核工作", "乙方经甲方书面同意可以转让研究开发工作的具体内容包括：数据标注中的人工复核工作。乙方转让的，"
     "应就第三人的工作向甲方承担责任；转让的工作涉及处理甲方数据的，还应依《数据处理协议》关于委托第三方处理的约定取得甲方的书面同意。", "pass"),
    (["乙方丧失研究开发能力的。"], "无", "乙方可以转让研究开发工作的具体内容包括：无。", "fail"),
    (["乙方丧失研究开发能力的。", "无。"], "无", "乙方可以转让研究开发工作的具体内容包括：无。", "fail"),  # review47: no “2. 无。”
])
def test_subcontracting_reads_as_the_exceptions_allow(exceptions, content, printed, rule):
    """Review45 H2, M1, M4 on 第八条: no exceptions and no content — the first sentence alone; no
    exceptions but a content — a transfer needs 甲方's written consent (not read as consent given);
    exceptions — notice and 乙方's liability for the third party; exceptions without content — the check says so."""
    deal = make_deal({"subcontracting": {"exceptions": exceptions, "content": content}}, "tech_development_ai")
    contract = assemble(deal)
    found = texts(contract)
    assert found.get("subcontracting.exceptions", "无") == (exceptions[0] if not exceptions[0].startswith("无") else "无")
    assert found["subcontracting.lead"].startswith("未经甲方书面同意，乙方不得")  # review52 M4: consent in writing (附录二 4.4)
    assert found["subcontracting.lead"].endswith(
        ("转让第三人承担。经甲方同意转让的，乙方仍应就第三人的工作向甲方承担责任，甲方的同意不免除乙方依本合同承担的义务；转让的"
         "工作涉及处理甲方数据的，还应依《数据处理协议》关于委托第三方处理的约定取得甲方的书面同意。" if content == "无" else
         "转让第三人承担。") if exceptions[0].startswith("无") else "转让第三人承担：")  # review51 M3: 乙方 answers for the third party
    if printed is None:
        assert "subcontracting.content" not in found
    else:
        assert found["subcontracting.content"].startswith(printed)
    assert finding(check(contract, deal), "subcontracting.content_matches_exceptions").status == rule


def test_a_patent_route_without_its_holder_never_reads_as_no_patent():
    """Walkthrough M4: route 申请专利 with the holder left out printed “双方约定不就研究开发成果申请专利
    （本合同按第2种方式处理）” under “按下列第1种方式处理” (an incomplete draft; the check fails it)."""
    deal = make_deal({"ip": {"route": "申请专利", "patent_holder": None, "patent_use": "双方共同使用"}},
                     "tech_development_ai")
    contract = assemble(deal)
    found = texts(contract)
    assert found["ip.route"].endswith("按下列第1种方式处理：")
    assert found["ip.patent"] == "申请专利的权利归属（甲方、乙方或者双方），尚待双方约定。"  # review45 M3: not 无
    assert finding(check(contract, deal), "ip.patent_route_complete").status == "fail"



LAW_TOO = ("第三十四—三十六条所列事项中，部分另有法律规定，不能因指南属推荐性质而省略；法律还可能要求约定指南未列的事项。例如个人"
           "信息处理者委托处理个人信息的，应当与受托人约定委托处理的目的、期限、处理方式、个人信息的种类、保护措施以及双方的权利和义务"
           "等，并对受托人的个人信息处理活动进行监督（《中华人民共和国个人信息保护法》第二十一条第一款）。")


def test_the_check_the_review_and_its_memo_say_what_force_the_guide_has(tmp_path):
    """review48–51: the 指南 recommends (第三十七条); some of its items the law requires anyway (review51 L2)."""
    import io

    import docx

    from aicontract.review import review, review_memo_docx

    deal = load_deal(EXAMPLES / "cooperation.yaml")
    head = check(assemble(deal), deal).text().splitlines()[1]
    assert head.startswith("（指南 第三十四—三十六条列出合作合同、数据处理协议和知识产权条款“宜包括”的内容；第三十七条：指南提供推荐性"
                           "合规实务操作建议，可以参考使用，而非强制性规定或服务标准。" + LAW_TOO + "aicontract 起草时将第三十四—三十六条所列事项"
                           "作为必备事项")  # review53 L3: not “将其”, which read as the law
    source = tmp_path / "c.txt"
    source.write_text("合作合同\n第一条 合作内容\n乙方为甲方开发系统。\n", encoding="utf-8")
    result = review(source)
    assert "而非强制性规定或服务标准。" + LAW_TOO + "某一事项是否需要，宜结合合同类型判断" in result.text().splitlines()[1]
    memo = "\n".join(p.text for p in docx.Document(io.BytesIO(review_memo_docx(result))).paragraphs)
    assert "而非强制性规定或服务标准。" + LAW_TOO + "某一事项是否需要补充，宜结合合同的类型和项目情况判断" in memo


@pytest.mark.parametrize("family, title, phone, address", [
    ("tech_development_ai", "技术开发（委托）合同", "甲方项目联系人的联系方式和电话", "通讯地址"),  # its 文首 lists both (review52–53 L1)
    ("data_processing", "数据处理协议", "甲方电话", "地址"),  # a DPA signed on its own names itself
])
def test_the_incident_phone_names_the_document_and_its_numbers(family, title, phone, address):
    deal = make_deal({"party_a": {"email": "无"}}, family)
    found = texts(assemble(deal))
    clause = found["dpa_security.incidents"]
    assert (f"甲方未在《{title}》文首列明电子邮箱的，乙方应在前述时限内以电话通知甲方联系人（《{title}》文首所列{phone}；甲方书面"
            "通知变更联系人、联系方式或者电话的，为变更后的联系方式和电话）") in clause
    assert f"向甲方在《{title}》文首所列{address}送交载明前述情况的书面通知" in clause
