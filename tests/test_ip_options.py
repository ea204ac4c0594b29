"""aicontract ip-options: the four ownership options with every attribute, from the data."""


import docx
import pytest
from click.testing import CliRunner

from aicontract.cli import main
from aicontract.ip_options import chosen_option, comparison, load_options

from helpers import EXAMPLES, make_deal


def test_four_ownership_options_every_attribute_filled():
    options = load_options()
    group = options.group("ownership")
    assert [o.title for o in group.options] == ["甲方单方享有", "乙方单方享有", "双方共同共有", "双方按比例共有"]
    table = comparison(group)
    assert [row[0] for row in table.rows] == ["含义"] + [a.title for a in options.attributes]
    for row in table.rows:
        assert all(cell.strip() for cell in row)
    assert [a.key for a in options.attributes] == [
        "owner", "default_law", "patents", "software", "secrets", "source_code", "weights", "use", "license",
        "transfer", "filing", "enforcement", "continuity", "risk_a", "risk_b"]


@pytest.mark.parametrize(
    "ip, expected",
    [
        ({"ownership": "单方享有", "owner": "甲方", "shares": ...}, "sole_a"),
        ({"ownership": "单方享有", "owner": "乙方", "shares": ...}, "sole_b"),
        ({"ownership": "双方共同共有", "shares": ...}, "joint"),
        ({"ownership": "双方按比例共有"}, "shares"),
    ],
)
def test_deal_choice_is_found(ip, expected):
    assert chosen_option(make_deal({"ip": ip})) == ("ownership", expected)


@pytest.mark.parametrize("name, expected", [("changzhou", "patent_route"), ("tech_development_ai", "secret_route")])
def test_tech_development_deal_marks_its_article_16_route(name, expected):
    """A 技术开发（委托）合同 has no 7.2 ownership: its 第十六条 route is marked instead."""
    assert chosen_option(make_deal(name=name)) == ("tech_development", expected)
    result = CliRunner().invoke(main, ["ip-options", "--deal", str(EXAMPLES / f"{name}.yaml"), "--format", "md"])
    assert result.exit_code == 0, result.output
    title = {"patent_route": "第十六条 第1种：申请专利", "secret_route": "第十六条 第2种：按技术秘密处理"}[expected]
    assert f"{title}（本合同所选）" in result.output
    assert "甲方单方享有" not in result.output


def test_explanations_state_the_default_rules_and_where_the_contract_departs():
    options = {o.id: o for o in load_options().group("ownership").options}
    joint = options["joint"]
    # 专利法 第十四条: without agreement a co-owner may exploit alone and grant an ordinary licence
    assert "专利共有人可以单独实施或者以普通许可方式许可他人实施" in joint.value("default_law")
    assert "排除了这些默认权利" in joint.value("default_law")
    # 计算机软件保护条例 第十一条: commissioned software belongs to the developer unless agreed
    assert "委托开发的软件著作权归研究开发人即乙方" in options["sole_a"].value("default_law")
    # 民法典 第八百五十九条: the commissioning party may exploit the developer's patent
    assert "委托人可以依法实施该专利" in options["sole_b"].value("default_law")
    secret = {o.id: o for o in load_options().group("tech_development").options}["secret_route"]
    # 民法典 第八百六十一条: without agreement each party may use and transfer a technical secret
    assert "双方均有使用和转让技术秘密的权利" in secret.value("default_law")
    # the use right of 7.7 is reflected: 甲方 no longer needs 乙方's consent to use
    assert "甲方依 7.7 使用无需乙方同意" in joint.value("use")


def test_terminal_table_marks_the_deals_choice():
    result = CliRunner().invoke(main, ["ip-options", "--deal", str(EXAMPLES / "cooperation.yaml")])
    assert result.exit_code == 0
    assert "双方按比例共有（本合同所选）" in result.output
    for title in ("甲方单方享有", "乙方单方享有", "双方共同共有", "权利归属", "谁维权", "风险提示"):
        assert title in result.output


def test_markdown(tmp_path):
    out = tmp_path / "ip.md"
    assert CliRunner().invoke(main, ["ip-options", "--format", "md", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "| 事项 | 甲方单方享有 | 乙方单方享有 | 双方共同共有 | 双方按比例共有 |" in text
    assert text.count("\n| ") == 17  # header + 含义 + 15 attributes


def test_docx_memo_with_all_groups(tmp_path):
    out = tmp_path / "ip.docx"
    result = CliRunner().invoke(main, ["ip-options", "--format", "docx", "-o", str(out), "--all"])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "知识产权归属方式对比"
    ownership, changzhou = document.tables
    assert [c.text for c in ownership.rows[0].cells][1:] == ["甲方单方享有", "乙方单方享有", "双方共同共有", "双方按比例共有"]
    assert len(ownership.rows) == 17
    assert "第十六条 第1种：申请专利" in [c.text for c in changzhou.rows[0].cells]


def test_docx_needs_an_output_file():
    result = CliRunner().invoke(main, ["ip-options", "--format", "docx"])
    assert result.exit_code == 2


def test_what_the_options_say_is_what_the_contract_drafts():
    """Web walkthrough: the page said 乙方 may transfer freely and every option needed joint consent to
    defend a suit; the contract (7.2, 7.4) says otherwise. Each claim below is checked against the draft."""
    from aicontract import assemble
    from aicontract.drafting.contract import Paragraph

    options = {o.id: o for o in load_options().groups[0].options}
    sole_b = make_deal({"ip": {"ownership": "单方享有", "owner": "乙方", "shares": ...}})
    text = {b.clause_id: b.text for b in assemble(sole_b).blocks if isinstance(b, Paragraph)}
    assert "须经甲方事先书面同意；甲方同意转让的，在同等条件下享有优先受让权" in text["ip.share_disposal"]
    assert options["sole_b"].value("transfer").startswith(
        "乙方转让、出质或者以其他方式处分项目知识产权，须经甲方事先书面同意，甲方在同等条件下有优先受让权")
    assert "一方被第三方起诉或者申请仲裁的，可以依法应诉" in text["ip.defence"]
    for option in options.values():
        assert "被第三方起诉或者申请仲裁的一方可以先行应诉" in option.value("enforcement")
        assert "无偿" not in option.summary + option.value("use")
    assert "不另支付费用" in text["ip.use_rights"]  # 7.7: no further fee, the licence fee (if any) is its price
    # review40: 7.7's use is limited to the project's scenarios, and 乙方's own use by 7.7's last sentence
    assert "在本项目应用场景及其后续建设、运行维护中永久地使用" in text["ip.use_rights"]
    assert "在本项目应用场景及其后续建设、运行维护中" in options["sole_b"].summary
    assert options["sole_b"].value("use").startswith("乙方的实施以 7.7 末句约定的乙方使用范围为限")
    assert "乙方使用项目成果的范围为：" in text["ip.use_rights"]
    assert "许可收益按共有比例分配（7.2）" in options["shares"].value("license")


def test_a_share_named_where_there_is_none_fails_the_check():
    """Web walkthrough: switching the example to 乙方单方享有 kept its “乙方在项目知识产权中的份额归甲方所有”
    for 第10条, and the check passed it; then a warning beside a green “全部通过” (second web
    walkthrough): now it fails, as 第10条 would dispose of a right that does not exist."""
    from aicontract import assemble
    from aicontract.drafting import check

    from helpers import finding

    sole_b = make_deal({"ip": {"ownership": "单方享有", "owner": "乙方", "shares": ...}})
    found = finding(check(assemble(sole_b), sole_b), "ip.rescission_names_no_share")
    assert (found.status, found.mandatory) == ("fail", True)
    assert found.problems[0].endswith("含“份额”，而项目知识产权不是按比例共有，没有份额可言：第10条末段将写明一项不存在的权利的归属")
    # reviews 46–48: a 份额 that presupposes no share held passes (a split, 民法典 第三百零三条; a cost split; 不再享有);
    # every other use fails, however it disposes of it, even beside an excused one; the advice asks for a fix
    for wording, status in (("项目知识产权分割为份额后由甲方取得", "pass"), ("变更登记费用按均等份额分担", "pass"),
                            ("乙方不再享有任何份额", "pass"), ("乙方不再享有份额", "pass"), ("费用按各自份额分担", "fail"),
                            ("项目知识产权不区分份额，乙方的权利归甲方", "pass"), ("乙方的份额全部归甲方", "fail"), ("乙方的份额无偿转让给甲方", "fail"),
                            ("乙方的份额，由甲方取得", "fail"), ("乙方的份额归甲方，不再分割", "fail"),
                            ("项目知识产权分割为份额，乙方的份额归甲方所有", "fail"), ("乙方的份额归甲方，费用按均等份额分担", "fail"),
                            ("按均等份额享有", "fail"), ("乙方享有的均等份额分担给甲方", "fail"),  # review51 L1: a share, not a cost
                            ("变更登记的费用由双方按均等份额分担", "pass"), ("相关费用以均等份额分担", "pass"),
                            ("变更登记费用由甲乙双方按均等份额分担", "pass"), ("变更登记费用由双方按均等份额承担", "pass"),
                            ("乙方的权利由双方按均等份额分担", "fail"), ("变更登记费用双方按均等份额分担", "pass"),
                            ("变更登记费用由双方各按均等份额分担", "pass")):  # review52 L3, review53 L5
        joint = make_deal({"ip": {"ownership": "双方共同共有", "shares": ..., "transfer": {"on_rescission": wording}}})
        assert finding(check(assemble(joint), joint), "ip.rescission_names_no_share").status == status, wording
    assert "。处理建议 / to fix：单方享有或者双方共同共有" in found.line()
    shares = make_deal()  # the example: 按比例共有, its 份额 is right
    assert finding(check(assemble(shares), shares), "ip.rescission_names_no_share").status == "n/a"


def test_the_tech_options_state_the_running_period_of_the_ai_annex():
    """review41 M-1: the hand-over is counted from 甲方's notice to the 承接方, but 乙方 keeps the system
    running only up to the annex's cap, counted from the rescission notice."""
    from aicontract import assemble, load_deal
    from aicontract.drafting.contract import Paragraph

    from helpers import EXAMPLES

    annex = "".join(b.text for doc in assemble(load_deal(EXAMPLES / "tech_development_ai.yaml")).documents
                    for b in doc.blocks if isinstance(b, Paragraph) and b.clause_id == "ai_continuity.transfer_terms")
    assert "但维持运行的期限最长不超过自解除通知送达之日起90日" in annex
    assert "甲方在本款约定的维持运行期限届满后才书面告知承接方的" in annex
    for option in load_options().group("tech_development").options[:2]:
        assert "最长不超过自解除通知送达之日起约定的天数" in option.value("continuity")
        assert "甲方在该期限届满后才告知承接方的，乙方只提供交接所需的资料和说明，不再维持运行" in option.value("continuity")
