"""The legal substance of the drafts (issue: drafts a lawyer can hand to a client): use rights,
one data-deletion regime, no facts from defaults, rules that state the law correctly, the AI
deal on the 科技部 form, cross-document consistency, and the obligation map of 指南 第五—第三十三条."""

import json
import re

import pytest
import yaml

from aicontract import DealError, assemble, draft, load_deal, render_text
from aicontract.drafting import check
from aicontract.drafting.contract import Paragraph
from aicontract.io.deal_file import deal_from_data
from aicontract.library import bundled_family, families
from aicontract.library.obligations import load_obligations
from aicontract.models import DEAL_MODELS

from helpers import EXAMPLES, SOURCES, example_data, finding, make_deal, texts

GUIDE = (SOURCES / "guide_000.txt").read_text(encoding="utf-8")


# --- 1. 甲方 may use what it paid for -------------------------------------------------------------


def test_party_a_may_use_the_results_whatever_the_ownership():
    for ownership in ({"ownership": "双方共同共有", "shares": ...}, {"ownership": "单方享有", "owner": "乙方", "shares": ...}):
        contract = assemble(make_deal({"ip": ownership}))
        text = texts(contract)["ip.use_rights"]
        assert text.startswith("无论项目知识产权归属如何，甲方及其指定的使用单位均有权为履行法定职责和提供公共服务的需要，"
                               "在本项目应用场景及其后续建设、运行维护中永久地使用、复制、修改和部署项目成果，并可以由甲方另行选聘的承接方"
                               "和运行维护单位为此目的使用、复制、修改和部署项目成果，无需取得乙方同意，也不另支付费用。")
        assert "无偿" not in text  # review10 M3: where 乙方 owns a part, that use is its licence, not a gift
        # the results run on 乙方's base model: the use right needs that licence, and a deployed copy
        # every 承接方 甲方 appoints (after a 7.5 rescission, a rescission for breach, or any later maintainer)
        assert ("乙方就该背景知识产权授予甲方及其指定的使用单位、甲方另行选聘的承接方和运行维护单位（包括本合同7.5条、第10条所称的承接方）"
                "永久、不可撤销的许可，许可费为人民币捌万元整（小写：¥80,000.00），包含在本合同6.2条约定的第一期经费中，"
                "甲方拨付该期经费即视为许可费已付清，该许可费同时为甲方及其指定的使用单位、承接方和运行维护单位依本款第一句使用项目成果"
                "中属于乙方的权利或者份额（如有）的对价，许可范围为在本项目应用场景及其后续建设、运行维护中运行、维护、迁移、修改和改进"
                "项目成果所必需的使用、复制和部署。") in text
        assert ("乙方应在交付时将运行项目成果所需版本的基础模型（含参数文件）和运行项目成果所需的乙方其他背景知识产权（包括乙方作为背景知"
                "识产权的通用工具，该等工具本身可仅以可执行形式交付；为本项目开发的程序和为本项目对该等工具所作修改的部分属于项目成果，乙"
                "方应交付其源代码；该等工具以可执行形式交付的，应为包含该等修改的版本）部署于甲方指定的环境并交付其安装介质") in text
        assert "乙方保证有权授予本许可" in text
        assert text.endswith("乙方使用项目成果的范围为：乙方可为履行本合同（包括免费技术支持期内的运行维护）使用项目成果；"
                             "用于其他项目或对外提供的，须经甲方书面同意。")
    co_owned = texts(assemble(make_deal({"ip": {"ownership": "双方共同共有", "shares": ...}})))
    assert co_owned["ip.co_ownership"].startswith("除本合同7.7条另有约定外，在共有的情况下，未经双方书面同意")


def test_the_use_right_is_a_mandatory_item_with_a_real_answer():
    report = check(assemble(make_deal()), make_deal())
    assert finding(report, "34.5/use").status == "pass" and finding(report, "34.5/use").mandatory
    with pytest.raises(DealError, match="ip.party_b_use"):
        make_deal({"ip": {"party_b_use": ...}})
    deal = make_deal({"ip": {"party_b_use": "另行约定"}})
    assert finding(check(assemble(deal), deal), "34.5/use").status == "fail"


def test_tech_form_article_16_gives_party_a_its_use_and_allocates_code_and_weights():
    text = render_text(assemble(load_deal(EXAMPLES / "tech_development_ai.yaml")))
    assert ("本项目形成的源代码的著作权自源代码形成之时起归甲方所有，本项目训练形成的模型权重文件自形成之时起归甲方所有，不以交付、验收或者付款为条件；"
            "乙方应按本合同第十三条的约定向甲方交付源代码和模型权重文件。") in text
    assert "本条关于技术秘密使用权、转让权的约定不限制甲方的该项使用" in text
    deal = make_deal({"ip": {"source_code_owner": ..., "party_b_use": ...}}, name="tech_development_ai")
    problems = finding(check(assemble(deal), deal), "ip.ai_results_allocated").problems
    assert problems == ["知识产权（第十六条） › 源代码著作权的归属未填写或为“无”",
                        "知识产权（第十六条） › 乙方对研究开发成果的使用未填写或为“无”"]


# --- 2. one data-deletion regime ----------------------------------------------------------------


def test_one_deletion_period_in_the_contract_and_its_annex():
    contract = assemble(load_deal(EXAMPLES / "cooperation.yaml"))
    all_text = texts(contract)
    assert "立即删除" not in render_text(contract)  # 8.6 and annex 8.1 no longer say 立即
    assert all_text["data_security.deletion"] == (
        "本合同终止、解除或履行完毕，乙方应按照甲方的指示，按本合同附件一《数据处理协议》关于交付后数据归还、删除或匿名化的"
        "期限和方式，删除或返还甲方提供的原始数据及全部备份，以及该协议所称的其他数据及其副本和备份；该协议关于数据归还、删除、书面确认和"
        "甲方核查、乙方依法自行留存的日志、乙方通知甲方和应对安全事件（及于涉及乙方、其工作人员或者其委托的第三方处理过或者仍持有的数据"
        "以及乙方依法自行留存的日志的安全事件，不论该事件发生或者发现于本合同终止、解除之前或者之后）的约定，不因本合同终止、解除而失效。")
    # review71 L5: the annex's duties outlive the contract; review81-83: the duty to notify and handle an incident too, whenever found
    assert all_text["dpa_storage.period"].endswith(
        "存储期限为自本协议生效之日起至依本协议第4.2条完成归还、删除或匿名化之日止；依本协议第3.2条传输的训练数据集存储于"
        "中华人民共和国境内的乙方位于江州市滨江区创智路88号智算大厦的模型训练集群，期限相同；依本协议第2.2条处理的运行数据存储和处理于"
        "中华人民共和国境内的江州市政务云（政务外网区）推理服务区，期限按本协议第4.2条关于运行数据的约定；乙方在其他地点存储或者处理"
        "运行数据的，应事先取得甲方书面同意；" + REMOTE + LISTED_REMOTE.format(OPERATED_HERE) + IN_CHINA)
    # training on 乙方's own cluster is allowed for de-identified sets only, so it does not contradict 3.1
    assert all_text["dpa_methods.training_transfer"].startswith("乙方可以将已完成去标识化复核、不含原始数据的训练数据集加密传输至")
    after = all_text["dpa_storage.after_delivery"]
    assert after.startswith("乙方应在项目交付（最终验收通过）或本协议提前终止、解除之日起30日内")
    assert ("最终验收通过后，为履行交付后的技术支持义务，乙方可以保留以下数据：评测测试集和已去标识化的问答对标注样本；"
            "保留的数据仅存储于中华人民共和国境内的甲方政务云专区（江州市政务云数据中心），保留至技术支持期届满之日，"
            "最迟不晚于2028年12月15日") in after
    # 个人信息保护法 第二十一条第二款: nothing is kept when the entrustment ends early
    assert "本协议或者主合同提前终止、解除的，不适用本款关于保留的约定。" in after
    assert all_text["dpa_deletion.on_end"].startswith("乙方依本协议第4.2条归还、删除数据或采取匿名化措施时")
    # the only deletion deadlines in the document are the one of 4.2, for the data and for what is retained
    assert re.findall(r"(\d+)日内，根据甲方要求归还|保留期届满之日起(\d+)日内", render_text(contract)) == [("30", ""), ("", "30")]


REMOTE = ("乙方经甲方授权，在中华人民共和国境内通过甲方认可的安全方式（如堡垒机或者虚拟专用网络）远程访问前述运行数据存储和处理地点开展运维、"
          "监看和安全处置的，不视为在其他地点存储或者处理运行数据；远程访问日志由乙方按本协议第5.4条记录和留存；通过甲方设施访问、由甲方设施"
          "记录的，乙方无需另行记录，但应配合甲方调取和核查；除向甲方提供、依本协议或者主合同移交、经甲方事先书面同意，或者法律、行政法规另有"
          "规定、有关主管部门依法要求的外，乙方不得将运行数据下载、复制或者留存于前述运行数据存储和处理地点以外的设备；乙方因有关主管部门依法"
          "要求提供运行数据的，应以满足该要求所必需的范围为限，并在法律允许的范围内事先或者及时书面告知甲方。")
# review62 L2: the listed and the retained data, reached remotely
# review70 M3: the places 3.1, 3.2 and 4.2 name do not hold the data exported under 4.3 either
IN_CHINA = ("依本协议第4.3条向境外传输的数据，其传输以及在境外的存储、处理（包括备份）适用该条，不受本条前述关于存储地点和不得下载、复制、"
            "留存的约定、本协议第3.1条和第3.2条关于处理和存储地点的约定以及第4.2条关于保留数据存储地点的约定限制，本协议其他约定继续适用；除此以外，双方应在中华人民共和国境内开展数据处理活动。为本协议之目的，本协议所称中华人民共和国境内"
            "不包括香港特别行政区、澳门特别行政区和台湾地区；向该等地区传输数据，或者在该等地区存储、处理数据的，按向境外传输数据处理，"
            "适用本协议第4.3条。")
# review63 L2: the technical support the retained data serve, 甲方's facilities logging, the training set's transfer
LISTED_REMOTE = ("乙方通过远程访问处理本协议第1.1条所列数据或者依本协议第4.2条保留的数据的，以本协议第3.1条约定的处理范围、第4.2条约定的"
                 "技术支持用途或者甲方书面同意的范围为限，并应在中华人民共和国境内通过甲方认可的安全方式访问，按本协议第5.4条记录远程访问日志"
                 "（通过甲方设施访问、由甲方设施记录的，乙方无需另行记录，但应配合甲方调取和核查），除依本协议第3.2条传输训练数据集外，"
                 "不得将该等数据下载、复制或者"
                 "留存于其存储地点以外的设备；乙方依本协议第4.2条完成存储于某一地点的前述数据的归还、删除或匿名化后（该地点存有依该条保留的"
                 "数据的，为保留的数据依该条处理完毕后），应停用其在该地点的账号并配合甲方注销其远程访问授权{}。")
OPERATED_HERE = "；该地点同时为前述运行数据存储和处理地点的，乙方的账号和远程访问授权按本协议第4.2条关于运行数据的约定处理"


def test_the_running_data_have_the_place_the_deal_names():
    """review58 L2: the live service's inputs, outputs and logs are kept where the deal says, elsewhere
    only with 甲方's written consent; remote operation through 甲方's channels is not elsewhere (review59 L1)."""
    text = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["dpa_storage.period"]
    assert text.endswith("期限相同；依本协议第2.2条处理的运行数据存储和处理于中华人民共和国境内的江州市政务云（政务外网区）推理服务区，期限按本协议"
                         "第4.2条关于运行数据的约定；乙方在其他地点存储或者处理运行数据的，应事先取得甲方书面同意；" + REMOTE
                         + LISTED_REMOTE.format(OPERATED_HERE) + IN_CHINA)


def test_a_running_data_place_not_given_is_not_inferred_and_fails_the_check():
    """review59 M1: the place was inferred as “前述地点” (the data's, or the training cluster's): it is now
    left to be confirmed, and the check asks for it."""
    deal = make_deal({"data_processing": {"runtime_location": None}})
    contract = assemble(deal)
    text = texts(contract)["dpa_storage.period"]
    assert ("；依本协议第2.2条处理的运行数据存储和处理于中华人民共和国境内双方书面确认的地点（地点尚待双方书面确认），期限按本协议第4.2条"
            "关于运行数据的约定；") in text
    assert "前述地点" not in text and "前述数据存储地点" not in text
    result = finding(check(contract, deal), "dpa.runtime_location")
    assert (result.status, result.mandatory) == ("fail", True)
    assert result.problems == ["数据处理协议 › 运行数据的存储和处理地点未填写或为“无”"]


def test_no_running_data_place_without_a_service_in_use():
    """review59 L4: a place given for running data the agreement does not let 乙方 process was dropped silently."""
    data = example_data("data_processing")
    data["data_processing"]["runtime_location"] = "江州市政务云推理服务区"
    with pytest.raises(DealError) as err:
        deal_from_data(data)
    assert ("data_processing.runtime_location（数据处理约定 › 运行数据的存储和处理地点）: 使用目的不含“上线运行和运维”时不填；"
            "乙方负责上线运行和运维的，请在使用目的中加入该项") in str(err.value)
    data["data_processing"]["runtime_location"] = "无"
    assert deal_from_data(data).data_processing.runtime_location is None  # 无 (常州 填写说明 第五项) is no place


def test_without_a_service_in_use_the_agreement_says_nothing_of_running_data():
    deal = make_deal({"data_processing": {"purposes": ["训练", "验证", "测试"], "runtime_personal_info_kinds": None,
                                          "runtime_location": None}})
    text = texts(assemble(deal))["dpa_storage.period"]
    assert "运行数据" not in text and text.endswith("期限相同。" + LISTED_REMOTE.format("") + IN_CHINA)


def test_running_data_in_party_as_environment_are_handed_over_not_deleted():
    """review59 L3: at the end of 乙方's running period the data in 甲方's own environment stay there."""
    after = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["dpa_storage.after_delivery"]
    assert ("并在此后30日内按前述方式处理其持有的运行数据（运行数据存储于甲方提供或者由甲方控制的环境的，乙方应将该环境中的运行数据及其备份"
            "连同管理权限（包括管理账号、口令和解密所需的密钥）移交甲方，由甲方按其规定处理；乙方应停用或者配合甲方注销其在该环境中的账号和"
            "远程访问授权，不得保留或者使用任何访问凭证，并删除其在该环境以外持有的副本和备份；运行数据存储于其他环境的，乙方应在该期间届满或者"
            "其不再负责运行和运维时书面告知甲方其持有的运行数据的种类、数量和存储位置，按甲方要求将甲方继续运行服务或者依法留存所需的运行数据以"
            "甲方能够读取的形式（加密存储的，连同解密所需的密钥）移交甲方指定的、由甲方控制的环境，再按前述方式处理）；") in after
    # review60 L3: the backups of running data in 甲方's environment are handed over, not deleted with the other copies
    assert after.endswith("无论存放于何处，仍属本款应删除的数据（已依本款、本协议第5.4条或者主合同移交甲方、由甲方控制的数据，不在此限；"
                          "存储于甲方提供或者由甲方控制的环境中的运行数据，按本款关于该等运行数据的约定处理）。"
                          "乙方为项目形成的标注数据集、评测集，应先按甲方要求移交甲方控制的环境，再行删除乙方持有的副本。"
                          "主合同依其关于项目承接的约定或者因乙方违约解除的，交接完成前本协议继续适用，本款的期限按主合同关于项目承接的条款"
                          "第二段约定的日期起算（包括主合同违约责任条款适用该段的情形）。")


def test_a_consent_to_use_running_records_names_their_place():
    """review59 L2: the AI annex's consents to use inputs or records say where they are processed."""
    kept = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["ai_service.inputs"]
    assert ("甲方的书面同意应写明使用的记录种类、处理方式（如清洗、标注、分析）和存储、处理的地点，作为双方关于数据处理的约定的补充；"
            "未写明地点的，仅可在相关记录原存储、处理的地点处理。") in kept  # review60 L4: with or without the agreement
    trained = texts(assemble(make_deal({"ai": {"input_training": True, "input_third_party_pi": False}})))["ai_service.inputs"]
    assert "该等信息纳入双方关于数据处理的约定（包括其存储、处理的地点），依其约定的合法性基础处理" in trained


def test_the_purposes_alone_meet_item_35_2():
    """Walkthrough (runtime location) H1: a stand-alone agreement without 其他使用目的 failed 35.2, told its
    purposes were “无或未填写”: a list answer never counted."""
    data = example_data("data_processing")
    data["data_processing"].pop("other_purpose", None)
    deal = deal_from_data(data)
    found = finding(check(assemble(deal), deal), "35.2")
    assert (found.status, found.problems, found.where) == ("pass", [], ["2.1、2.2"])


def test_a_wrong_purpose_is_reported_alone():
    """Walkthrough M1: a wrong purpose also blamed the place of the running data, which depends on it."""
    data = example_data("cooperation")
    data["data_processing"]["purposes"] = ["训练", "上线运维"]
    with pytest.raises(DealError) as err:
        deal_from_data(data)
    assert str(err.value).count("\n  - ") == 1 and "data_processing.purposes.1" in str(err.value)


@pytest.mark.parametrize("written", ["中华人民共和国境内的江州市政务云推理服务区", "中华人民共和国境内江州市政务云推理服务区",
                                     "中国境内的江州市政务云推理服务区", "江州市政务云推理服务区",
                                     "江州市政务云推理服务区（中华人民共和国境内）", "江州市政务云推理服务区(境内)"])
def test_a_place_that_says_it_is_in_china_is_not_said_twice(written):
    """Walkthrough M5: 中华人民共和国境内的中华人民共和国境内的江州市政务云."""
    text = texts(assemble(make_deal({"data_processing": {"runtime_location": written, "storage_location": written}})))
    assert "中华人民共和国境内的江州市政务云推理服务区，存储期限为" in text["dpa_storage.period"]
    assert "运行数据存储和处理于中华人民共和国境内的江州市政务云推理服务区，期限按" in text["dpa_storage.period"]
    assert "境内的中华人民共和国" not in text["dpa_storage.period"] and "境内的中国" not in text["dpa_storage.period"]
    assert "服务区（" not in text["dpa_storage.period"] and "服务区(" not in text["dpa_storage.period"]


@pytest.mark.parametrize("field, rule", [("storage_location", "dpa.storage_location"), ("processing_scope", "dpa.processing_scope"),
                                         ("retained", "dpa.retained_location")])
def test_a_storage_place_or_processing_scope_of_none_fails(field, rule):
    """review62 M1, review63 M1: with 存储地点, 处理范围 or the retained data's place answered 无 the stand-alone
    agreement passed (“存储于中华人民共和国境内的无”)."""
    data = example_data("data_processing")
    if field == "retained":
        data["data_processing"]["retained"] = {"data": "评测集", "location": "无", "until": "2027-06-30"}
    else:
        data["data_processing"][field] = "无"
    deal = deal_from_data(data)
    report = check(assemble(deal), deal)
    assert [f.id for f in report.failures if f.kind == "rule"] == [rule]
    if field == "storage_location":
        assert finding(report, "35.4").problems == ["相关条款的参数均为“无”或未填写"]


@pytest.mark.parametrize("written, message", [
    ("中华人民共和国境内", "请写明具体地点（例：甲方政务云专区），不能只写“中华人民共和国境内”"),
    ("中国境内的服务器", "请写明具体地点（例：甲方政务云专区），不能只写“中华人民共和国境内”"),
    ("中国境内外的机房", "确需向境外传输的，在“向境外传输数据”中回答"),
    ("新加坡节点（境外）", "数据应存储、处理于中华人民共和国境内（香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待）"),
    ("香港特别行政区的云服务节点", "数据应存储、处理于中华人民共和国境内（香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待）"),
    ("乙方位于香港的训练集群", "香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待"),
    ("台北的数据中心", "香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待"),
    ("Hong Kong云服务节点", "香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待"),
    ("位于国外的服务器", "香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待"),
    ("阿里云海外节点", "香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待"),
    ("AWS 亚太（新加坡）区域", "香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待"),
    ("乙方位于日本的服务器", "香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待"),
    ("甲方政务云专区（含港澳台地区节点）", "香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待"),
    ("甲方政务云专区，并不定期同步至境外灾备节点", "香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待"),
    ("国内", "请写明具体地点（例：甲方政务云专区），不能只写“中华人民共和国境内”"),
    ("同存储地点", "请写出地点本身（例：甲方政务云专区）：协议印作“中华人民共和国境内的……”，“同上”“同存储地点”在其中无所指"),
    ("同上", "“同上”“同存储地点”在其中无所指"), ("与第4.1条相同", "“同上”“同存储地点”在其中无所指"),
    ("同数据存储地点。", "“同上”“同存储地点”在其中无所指")])
def test_a_place_must_name_somewhere_in_china(written, message):
    """review62 L1: “中华人民共和国境内” alone named no place and printed “境内的中华人民共和国境内”."""
    for field in ("storage_location", "runtime_location"):
        data = example_data("cooperation")
        data["data_processing"][field] = written
        with pytest.raises(DealError) as err:
            deal_from_data(data)
        assert f"data_processing.{field}" in str(err.value) and message in str(err.value)


@pytest.mark.parametrize("written", ["青岛市市南区香港中路1号政务云机房", "上海外国语大学数据中心", "上海市普陀区澳门路数据中心",
                                     "南京市台北路机房", "重庆市九龙坡区政务云机房", "甲方政务云专区（数据不得传输至境外）",
                                     "上海外滩数据中心", "甲方政务云专区（不向港澳台传输）", "苏州工业园区（新加坡合作区）数据中心",
                                     "香港中文大学（深圳）数据中心", "上海市美东路数据中心", "江州市台港澳办机房",
                                     "厦门市同安区政务云机房", "同济大学嘉定校区数据中心"])
def test_a_place_in_china_named_after_somewhere_else_is_accepted(written):
    """review64 M1: a street or a school named after 香港, 澳门 or 外国 was refused as a place abroad."""
    data = example_data("cooperation")
    data["data_processing"]["storage_location"] = written
    assert deal_from_data(data).data_processing.storage_location == written


def test_the_confirmation_and_the_end_name_the_hand_over_of_running_data():
    """review61 L3 / review62 L3: 8.2 confirms the hand-over too, and the stand-alone agreement ends with it."""
    found = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))
    assert found["dpa_deletion.proof"] == (
        "乙方应在完成归还、移交、删除或匿名化后5个工作日内，向甲方出具书面确认，写明处理的数据范围、方式和完成时间（包括依本协议第4.2条"
        "移交的运行数据及其备份、管理账号、口令和密钥），乙方在本协议第4.1条所称各存储、处理地点的账号和远程访问授权的停用或者注销情况，"
        "以及乙方依本协议第5.4条依法自行留存的日志的种类和留存期限届满之日（没有的，写明无）；该等日志届满删除后5个工作日内，乙方应另行"
        "书面确认；甲方有权进行核查。")  # review70 L6
    alone = texts(assemble(load_deal(EXAMPLES / "data_processing.yaml")))
    # review68 L3: without a live service 乙方 still hands over annotated sets and logs first
    assert alone["dpa_deletion.proof"].startswith("乙方应在完成归还、移交、删除或匿名化后")
    live = make_deal({"data_processing": {"purposes": ["训练", "上线运行和运维"], "runtime_personal_info_kinds": "咨询人的姓名",
                                          "runtime_location": "江州市政务云推理服务区"}}, name="data_processing")
    assert "的归还、移交、删除或匿名化并经甲方书面确认之日终止" in texts(assemble(live))["dpa_general.term"]


def test_no_data_retained_means_data_is_provided_again_for_support():
    deal = make_deal({"data_processing": {"retained": ...}})
    assert ("交付后乙方为履行技术支持、上线后效果评估等约定义务需要使用数据的，应经甲方书面同意，由甲方重新提供，并适用本协议。"
            in texts(assemble(deal))["dpa_storage.after_delivery"])


# --- 3. no facts from defaults --------------------------------------------------------------------


FACTS = {"cooperation": ["funding.revenue_expected", "ai.public_content", "ai.input_training"],
         "tech_development": ["ai_cooperation"],
         "data_processing": ["data_processing.personal_info", "data_processing.public_data", "data_processing.secrets"]}


@pytest.mark.parametrize("family, path", [(f, p) for f, paths in FACTS.items() for p in paths])
def test_facts_have_no_default_and_are_refused_when_unanswered(family, path):
    name = {"tech_development": "tech_development_ai"}.get(family, family)
    *parents, last = path.split(".")
    changes: dict = {}
    node = changes
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = ...
    with pytest.raises(DealError, match=re.escape(path)) as raised:
        make_deal(changes, name=name)
    assert "缺少必填字段 / field required" in str(raised.value)
    schema = DEAL_MODELS[family].model_json_schema()
    assert last in json.dumps(schema, ensure_ascii=False)
    # the JSON Schema says required and offers no default for the fact
    defs = {**schema.get("$defs", {}), "_root": schema}
    owner = next(d for d in defs.values() if last in d.get("properties", {}))
    assert last in owner.get("required", []) and "default" not in owner["properties"][last]


def test_sensitive_information_must_be_answered_when_there_is_personal_information():
    with pytest.raises(DealError, match=r"data_processing\.sensitive_personal_info（数据处理约定 › 含敏感个人信息）: "
                                        r"数据含个人信息时必填"):
        make_deal({"data_processing": {"sensitive_personal_info": ...}}, name="data_processing")


def test_the_agreement_states_only_facts_the_deal_gave():
    deal = make_deal({"data_processing": {"personal_info": False, "sensitive_personal_info": ..., "legal_basis": ...,
                                          "legal_basis_detail": ..., "personal_info_kinds": ...}}, name="data_processing")
    nature = texts(assemble(deal))["dpa_data.nature"]
    assert "敏感个人信息" not in nature


# --- 4. rules that state the law correctly ---------------------------------------------------------


def test_sensitive_data_on_a_statutory_duty_needs_no_separate_consent():
    """个人信息保护法 第十三条第二款: with a basis of 第一款第（二）至（七）项 no consent is needed."""
    deal = make_deal({"data_processing": {"sensitive_personal_info": True}}, name="data_processing")
    assert deal.data_processing.legal_basis.value == "第（三）项“为履行法定职责或者法定义务所必需”"
    report = check(assemble(deal), deal)
    assert finding(report, "dpa.sensitive_consent").status == "n/a" and report.ok
    consent = make_deal({"data_processing": {"sensitive_personal_info": True, "legal_basis": "第（一）项“取得个人的同意”"}},
                        name="data_processing")
    assert finding(check(assemble(consent), consent), "dpa.sensitive_consent").status == "fail"


def test_legal_basis_is_one_of_the_seven_items_of_article_13():
    choices = DEAL_MODELS["data_processing"].model_json_schema()["$defs"]["LegalBasis"]["enum"]
    assert [c[:5] for c in choices] == ["第（一）项", "第（二）项", "第（三）项", "第（四）项", "第（五）项", "第（六）项", "第（七）项"]
    text = texts(assemble(load_deal(EXAMPLES / "data_processing.yaml")))["dpa_personal.legal_basis"]
    assert ("本项目处理个人信息的依据为《中华人民共和国个人信息保护法》第十三条第一款第（三）项“为履行法定职责或者法定义务所必需”"
            "（甲方依法履行社会保险政策咨询服务职责）。甲方应确保处理不超出履行法定职责所必需的范围和限度，"
            "并依该法第三十五条履行告知义务。") in text


@pytest.mark.parametrize("window, minutes, ok", [
    ("涉及关键信息基础设施的，甲方应在1小时内向保护工作部门、公安机关报告", 60, False),
    ("涉及关键信息基础设施的，甲方应在1小时内向保护工作部门、公安机关报告", 30, True),
    ("甲方属于中央和国家机关各部门及其直属单位，应在2小时内向本部门网信工作机构报告", 119, True),
    ("甲方属于中央和国家机关各部门及其直属单位，应在2小时内向本部门网信工作机构报告", 120, False),
    ("甲方作为其他网络运营者，应在4小时内向属地省级网信部门报告", 60, True),
])
def test_incident_notice_fits_inside_party_as_own_reporting_window(window, minutes, ok):
    deal = make_deal({"incident": {"party_a_window": window, "minutes": minutes}})
    found = finding(check(assemble(deal), deal), "incident.within_window")
    assert (found.status == "pass") is ok
    assert "《国家网络安全事件报告管理办法》第四条" in found.label


def test_incident_notice_defaults_to_one_hour_and_the_clause_names_both_windows():
    deal = make_deal({"incident": {"minutes": ...}})
    assert deal.incident.minutes == 60
    text = texts(assemble(deal))["dpa_security.incidents"]
    assert "并在发现后1小时内书面通知甲方" in text
    assert ("对属于较大以上的网络安全事件，甲方作为其他网络运营者，应在4小时内向属地省级网信部门报告"
            "（《国家网络安全事件报告管理办法》第四条）。") in text
    # the 24 hours of 指南 第二十七条 do not read as a longer window for graver events
    assert "甲方应在24小时内向有关主管部门报告，但不影响前述时限" in text
    assert "由甲方依《中华人民共和国个人信息保护法》第五十七条采取补救措施并通知履行个人信息保护职责的部门和个人" in text


# --- 6. the AI deal on the 科技部 form --------------------------------------------------------------


def test_a_new_contract_cites_the_secrecy_regulations_in_force():
    text = render_text(assemble(load_deal(EXAMPLES / "tech_development_ai.yaml")))
    assert "《中华人民共和国保守国家秘密法实施条例》" in text and "实施办法" not in text
    # and its annex defers to the contract for the confidentiality period and the penalty
    assert "本协议的保密期限与合同第十一条约定的乙方保密期限一致；" in text
    assert ("乙方应按合同第二十一条关于违反保密义务、网络和数据安全义务的约定承担违约责任，"
            "并赔偿甲方遭到的其他损失（金额按合同第二十六条约定的争议解决方式确定）") in text
    assert "有管辖权的人民法院认定" not in text  # the contract goes to arbitration


def test_annex_references_follow_the_contracts_numbering():
    deal = make_deal({"network_security": False, "security_annex": {"penalty": ..., "period_years": ...}}, name="changzhou")
    text = render_text(assemble(deal))
    # 第十二条 dropped: 第二十一条 is now 第二十条, 第二十六条 第二十五条
    assert "乙方应按合同第二十条关于违反保密义务、网络和数据安全义务的约定承担违约责任" in text
    assert "（金额按合同第二十五条约定的争议解决方式确定）" in text


def test_the_ai_example_gives_party_a_the_improvements_made_with_its_data():
    text = texts(assemble(load_deal(EXAMPLES / "tech_development_ai.yaml")))["improvements.by_b"]
    assert text.startswith("经甲方事先书面同意，乙方可以在完成本合同约定的研究开发工作后，利用该项研究开发成果进行后续改进。")
    assert "归甲方所有" in text and "（甲、乙、双）" not in text  # a new contract states the choice, not the form's hint


# --- 7. cross-document consistency -----------------------------------------------------------------


def test_standalone_agreement_names_its_main_contract_term_and_remedies():
    t = texts(assemble(load_deal(EXAMPLES / "data_processing.yaml")))
    assert t["dpa_preamble.main_contract"].startswith(
        "本协议是双方就《江州市社保政策智能咨询模型训练项目技术服务合同》（合同编号：JZRS-JS-2026-006）项下数据处理事项订立的协议，"
        "与该合同（以下简称“主合同”）配套适用；本协议未约定的事项，适用主合同的约定。")
    assert t["dpa_general.term"].startswith("本协议自生效之日起至乙方依本协议第4.2条完成全部数据的归还、移交、删除或匿名化")
    assert t["dpa_general.remedy"].endswith("乙方应就每一违约事项按主合同总金额的10%向甲方支付违约金。"
                                             "甲方的损失（包括因数据安全事件遭受的损失）超过前述违约责任的，乙方应赔偿超出部分。")
    assert t["dpa_general.survival"].startswith("乙方对数据及在处理过程中知悉的甲方信息负有保密义务；该保密义务、本协议第8.2条关于甲方核查的约定")
    assert t["dpa_methods.scope"].endswith("处理结果仅可用于本协议第2.1条约定的目的。")


def test_annex_and_contract_may_not_price_one_breach_twice():
    ai = example_data("tech_development_ai")
    deal = make_deal({"security_annex": {"penalty": "乙方应按合同总金额作为违约金支付甲方", "period_years": 5}},
                     name="tech_development_ai")
    report = check(assemble(deal), deal)
    assert {f.id for f in report.failures} == {"annex.penalty_agrees", "annex.period_agrees"}
    assert finding(report, "annex.period_agrees").problems == [
        "保密义务（第十一条） › 乙方 › 保密期限为“长期（至该等信息依法公开或者甲方书面解除保密之日止）”、"
        "附件一 保密和网络安全协议 › 保密期限（年）为“5”，前后不一致"]
    assert ai["confidentiality"]["party_b"]["period"].startswith("长期")


def test_annex_period_in_years_agrees_with_the_same_period_in_words():
    deal = make_deal({"security_annex": {"period_years": 5}, "confidentiality": {"party_b": {"period": "五年"}}},
                     name="tech_development_ai")
    assert finding(check(assemble(deal), deal), "annex.period_agrees").status == "pass"


# --- 8. smaller ------------------------------------------------------------------------------------


def test_no_lone_route_number_in_the_dispute_clause():
    text = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["disputes.route"]
    assert "第（1）种" not in text and text.count("（1）") == 0


def test_cost_sharing_of_7_6_is_labelled_as_aicontracts_drafting():
    assert bundled_family("cooperation").clauses["ip.registration"].source == "指南 第三十六条（三）；办理人和费用分担为 aicontract 起草"


def test_co_owned_ip_asks_about_revenue():
    with pytest.raises(DealError, match=r"funding\.revenue_expected"):
        make_deal({"funding": {"revenue_expected": ...}})


@pytest.mark.parametrize("name", ["cooperation", "data_processing", "tech_development_ai"])
def test_every_sentence_of_a_new_draft_ends_and_reads(name):
    contract, _ = draft(load_deal(EXAMPLES / f"{name}.yaml"))
    form_fields = ("开户银行：", "地址：", "帐号：", "签订地点：", "签订日期：")
    for document in contract.documents:
        for block in document.blocks:
            if isinstance(block, Paragraph) and block.kind != "heading" and not block.text.startswith(form_fields):
                assert block.text[-1] in "。；：", f"{block.clause_id}: {block.text[-20:]}"
    text = render_text(contract)
    assert not re.search(r"以无的|无（甲、乙、双）|为无的|在无进行", text)


# --- the obligation map -----------------------------------------------------------------------------


def test_every_duty_is_the_guides_own_words():
    squashed = re.sub(r"\s+", "", GUIDE).translate(str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}))
    for article in load_obligations().articles:
        assert f"第{'零一二三四五六七八九'[article.article // 10] if article.article >= 20 else ''}" or True
        for duty in article.duties:
            assert duty.text in squashed, f"{duty.id}: {duty.text}"


def test_the_map_covers_articles_5_to_33_and_names_real_clauses():
    obligations = load_obligations()
    assert [a.article for a in obligations.articles] == list(range(5, 34))
    known = set().union(*(bundled_family(f).known_ids for f in families()))
    for article in obligations.articles:
        for duty in article.duties:
            assert duty.party in ("甲方", "乙方", "双方")
            assert duty.party_own or duty.clauses, duty.id
            missing = set(duty.clauses) - known
            assert not missing, f"{duty.id}: {missing}"


@pytest.mark.parametrize("name", ["cooperation", "tech_development_ai"])
def test_ai_contracts_allocate_every_applicable_article(name):
    deal = load_deal(EXAMPLES / f"{name}.yaml")
    report = check(assemble(deal), deal)
    articles = [f for f in report.findings if f.kind == "obligation"]
    assert len(articles) == 29 and all(f.mandatory for f in articles)
    assert {f.status for f in articles} <= {"pass", "n/a"}
    text = report.text()
    assert "义务分配 / obligation map（指南 第五条—第三十三条）" in text
    assert "✓ 第五条 算法设计：乙方（附件" in text


def test_an_article_whose_clause_is_dropped_fails_naming_the_duty(library_copy):
    path = library_copy / "ai_terms" / "01_model.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for clause in data["clauses"]:
        if clause["id"] == "ai_model.transparency":
            clause["when"] = "signing_date"  # the example has none: the clause drops out
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    from aicontract.library import load_family

    family = load_family("cooperation", library_copy)
    deal = make_deal()
    report = check(assemble(deal, family), deal, family)
    found = finding(report, "第五条")
    assert found.status == "fail" and found.mandatory and not report.ok
    assert found.problems == ["未分配 / not allocated：5.transparency（乙方）：承建方应采取有效措施，提升模型算法透明度，"
                              "采取技术措施确保生成内容准确、可靠，符合法律、行政法规规定，符合可参照的国家标准的安全要求，"
                              "并采取有效措施防止歧视。"]


def test_content_labelling_does_not_apply_when_outputs_stay_inside():
    deal = make_deal({"ai": {"public_content": False}})
    found = finding(check(assemble(deal), deal), "第三十三条")
    assert found.status == "n/a" and found.problems == ["不适用：生成合成内容不向公众提供 / not applicable"]
    assert "ai_supervision.labelling" not in assemble(deal).annexes[1].clause_ids


def test_changzhou_reports_the_map_for_information_only():
    deal = load_deal(EXAMPLES / "changzhou.yaml")
    report = check(assemble(deal), deal)
    articles = [f for f in report.findings if f.kind == "obligation"]
    assert len(articles) == 29 and not any(f.mandatory for f in articles) and report.ok
    assert finding(report, "第五条").line().startswith("! 第五条 算法设计：未分配")


def test_json_report_carries_the_map():
    deal = load_deal(EXAMPLES / "cooperation.yaml")
    data = json.loads(check(assemble(deal), deal).json())
    (article,) = [f for f in data["findings"] if f["id"] == "第三十二条"]
    assert article == {"kind": "obligation", "id": "第三十二条", "label": "监看要求", "status": "pass", "mandatory": True,
                       "where": ["乙方（附件二 6.4）"], "problems": [], "advice": "", "paths": []}


def test_running_data_are_not_trained_on_and_logs_the_law_keeps_stay():
    """review68 L1: DPA 2.1 allowed 训练 on “data” and 2.2 made running data “data”; L2: 5.4 deleted every log
    copy after the hand-over, even those the law makes 乙方 keep."""
    found = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))
    assert ("运行数据属于本协议所称的数据，但不适用本协议第2.1条关于训练、验证、测试目的的约定，乙方不得将其用于模型训练、优化，依主合同"
            "或者其附件关于服务对象输入信息和使用记录的约定由甲方去标识化后另行提供并经双方书面列入本协议数据清单和使用目的的除外；"
            ) in found["dpa_purpose.operation"]  # review75 M2: no longer on 甲方's consent alone
    assert found["dpa_security.logs"].endswith(
        "再删除乙方持有的副本；法律、行政法规要求乙方自行留存的日志，不论是否已满本条约定的留存期，乙方均应移交甲方，并依法留存其副本至规定期限届满，留存期间除存储"
        "和采取必要的安全保护措施外不得作其他处理（依法向有关主管部门提供的除外），届满之日起30日内删除。")


def test_remote_processing_of_the_listed_data_names_only_the_uses_the_deal_has():
    """review63 L2: the technical support of retained data and the training set's transfer are named only
    when the deal retains data and transfers a training set."""
    bare = texts(assemble(make_deal({"data_processing": {"retained": ..., "training_location": ...}})))["dpa_storage.period"]
    assert ("乙方通过远程访问处理本协议第1.1条所列数据的，以本协议第3.1条约定的处理范围或者甲方书面同意的范围为限，并应在中华人民共和国境内"
            "通过甲方认可的安全方式访问，按本协议第5.4条记录远程访问日志（通过甲方设施访问、由甲方设施记录的，乙方无需另行记录，但应配合"
            "甲方调取和核查），不得将该等数据下载、复制或者留存于其存储地点以外的设备；") in bare
    assert "技术支持用途" not in bare and "传输训练数据集" not in bare


def test_the_tech_contracts_annexed_dpa_outlives_the_contract():
    """review72 L6: the 技术开发合同's annexed 数据处理协议 has no term or survival clause of its own (the
    合作合同 says so in 8.6): its deletion, check and kept-log terms outlive the contract."""
    text = texts(assemble(load_deal(EXAMPLES / "tech_development_ai.yaml")))["other.dpa_survival"]
    assert text == ("《数据处理协议》关于数据归还、删除、书面确认和甲方核查、乙方依法自行留存的日志、乙方通知甲方和应对安全事件（及于涉及"
                    "乙方、其工作人员或者其委托的第三方处理过或者仍持有的数据以及乙方依法自行留存的日志的安全事件，不论该事件发生或者发现于"
                    "本合同终止、解除之前或者之后）的约定，不因本合同终止、解除而失效。")
    assert "other.dpa_survival" not in texts(assemble(make_deal({"data_processing": ...}, name="tech_development_ai")))


def test_records_used_to_fix_a_problem_are_not_trained_on_unless_provided_as_a_dataset():
    """review75 M2: with 输入信息不用于训练, the exception for fixing illegal content or handling feedback let the records be
    trained on with 甲方's consent and de-identification alone, past 指南 第二十四条第一款's safeguards."""
    text = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["ai_service.inputs"]
    assert ("需要使用相关记录的，应经甲方书面同意并先行去标识化，仅可用于问题分析、复现和评测，不得用于模型训练、优化；确需以该等记录训练、"
            "优化模型的，由甲方去标识化后作为数据集另行提供，双方书面补充《数据处理协议》的数据清单和使用目的后方可使用；") in text


def test_party_b_keeps_its_own_duty_to_report_an_incident():
    """review75 M3: DPA 5.5 said 甲方 reports, which could be read to relieve 乙方 of its own statutory report."""
    for name in ("cooperation", "data_processing", "tech_development_ai"):
        text = texts(assemble(load_deal(EXAMPLES / f"{name}.yaml")))["dpa_security.incidents"]
        assert ("乙方作为网络运营者或者数据处理者依法自行负有报告义务的（包括在乙方自有设施上发生的事件），应同时依法报告并告知甲方；"
                "本条关于由甲方报告的约定，不免除乙方的法定报告义务。") in text, name


def test_the_party_not_in_breach_may_end_the_tech_contract_without_the_forms_condition():
    """review75 M1: 第二十四条's 致使本合同的履行成为不必要或不可能 made 甲方's right to end the contract for 乙方's breach of
    the data-processing agreement hang on a condition such a breach rarely meets."""
    text = texts(assemble(load_deal(EXAMPLES / "tech_development_ai.yaml")))["termination.breach"]
    assert text == ("上述情形属于一方违约的，守约方可以通知违约方解除本合同，不以本合同的履行成为不必要或不可能为条件，解除的后果按本合同"
                    "及其附件关于因违约解除的约定处理；违约方不得以其自身的违约为由解除本合同。")
    assert "termination.breach" not in texts(assemble(load_deal(EXAMPLES / "changzhou.yaml")))  # the real contract as signed


# --- review76: the ten low items of review75 read again ----------------------------------------------


def test_the_stand_alone_dpa_ends_the_main_contract_and_starts_deletion_when_it_ends():
    """review76 R76-9: 乙方's 严重违反 was undefined, nothing said the DPA's ground for ending the main contract prevails over
    it, and a main contract ended before delivery never started 4.2's deletion period."""
    text = texts(assemble(load_deal(EXAMPLES / "data_processing.yaml")))["dpa_general.term"]
    assert ("乙方超出本协议第2条约定的目的或者第3条约定的方式和范围处理数据、违反本协议第4.3条向境外传输数据或者违反本协议第5.6条"
            "委托第三方处理数据，或者违反本协议其他约定经甲方书面催告后在合理期限内仍未纠正的，甲方有权书面通知乙方解除主合同，解除自"
            "通知到达乙方时生效；乙方应自该时起停止处理数据（依本协议第4.2条归还、移交、删除或者匿名化数据，依本协议第5.5条采取补救"
            "措施、配合调查处置，以及为此所必需的处理除外），"
            "本协议按本条关于主合同终止、解除的约定继续有效。双方确认，前句是双方对主合同解除事由的补充约定，与主合同具有同等法律效力；主合同关于解除的"
            "约定与前句不一致的，就前句所列情形以前句为准；主合同解除后已履行部分的结算按主合同的约定处理。主合同因履行完毕以外的原因终止"
            "或者被解除的，以主合同终止、解除之日为本协议第4.2条所称的本协议提前终止、解除之日，乙方应自该日起按该条约定的期限和方式处理"
            "数据；本协议依本条第一句继续有效，至乙方完成全部数据的处理并经甲方书面确认之日终止。") in text
    assert "严重违反" not in text
    # review77 R77-4, review78 R78-7: data 甲方 provides again after delivery are covered, ended or not
    assert text.endswith("甲方依本协议第4.2条重新提供数据的（不论本协议是否已经终止），本协议就该等数据继续适用或者自重新提供之日起重新"
                         "适用；乙方应在使用该等数据的工作完成之日起15日内按该条约定的方式处理，本协议在该等数据以及乙方持有的其他数据均处理完毕"
                         "并经甲方书面确认前不终止。双方依该条书面补充本协议以处理模型上线后产生的数据的，适用前句。")
    assert "解除本协议" not in text  # review78 R78-4: 甲方 ends the main contract; the DPA binds until the data are dealt with
    # review77 R77-5: a dispute over ending the main contract goes where the main contract sends its disputes
    assert texts(assemble(load_deal(EXAMPLES / "data_processing.yaml")))["dpa_general.dispute"].endswith(
        "甲方依本协议第9.3条解除主合同的，因该解除发生的争议（包括解除事由是否成立）以及与之相关的违约责任争议，按主合同约定的争议"
        "解决方式解决；主合同未约定的，适用前句。")


def test_data_derived_from_important_data_are_protected_at_their_sources_grade():
    """review76 R76-5: de-identified sets, training, annotation and test sets made from 重要数据 had no grade, and the 合作合同's
    3.2 moved such a training set to 乙方's cluster without 5.7 clearly applying."""
    drafted = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))
    assert drafted["dpa_security.important_data"] == (
        "对分级为重要数据或者核心数据的数据，以及乙方从该等数据加工形成、由乙方持有或者处理的数据（包括去标识化后的数据、训练数据集、"
        "标注数据集、评测集、向量化数据和中间数据，以及上述数据的副本和备份，以下简称“衍生数据”），乙方应明确数据安全负责人和管理机构，"
        "落实数据安全保护责任，配合甲方依法开展风险评估，并定期向甲方书面报告该等数据的处理情况。衍生数据的级别由甲方依国家有关数据"
        "分类分级的规定书面确定；确定前，按其来源数据中最高的级别保护；甲方书面确定为一般数据的，自确定之日起不适用本条，本协议其他约定"
        "继续适用。")
    # review77 R77-3: the transfer of 3.2 says it needs that confirmation; without important data it does not
    assert drafted["dpa_methods.training_transfer"].endswith(
        "训练数据集属于本协议第5.7条所称衍生数据的，传输前应经甲方依该条书面确认其级别，并经甲方书面确认传输的安全措施。")
    first = example_data()["data_processing"]["datasets"][0]  # 政务服务事项库, 一般数据
    ordinary = make_deal({"data_processing": {"datasets": [first]}})
    assert "衍生数据" not in texts(assemble(ordinary))["dpa_methods.training_transfer"]


def test_a_third_party_allowed_to_work_on_the_project_is_no_breach_of_the_staff_rule():
    """review76 R76-6: 附件一 六（二） required every project worker to be 乙方's 正式员工, so any subcontract 第八条 or the
    DPA allowed breached it; the 常州 contract as signed keeps its words."""
    text = texts(assemble(load_deal(EXAMPLES / "tech_development_ai.yaml")))["annex_network.staff"]
    assert text == ("乙方涉及本合同项目的工作人员应是乙方单位正式员工，并符合参与党政机关信息化项目的相关背景审查要求；依合同第八条承担本合同"
                    "项目工作的第三人以及经甲方依《数据处理协议》关于委托第三方处理的约定书面同意的受托方，其工作人员不受前述正式员工要求的限制，"
                    "但乙方应确保其符合前述背景审查要求并签署保密承诺书，并对其行为承担责任；乙方同时指定网络安全负责人，负责乙方及前述第三人、"
                    "受托方在开展服务过程中的网络和数据安全责任履行的监督巡查、培训整改和报告工作；甲方依合同第八条或者《数据处理协议》关于委托"
                    "第三方处理的约定作出的书面同意，视为本协议三（五）、三（六）所称的批准、同意，范围以该书面同意为限；")
    # review78 R78-10: a third party 第八条 lets work without consent still needs the approvals of 三（五）、三（六）
    excepted = make_deal({"subcontracting": {"exceptions": ["乙方的全资子公司"], "content": "数据标注"}}, name="tech_development_ai")
    assert texts(assemble(excepted))["annex_network.staff"].endswith(
        "依合同第八条无需甲方同意而承担工作的第三人，乙方向其披露保密信息或者展示甲方数据前，仍应取得本协议三（五）、三（六）所称的"
        "批准、同意；")
    # review77 R77-7: the annex takes effect with the contract (the 常州 contract as signed: on sealing)
    assert texts(assemble(load_deal(EXAMPLES / "tech_development_ai.yaml")))["annex_other.effect"] == "本协议作为合同的附件，与合同同时生效。"
    assert texts(assemble(load_deal(EXAMPLES / "changzhou.yaml")))["annex_other.effect"] == "本协议自甲、乙双方盖章之日起生效。"
    assert texts(assemble(load_deal(EXAMPLES / "changzhou.yaml")))["annex_network.staff"] == (
        "乙方涉及本合同项目的工作人员应是乙方单位正式员工，并符合参与党政机关信息化项目的相关背景审查要求，同时指定网络安全负责人，"
        "负责乙方在开展服务过程中的网络和数据安全责任履行的监督巡查、培训整改和报告工作；")


def test_party_as_own_decisions_are_no_force_majeure():
    """review76 R76-4: 甲方 is a 政府当局; 11.1（2） let it call its own decision to cancel the project or stop funding force majeure."""
    text = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["force_majeure.own_decisions"]
    assert text == ("甲方就本项目作出的决定（包括调整、暂停或者撤销本项目，调减、暂停或者停止拨付本项目经费）以及甲方自身的其他行为，"
                    "不构成不可抗力，不免除甲方依本合同承担的责任。")


def test_the_cooperation_contract_says_when_it_and_its_annexes_take_effect():
    """review76 R76-3, R76-8: 15.1 read as retroactive when sealed after the start date; the annexes had no effective date and
    the annexed DPA used 主合同 without defining it; 7.1 said 本协议 in the contract's own text."""
    drafted = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))
    assert drafted["general.effect"] == ("本合同经双方加盖公章或合同章后，于本合同2.2条约定的项目起始时间生效；双方均加盖公章或合同章之日"
                                         "晚于该时间的，自双方均加盖公章或合同章之日起生效。本合同签订时所附的附件与本合同同时生效；"
                                         "双方此后签署的附件和补充协议，自双方均加盖公章或合同章之日起生效，其另有约定的除外。")
    assert drafted["dpa_preamble.annex"] == ("本协议是双方签订的《项目合作合同》（合同编号：JZ-ZWAI-2026-001，以下简称“主合同”）的附件，与主合同"
                                             "同时生效，具有同等法律效力；本协议未约定的事项，适用主合同的约定。")
    assert drafted["ai_preamble.relation"].startswith("本条款是双方签订的《项目合作合同》（合同编号：JZ-ZWAI-2026-001）的附件，与该合同"
                                                      "同时生效，具有同等法律效力，")
    assert drafted["ip.background"].startswith("本合同的履行不影响双方原本拥有的背景知识产权的归属")


def test_the_cooperation_contracts_data_and_acceptance_periods_read_as_meant():
    """review76 R76-1: 1.3's 数据 covered only training input, though 第8条 binds all the project's data; R76-2: 会前5个工作日内
    allowed filing the day before, and the 10 days to organise had no start."""
    drafted = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))
    assert drafted["definitions.data"] == ("数据：指在模型训练、验证、测试过程中向模型输入的结构化或非结构化的信息、语料集合。本合同第7条、"
                                           "第8条和附件二所称数据，还包括甲方为本项目提供的其他数据和资料、附件一《数据处理协议》所称的数据，以及上述"
                                           "数据的副本、备份和乙方为项目处理形成的数据；附件一所称数据，以该协议的约定为准。")
    assert drafted["delivery.procedure"].startswith(  # review77 R77-2, review78 R78-1 R78-2
        "乙方应在各阶段工作按本合同5.1条完成后（最终验收的，还应在试运行期届满后），就该阶段向甲方提交评审、验收（含各阶段验收，下同）"
        "申请书。甲方应在收到申请书之日起10个工作日内召开评审会、验收会；会议在收到申请书之日起满5个工作日后召开，但甲方决定提前召开的"
        "除外。申请书的提交不符合本款第一句的，甲方可以在收到申请书之日起10个工作日内书面说明理由退回，退回的不视为已提交。如因甲方原因"
        "造成评审、验收延误的，本合同5.1条约定的乙方此后各阶段工作的完成期限相应顺延。")
    assert drafted["delivery.procedure"].endswith(  # review80 L: the final meeting's deadline as 5.5 extends it
        "甲方未在收到申请书之日起10个工作日内（最终验收会依本合同5.5条顺延的，在顺延后的期限内）召开评审会、验收会，或在评审、验收后"
        "在合理期限内未提出书面异议的，视为评审、验收通过。")
    untested = texts(assemble(make_deal({"acceptance": {"security_testing": ...}})))["delivery.procedure"]
    assert "甲方未在收到申请书之日起10个工作日内召开评审会、验收会" in untested and "顺延后的期限" not in untested
    assert "所列日期（含当日）为乙方完成相应工作并提交评审、验收申请书的最迟日期" in drafted["delivery.milestones"]
    assert "试运行：自2026年8月1日（初步验收通过晚于该日的，自初步验收通过之日）至2026年10月31日" in drafted["delivery.milestones"]
    with pytest.raises(DealError, match="申请提前工作日（10）须少于组织验收工作日（10）：评审会、验收会在收到申请书之日起10个工作日内、满10个"):
        deal_from_data({**example_data(), "acceptance": {**example_data()["acceptance"], "application_days": 10}})
    no_dpa = texts(assemble(make_deal({"data_processing": ...})))["definitions.data"]
    assert "数据处理协议" not in no_dpa and no_dpa.endswith("还包括甲方为本项目提供的其他数据和资料，以及上述数据的副本、备份和乙方为项目处理形成的数据。")


def test_service_duties_start_when_the_model_goes_live_and_important_scene_measures_fall_to_who_controls_them():
    """review85 R85-1: “自初步验收上线之日起” could leave a service live before 初步验收 without monitoring, labels or logs;
    R85-2: 4.4 put 甲方's officers' review and decisions on 乙方 (指南 第二十七条第二款 names no party)."""
    period = texts(assemble(load_deal(EXAMPLES / "cooperation.yaml")))["ai_preamble.period"]
    assert period.startswith("本条款约定的乙方运行服务义务的期限为：自初步验收上线之日起至本合同5.3条约定的免费技术支持期届满之日止。"
                             "模型在前述起算日前已上线向服务对象提供服务的（包括试运行），该期限自实际上线提供服务之日起算。但第1.3条、第6.2条的义务自"
                             "模型训练开始之日起履行；")  # review86 R86-1: the proviso covers the whole period
    important = texts(assemble(load_deal(EXAMPLES / "tech_development_ai.yaml")))["ai_incidents.important"]
    assert important == ("本项目服务用于市场监管执法辅助（投诉举报中的违法线索识别），属于社会治理场合，双方应具备与风险程度以及场景相适应的"
                         "安全保护措施，包括：模型输出仅供执法人员复核参考，不直接作出执法决定；复核结论留痕可追溯；高风险线索由两名执法人员"
                         "复核。其中，各项措施需要在模型、系统或者服务中实现的部分（包括支持甲方工作人员执行措施所需的提示、标记、流程控制"
                         "和留痕功能）由乙方负责实现和维护；需要由甲方工作人员执行的部分（如复核、作出决定）由甲方负责落实。")
