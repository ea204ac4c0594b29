"""--sources puts each clause's source into the draft as a Word comment; ``deviations`` lists
where a firm's clause library departs from the bundled standard text, with a redline."""

import io
import json

import docx
from click.testing import CliRunner
from docx.oxml.ns import qn
from test_hardening import HOUSE_STYLE

from aicontract.cli import main

from helpers import EXAMPLES

HOUSE = HOUSE_STYLE.split("  - id: notices.wechat")[0]  # the firm's 13.2 only


def anchored_comments(path):
    document = docx.Document(str(path))
    texts = {c.comment_id: c.text for c in document.comments}
    out = {}
    for start in document.element.body.iter(qn("w:commentRangeStart")):
        paragraph = next(a for a in start.iterancestors() if a.tag == qn("w:p"))
        out.setdefault(texts[int(start.get(qn("w:id")))], []).append(
            "".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return out


def test_sources_are_comments_on_their_clauses(tmp_path):
    out = tmp_path / "c.docx"
    result = CliRunner().invoke(main, ["draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(out), "--sources"])
    assert result.exit_code == 0, result.output
    comments = anchored_comments(out)
    assert comments["来源 / source：指南 附录二 7.2"][0].startswith("7.2")
    assert comments["来源 / source：指南 附录二 14.2"][0].startswith("14.2")
    assert len(comments) > 60  # one comment per clause source, not per paragraph
    # the same draft, the same bytes: one author, one date
    again = tmp_path / "again.docx"
    CliRunner().invoke(main, ["draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(again), "--sources"])
    assert out.read_bytes() == again.read_bytes()
    assert {c.author for c in docx.Document(str(out)).comments} == {"aicontract"}


def test_sources_need_a_docx(tmp_path):
    result = CliRunner().invoke(main, ["draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(tmp_path / "c.md"), "--sources"])
    assert result.exit_code == 2
    assert "--sources 只用于 .docx（来源是 Word 批注） / --sources needs a .docx output" in result.output
    assert not (tmp_path / "c.md").exists()


def test_deviations_list_the_firms_clauses_with_a_redline(tmp_path):
    house = tmp_path / "house" / "cooperation"
    house.mkdir(parents=True)
    (house / "13_notices.yaml").write_text(HOUSE, encoding="utf-8")
    redline = tmp_path / "dev.docx"
    result = CliRunner().invoke(main, ["deviations", str(EXAMPLES / "cooperation.yaml"), "--library", str(tmp_path / "house"),
                                       "-o", str(redline), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    changes = [(c["op"], c["source"], c["ours"][:5], c["theirs"]) for c in report["changes"]]
    assert changes == [("delete", "指南 附录二 13.2；一方未列邮箱时不写入本条为 aicontract 起草", "13.2 ", ""),
                       ("insert", "本所条款 2026-01", "", "13.2 双方联系人邮箱之间的往来邮件，经双方确认后与本合同具有同等效力。")]
    assert report["ours"].startswith("标准文本（aicontract 条款库：指南 附录二 / 科技部范本）")
    inserted = "".join(t.text or "" for ins in docx.Document(io.BytesIO(redline.read_bytes())).element.body.iter(qn("w:ins"))
                       for t in ins.iter(qn("w:t")))
    assert "经双方确认后与本合同具有同等效力" in inserted


def test_deviations_in_markdown_say_what_they_are(tmp_path):
    house = tmp_path / "house" / "cooperation"
    house.mkdir(parents=True)
    (house / "13_notices.yaml").write_text(HOUSE, encoding="utf-8")
    result = CliRunner().invoke(main, ["deviations", str(EXAMPLES / "cooperation.yaml"), "--library", str(tmp_path / "house")])
    assert result.stdout.startswith("# 偏离标准文本 / deviations from the standard form：标准文本")
    assert "- 13.2 邮件沟通的效力（本所条款 2026-01）：新增 / added “13.2 双方联系人邮箱之间的往来邮件" in result.stdout
    assert "broken by THEIRS" not in result.stdout


def test_a_firms_new_clause_is_listed_with_its_title(tmp_path):
    """Word walkthrough: a clause only the firm's library has was listed without its title."""
    house = tmp_path / "house" / "cooperation"
    house.mkdir(parents=True)
    (house / "13_notices.yaml").write_text(HOUSE_STYLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["deviations", str(EXAMPLES / "cooperation.yaml"), "--library", str(tmp_path / "house")])
    assert "- 13.2 即时通讯（本所条款 2026-01）：新增 / added “13.2 双方不以即时通讯工具的消息作为书面通知。”" in result.stdout
    assert "- 13.3 邮件沟通的效力（本所条款 2026-01）：" in result.stdout


def test_deviations_need_a_firm_library(tmp_path):
    result = CliRunner().invoke(main, ["deviations", str(EXAMPLES / "cooperation.yaml")])
    assert result.exit_code == 2 and "deviations 需要 --library 本所条款库文件夹 / deviations needs --library DIR" in result.output


def test_a_firms_added_clause_renumbers_the_others_on_one_line(tmp_path):
    """review-compare walkthrough L7: the four clauses after an added one were each listed as deviations, and the
    items they carry as touched."""
    house = tmp_path / "house" / "cooperation"
    house.mkdir(parents=True)
    (house / "05_delivery.yaml").write_text(
        "id: delivery\ntitle: 交付及验收\nsource: 指南 附录二 5\nclauses:\n  - id: delivery.place\n    after: delivery.milestones\n"
        "    title: 交付地点\n    source: 本所条款 2026-01\n    text: 乙方应在甲方指定地点交付项目成果。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["deviations", str(EXAMPLES / "cooperation.yaml"), "--library", str(tmp_path / "house")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2] == "共 1 处变更（修改 0、新增 1、删除 0） / 1 change；另有 6 处仅条号改变 / 6 renumbered only"
    assert lines[6:8] == [
        "- 5.2 交付地点（本所条款 2026-01）：新增 / added “5.2 乙方应在甲方指定地点交付项目成果。”",
        "- 仅条号改变、条文未改 / renumbered only, text unchanged：5.1 交付及验收安排：所引 5.2 → 5.3；5.2 评审验收程序 → 5.3，"
        "所引 5.5 → 5.6；"
        "5.3 免费技术支持 → 5.4；5.4 验收标准 → 5.5；5.5 以报告确认的指标 → 5.6，所引 5.2 → 5.3；5.5 网络安全等级保护测评的组织、时间和"
        "费用：所引 5.3 → 5.4、5.2 → 5.3"]
    assert "验收标准 [Acceptance criteria]" not in result.stdout  # renumbered, not changed: no item touched
