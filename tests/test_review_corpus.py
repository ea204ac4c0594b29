"""aicontract review against a lawyer's labels on 17 public contracts (tests/review_corpus, rules in
LABELLING.md), and the general signals behind that agreement, each pinned on a small text."""

from pathlib import Path

import pytest
import yaml

from aicontract.review import review

CORPUS = Path(__file__).resolve().parent / "review_corpus"


def statuses(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "contract.txt"
    path.write_text(text, encoding="utf-8")
    return {item.id: item.status for item in review(path).items}


def test_agreement_with_the_labelled_corpus():
    labels = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
    agree = total = 0
    for name, items in labels.items():
        got = {item.id: item.status for item in review(CORPUS / "docs" / name).items}
        for item, label in items.items():
            if isinstance(label, dict) and "status" in label and item in got:
                agree += label["status"] == got[item]
                total += 1
    assert total == 272
    assert agree / total >= 0.90


def test_patent_ownership_without_the_word_ip_is_project_ip(tmp_path):
    # 07 (委托技术开发合同): “履行本合同所完成的研究开发成果的专利权归＿＿方所有。”
    got = statuses(tmp_path, "第八条 研究开发成果的归属\n履行本合同所完成的研究开发成果的专利权归甲方所有。")
    assert got["36.2"] == "covered"
    assert got["34.5"] == "partial"  # ownership, but neither a use right nor a protection measure


def test_data_rights_are_not_ip_ownership(tmp_path):
    # 01 (数据委托处理服务合同): “甲方享有结果数据的数据持有权、数据使用权、数据经营权”
    data_rights = "第五条 知识产权\n1. 甲方享有结果数据的数据持有权和数据经营权。\n2. 结果数据的数据使用权归乙方所有。"
    got = statuses(tmp_path, data_rights)
    assert (got["34.5"], got["36.2"]) == ("partial", "partial")
    software = data_rights.replace("结果数据的数据使用权归乙方所有", "本项目开发的软件的著作权归乙方所有，甲方享有免费使用权")
    got = statuses(tmp_path, software)
    assert (got["34.5"], got["36.2"]) == ("covered", "covered")


def test_payment_written_as_price_and_method(tmp_path):
    # 34.4 without the words 费用/经费: 价款 with an amount and when it is paid
    got = statuses(tmp_path, "第四条 价款及支付\n合同价款为人民币100,000元，甲方于验收合格后10个工作日内一次性支付。")
    assert got["34.4"] == "covered"
    # 14 (技术咨询合同): a heading with nothing under it
    got = statuses(tmp_path, "第四条　成交金额与付款时间、付款方式：\n第五条　保密条款")
    assert (got["34.4"], got["34.6"]) == ("partial", "partial")


def test_generic_documents_are_partial_listed_deliverables_covered(tmp_path):
    # 04: “提交相关文档” names no document; 06: “提供操作手册及相关技术文档、源代码”
    got = statuses(tmp_path, "第一条 技术目标：完成客户关系管理系统研究开发工作，提交相关文档。")
    assert got["34.2"] == "partial"
    got = statuses(tmp_path, "第一条 知识转移：乙方应提供操作手册及相关技术文档、源代码。")
    assert got["34.2"] == "covered"


def test_acceptance_needs_an_indicator_stated_here(tmp_path):
    # 06: acceptance against an outside document states no criterion
    got = statuses(tmp_path, "第六条 验收依据为《项目工作说明书》，软件达到《项目工作说明书》规定的功能和性能要求的，视为通过验收。")
    assert got["34.3"] == "partial"
    got = statuses(tmp_path, "第六条 验收标准：系统平均响应时间不超过2秒，识别准确率不低于95%。")
    assert got["34.3"] == "covered"


def test_data_items_only_where_data_is_processed(tmp_path):
    # 12 (保密协议): returning confidential materials is no data deletion — no data is processed
    nda = "第八条 合作终止时，乙方应归还甲方的有关保密资料和文件，并删除其复制件。"
    assert statuses(tmp_path, nda)["35.6"] == "missing"
    # 01: deletion of the processed data — what, when and proof
    processing = ("第一条 甲方委托乙方处理其数据。\n第十一条 委托处理期限届满后，乙方应删除委托处理的全部数据及其副本，"
                  "并提供删除证明。")
    assert statuses(tmp_path, processing)["35.6"] == "covered"
    # 09 (数据集下载协议): deletion on demand only
    licence = "1. 研究者仅为科学研究目的使用数据集。\n2. 我们有权要求研究者删除已下载数据集。"
    got = statuses(tmp_path, licence)
    assert (got["35.2"], got["35.4"], got["35.6"]) == ("covered", "partial", "partial")


def test_filling_instructions_never_settle_an_item(tmp_path):
    # 08 / 11 (科技部 forms): the body leaves 服务内容 empty; the 填写说明 say what to write
    form = "\n".join(["技术服务合同书",
                      "一、※服务内容，方式和要求：",
                      "二、验收标准和方式：",
                      "填　写　说　明",
                      "一、服务内容、方式和要求：",
                      "包括技术服务的主要功能和应用场景，以及交付成果的形式：源代码、用户手册。"])
    got = statuses(tmp_path, form)
    assert (got["34.1"], got["34.2"]) == ("partial", "partial")


@pytest.mark.parametrize(("text", "expected"), [
    # 09: a disclaimer of non-infringement protects nothing
    ("2. 我们对前述内容不作任何保证，包括但不限于不侵犯他人知识产权。", "missing"),
    # 06: a non-infringement warranty is only partial
    ("7. 供应商提供的产品及产出成果，不得侵犯第三方知识产权。", "partial"),
    ("第九条 乙方应在验收后30日内就项目软件办理软件著作权登记，并采取保护措施。", "covered"),
])
def test_ip_protection(tmp_path, text, expected):
    assert statuses(tmp_path, text)["36.3"] == expected
