"""The questionnaire: the interview object, the real terminal command through a
pseudo-terminal, resuming an interrupted interview, and the blank answers file."""

import json
import os
import shlex
import signal
import sys

import pexpect
import pytest
import yaml

from aicontract import assemble, load_deal, render_docx
from aicontract.drafting import check
from aicontract.io.deal_file import deal_from_data, dump_yaml, parse_text
from aicontract.models import CooperationDeal, DataProcessingDeal
from aicontract.questionnaire import AnswerError, Interview, blank_yaml, run_terminal

from helpers import EXAMPLES, ROOT, example_data
from interview_answers import answer_for

QUESTION = r"\[([^\]\s]+)\] "


def spawn(*args, sigint=signal.SIG_DFL):
    """The questionnaire in a pseudo-terminal; ``sigint`` is the SIGINT disposition it inherits
    (SIG_IGN is what a command started with ``&`` in a script gets)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "dumb", "COLUMNS": "200"}
    child = pexpect.spawn(sys.executable, ["-m", "aicontract.cli", "questionnaire", *args], cwd=str(ROOT),
                          encoding="utf-8", timeout=30, env=env, dimensions=(50, 200),
                          preexec_fn=lambda: signal.signal(signal.SIGINT, sigint))
    child.delaybeforesend = None  # every answer waits for its prompt first; pexpect's 50 ms pause only costs time
    return child


def interview_until(child, example, stop_after=None, wrong=None, seen=None):
    """Answer questions from ``example`` until the summary (or ``stop_after`` questions)."""
    asked = 0
    while True:
        index = child.expect([QUESTION, "回答摘要"])
        if index == 1:
            return asked
        key = child.match.group(1)
        child.expect("> ")
        if seen is not None:
            seen.append(key)
        if wrong and key in wrong:
            child.sendline(wrong.pop(key))
            child.expect("请重新输入")
            child.expect("> ")
        child.sendline(answer_for(example, key))
        asked += 1
        if stop_after and asked >= stop_after:
            return asked


def test_interview_object_reproduces_the_example():
    example = example_data()
    interview = Interview(CooperationDeal, "cooperation")
    while (question := interview.next()) is not None:
        interview.answer(answer_for(example, question.key))
    assert interview.deal() == load_deal(EXAMPLES / "cooperation.yaml")


def test_wrong_answers_raise_and_back_undoes():
    interview = Interview(CooperationDeal, "cooperation")
    interview.answer("C-1")
    assert interview.next().key == "party_a.name"
    interview.answer("甲局")
    assert interview.back() and interview.next().key == "party_a.name"
    for text in ("甲局", "张三", "地址"):
        interview.answer(text)
    with pytest.raises(AnswerError, match="电话号码格式不正确"):
        interview.answer("not a phone")
    assert interview.next().key == "party_a.phone"


def test_conditional_questions_follow_the_answers():
    interview = Interview(DataProcessingDeal, "data_processing")
    example = example_data("data_processing")
    keys = []
    while (question := interview.next()) is not None:
        keys.append(question.key)
        interview.answer(answer_for(example, question.key))
    assert "data_processing.legal_basis" in keys  # personal information: legal basis asked
    assert "data_processing.cross_border_scope" not in keys  # no export: its questions skipped
    assert "dispute.court_place" in keys and "dispute.commission" not in keys
    assert interview.deal() == load_deal(EXAMPLES / "data_processing.yaml")


def test_a_transfer_price_is_asked_only_when_party_b_holds_rights():
    """A condition in ip.transfer reads ip's ownership: with 甲方单方享有, 7.5 prints no price and 第10条
    none of the on_rescission text, so neither is asked."""
    example = example_data("cooperation")
    for owner, asked in (("甲方", False), ("乙方", True)):
        example["ip"] = {**example["ip"], "ownership": "单方享有", "owner": owner}
        example["ip"].pop("shares", None)
        interview = Interview(CooperationDeal, "cooperation")
        keys = []
        while (question := interview.next()) is not None:
            keys.append(question.key)
            interview.answer(answer_for(example, question.key))
        assert ("ip.transfer.price" in keys, "ip.transfer.on_rescission" in keys) == (asked, asked)
        assert "ip.transfer.days" in keys
        assert interview.deal().ip.owner.value == owner


def test_menus_explain_the_ip_options():
    interview = Interview(CooperationDeal, "cooperation")
    question = next(q for q in interview._questions(CooperationDeal, (), (), ("", 0)) if q.key == "ip.ownership")
    assert question.choices == ("单方享有", "双方共同共有", "双方按比例共有")
    assert "甲方单方享有" in question.explanations[0] and "乙方单方享有" in question.explanations[0]


def test_terminal_interview_end_to_end(tmp_path):
    """The real command in a pseudo-terminal: every question of the cooperation family, one
    wrong answer re-asked, the arbitration and proportional-shares branches, then a draft."""
    out = tmp_path / "deal.yaml"
    child = spawn("--family", "cooperation", "-o", str(out))
    seen = []
    asked = interview_until(child, example_data(), wrong={"term.start": "2026-13-01"}, seen=seen)
    assert asked >= 100
    assert "ip.shares.party_a" in seen and "dispute.commission" in seen and "dispute.seat" in seen
    assert "dispute.court_place" not in seen and "ip.owner" not in seen
    child.expect("结论 / result：全部通过")
    child.expect("修改某项请输入其编号")
    child.sendline("")
    child.expect("写出草稿|生成合同草稿")
    child.sendline("好")  # walkthrough L8: re-asked without a word
    child.expect("请回答“是”或“否”")
    child.sendline("是")
    child.expect("文件名")
    # walkthrough L7: an existing file stopped the interview (exit 2); now it asks, and “否” asks for another name
    (tmp_path / "kept.docx").write_bytes(b"a colleague's file")
    child.sendline(str(tmp_path / "kept.docx"))
    child.expect("已存在，覆盖吗")
    child.sendline("否")
    child.expect("文件名")
    child.sendline(str(tmp_path / "draft.docx"))
    child.expect("已生成")
    child.expect(pexpect.EOF)
    assert (tmp_path / "kept.docx").read_bytes() == b"a colleague's file"
    deal = load_deal(out)
    assert check(assemble(deal), deal).ok
    assert (tmp_path / "draft.docx").read_bytes() == render_docx(assemble(load_deal(EXAMPLES / "cooperation.yaml")))


def test_interrupted_interview_resumes(tmp_path):
    out = tmp_path / "partial.yaml"
    child = spawn("--family", "cooperation", "-o", str(out))
    interview_until(child, example_data(), stop_after=40)
    child.expect(QUESTION)
    child.sendintr()  # Ctrl-C
    child.expect("已保存目前的回答")
    child.expect(r"继续请运行 / continue with:\r\n  (.+)\r\n")
    command = child.match.group(1)
    child.expect(pexpect.EOF)
    assert command == f"aicontract questionnaire --resume {shlex.quote(str(out))}"  # the file knows its family
    partial, _ = parse_text(out.read_text(encoding="utf-8"))
    assert partial["party_a"]["name"] == "江州市政务服务和数据管理局"
    child = spawn(*shlex.split(command)[2:])  # the printed command, pasted as printed
    first = []
    asked = interview_until(child, example_data(), seen=first)
    assert first[0] not in ("contract_no", "party_a.name") and asked > 40
    child.expect("修改某项请输入其编号")
    child.sendline("")
    child.expect("生成合同草稿")
    child.sendline("否")
    child.expect(pexpect.EOF)
    assert load_deal(out) == load_deal(EXAMPLES / "cooperation.yaml")


def test_ctrl_c_saves_even_when_started_with_sigint_ignored(tmp_path):
    # the cause of the old "flaky" resume test: run from a background job (`pytest &`, as
    # mutation testing did), the child inherited SIGINT ignored and Ctrl-C did nothing
    out = tmp_path / "partial.yaml"
    child = spawn("--family", "cooperation", "-o", str(out), sigint=signal.SIG_IGN)
    interview_until(child, example_data(), stop_after=3)
    child.expect(QUESTION)
    child.sendintr()
    child.expect("已保存目前的回答 / answers saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130  # stopped, as README's exit codes say (1 is a draft failing the check)
    assert parse_text(out.read_text(encoding="utf-8"))[0]["party_a"]["name"] == "江州市政务服务和数据管理局"


def test_answers_survive_a_closed_terminal_or_kill(tmp_path):
    """Walkthrough H1: SIGHUP (terminal closed) or SIGTERM (kill) lost every answer — they were
    saved only on Ctrl-C. Each answer is now saved as it is given."""
    for sig in (signal.SIGHUP, signal.SIGTERM):
        out = tmp_path / f"killed-{sig}.yaml"
        child = spawn("--family", "cooperation", "-o", str(out))
        interview_until(child, example_data(), stop_after=3)
        child.expect(QUESTION)
        child.kill(sig)
        child.expect(pexpect.EOF)
        child.close()
        saved = parse_text(out.read_text(encoding="utf-8"))[0]
        assert (saved["contract_no"], saved["party_a"]["name"], saved["party_a"]["contact"]) == (
            "JZ-ZWAI-2026-001", "江州市政务服务和数据管理局", "李明")


def test_ctrl_d_stops_with_130_and_resume_takes_the_files_family(tmp_path):
    """Walkthrough M5 and M2: Ctrl-D exited 1 (a failing check); --resume without --family ran the
    cooperation interview over a tech_development file and rewrote its family."""
    out = tmp_path / "tech.yaml"
    child = spawn("--family", "tech_development", "-o", str(out))
    interview_until(child, example_data("tech_development_ai"), stop_after=2)
    child.expect(QUESTION)
    child.sendeof()
    child.expect(r"--resume (\S+)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    child = spawn("--resume", str(out))
    child.expect(QUESTION)
    assert child.match.group(1) not in ("contract_no", "party_a.name")
    child.sendeof()
    child.expect(pexpect.EOF)
    assert parse_text(out.read_text(encoding="utf-8"))[0]["family"] == "tech_development"
    child = spawn("--resume", str(out), "--family", "cooperation")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert f"{out}: 这是“tech_development”的回答文件，与 --family cooperation 不一致" in child.before


def test_an_answer_the_deal_needs_cannot_be_skipped():
    """Walkthrough M1: 单方享有's owner was offered as “可选，回车跳过”; skipped, the interview ended
    incomplete and --resume never asked it again."""
    interview = Interview(CooperationDeal, "cooperation")
    example = {**example_data(), "ip": {**example_data()["ip"], "ownership": "单方享有", "owner": "乙方"}}
    while (question := interview.next()).key != "ip.owner":
        interview.answer(answer_for(example, question.key))
    assert question.required
    with pytest.raises(AnswerError, match="此项必填 / this answer is required"):
        interview.answer("")
    # an answers file that left it empty (an older version, or by hand) asks it again on resume
    interview.answer("乙方")
    saved = interview.save_text().replace("owner: 乙方", "owner: null")
    resumed = Interview.resume(CooperationDeal, "cooperation", saved)
    assert resumed.next().key == "ip.owner"


def test_amounts_are_saved_as_written(tmp_path):
    """Walkthrough M6: 186万元 was saved as “total: !!float '1860000'” and 55.8万元 shown as 558000.0."""
    interview = Interview(CooperationDeal, "cooperation")
    example = example_data()
    while (question := interview.next()) is not None:
        answers = {"funding.total": "186万元", "funding.instalments.0.amount": "55.8万元"}
        interview.answer(answers.get(question.key, answer_for(example, question.key)))
    text = interview.save_text()
    assert "  total: 1860000\n" in text and "    amount: 558000\n" in text and "!!" not in text
    assert "项目经费 › 经费总额（元）：1860000" in [line for _, line in interview.summary()]


def test_answers_as_people_type_them_and_help_in_brief():
    """Walkthrough L2 and L5: 肆 for 壹式几份 and 一般 for 一般数据 were refused; 900 characters of
    insolvency law were printed at every prompt of the fee questions."""
    from aicontract.questionnaire.interview import _chinese_count, _pick
    from aicontract.questionnaire.terminal import _brief

    assert [_chinese_count(t) for t in ("肆", "四", "两", "十二", "壹拾贰", "5", "四天")] == [4, 4, 2, 12, 12, None, None]
    assert _pick(("一般数据", "重要数据", "核心数据"), "一般") == "一般数据"
    with pytest.raises(AnswerError, match="请输入序号或选项"):
        _pick(("双方共同共有", "双方按比例共有"), "双方")  # two options begin so: no guess
    long = "第一句说明。" * 10 + "第二段" * 60
    assert _brief(long) == "第一句说明。" * 10 + "（输入 ? 查看完整说明 / ? for more）"
    assert _brief("短说明。") == "短说明。"
    assert _brief("无句号" * 60).endswith("…（输入 ? 查看完整说明 / ? for more）")


def _fill(blank, example):
    if isinstance(blank, dict):
        return {k: (_fill(v, example[k]) if isinstance(example, dict) and k in example else v) for k, v in blank.items()}
    return example


def _prune(filled: dict, example: dict, model) -> dict:
    """Delete the optional blocks the example leaves out, at any depth, as the blank's comment
    says to do with blocks that are not used."""
    from aicontract.models import paths

    for field, info in model.model_fields.items():
        inner = paths.unwrap(info.annotation)
        if not isinstance(filled.get(field), dict) or not paths.is_model(inner):
            continue
        if not info.is_required() and field not in example:
            filled.pop(field)
        else:
            _prune(filled[field], example.get(field, {}), inner)
    return filled


@pytest.mark.parametrize("family", ["cooperation", "data_processing", "tech_development"])
def test_blank_file_filled_with_the_example_drafts_the_same_document(family, tmp_path):
    from aicontract.models import DEAL_MODELS

    name = "changzhou" if family == "tech_development" else family
    example = example_data(name)
    blank = yaml.safe_load(blank_yaml(DEAL_MODELS[family], family, example))
    assert set(blank) == {"family", *DEAL_MODELS[family].model_fields}
    filled = _prune(_fill(blank, example), example, DEAL_MODELS[family])
    deal = deal_from_data(parse_text(dump_yaml(filled))[0])
    assert render_docx(assemble(deal)) == render_docx(assemble(load_deal(EXAMPLES / f"{name}.yaml")))


def test_going_back_offers_the_earlier_answer():
    interview = Interview(CooperationDeal, "cooperation")
    interview.answer("C-1")
    interview.answer("甲局")
    assert interview.back()
    question = interview.next()
    assert (question.key, question.previous) == ("party_a.name", "甲局")
    interview.answer("")  # Enter keeps it
    assert interview.data["party_a"]["name"] == "甲局" and interview.next().key == "party_a.contact"
    assert interview.back() and interview.next().previous == "甲局"
    interview.answer("乙局")  # or type another
    assert interview.data["party_a"]["name"] == "乙局" and interview.next().previous is None


def complete_interview():
    example = example_data()
    interview = Interview(CooperationDeal, "cooperation")
    while (question := interview.next()) is not None:
        interview.answer(answer_for(example, question.key))
    return interview


def test_yes_no_and_earlier_answers_are_shown_in_chinese():
    interview = complete_interview()
    interview.change("staff_undertakings")
    said = []
    answers = iter([""])
    run_terminal(interview, ask=lambda prompt: next(answers), say=said.append)
    assert "[staff_undertakings] 工作人员单独签署保密承诺书（原答案：是，回车保留 / Enter keeps it）" in said
    interview.back()
    interview.undone.clear()
    said.clear()
    answers = iter(["否"])
    run_terminal(interview, ask=lambda prompt: next(answers), say=said.append)
    assert "[staff_undertakings] 工作人员单独签署保密承诺书（默认：是）" in said
    assert not any("True" in line or "False" in line for line in said)


def test_summary_is_in_chinese_with_field_titles():
    lines = dict(complete_interview().summary())
    assert lines["party_a.name"] == "甲方（建设方） › 名称：江州市政务服务和数据管理局"
    assert lines["staff_undertakings"] == "工作人员单独签署保密承诺书：是"
    assert lines["funding.revenue_expected"] == "项目经费 › 拟通过成果转化获取收益：否"
    assert lines["ai.service_objects"] == "人工智能模型与服务条款 › 服务对象：政务机构工作人员、社会公众"
    assert lines["?.data_processing"] == "数据处理协议：填写"
    assert lines["+.work_tasks.2"] == "工作任务：还要添加第3项吗？否"
    assert not any("None" in line or "null" in line for line in lines.values())


def test_change_any_answer_from_the_summary():
    interview = complete_interview()
    interview.change("dispute.route")
    question = interview.next()
    assert (question.key, question.previous) == ("dispute.route", "仲裁")
    interview.answer("诉讼")
    assert interview.next().key == "dispute.court_place"  # the 诉讼 branch, asked now
    interview.answer("甲方所在地")
    assert interview.next() is None
    assert interview.deal().dispute.route.value == "诉讼" and interview.deal().dispute.court_place == "甲方所在地"
    with pytest.raises(AnswerError, match="没有已回答的问题"):
        interview.change("no.such.question")


def test_terminal_summary_offers_changes(tmp_path):
    """The real command: at the summary, change one answer by its number, then write nothing."""
    out = tmp_path / "deal.yaml"
    child = spawn("--family", "cooperation", "-o", str(out))
    interview_until(child, example_data())
    child.expect(r"(\d+)\. 合同份数 › 总份数：4")
    number = child.match.group(1)
    child.expect("修改某项请输入其编号")
    child.sendline(number)
    child.expect(r"\[copies\.total\] 合同份数 › 总份数（原答案：4，回车保留")
    child.sendline("6")
    child.expect("回答摘要")
    child.expect(f"{number}\\. 合同份数 › 总份数：6")
    child.expect("修改某项请输入其编号")
    child.sendline("")
    child.expect("生成合同草稿")
    child.sendline("否")
    child.expect(pexpect.EOF)
    assert load_deal(out).copies.total == 6


def test_a_part_left_out_keeps_none_of_its_answers():
    """Resuming a deal file that has a 数据处理协议 and answering 否 to including it kept its answers
    in the deal (the draft still had the annex)."""
    data, _ = parse_text((EXAMPLES / "cooperation.yaml").read_text(encoding="utf-8"))
    interview = Interview(CooperationDeal, "cooperation", {k: v for k, v in data.items() if k != "family"})
    interview.change("?.data_processing")  # a part the file holds counts as included: taken back to leave it out
    while (question := interview.next()).key != "?.data_processing":  # earlier questions first (more work tasks?)
        interview.answer("否" if question.kind in ("include", "more") else "" if question.kind == "item"
                         else answer_for(example_data(), question.key))
    assert question.previous is True  # Enter would keep it
    interview.answer("否")
    assert "data_processing" not in interview.data


def test_answers_of_a_branch_no_longer_taken_are_not_saved():
    """Walkthrough L11: changing 单方享有的权利人 from 乙方 to 甲方 left the transfer price and the
    rescission answer in the file (the draft ignored them; the file still said them)."""
    example = {**example_data(), "ip": {**example_data()["ip"], "ownership": "单方享有", "owner": "乙方"}}
    interview = Interview(CooperationDeal, "cooperation")
    while (question := interview.next()) is not None:
        interview.answer(answer_for(example, question.key))
    assert "price:" in interview.save_text()
    interview.change("ip.owner")
    interview.answer("甲方")
    saved, _ = parse_text(interview.save_text())
    assert "price" not in saved["ip"]["transfer"] and "on_rescission" not in saved["ip"]["transfer"]
    assert saved["ip"]["transfer"]["days"] == example["ip"]["transfer"]["days"]
    interview.change("ip.owner")  # and back: the answers given before are there again
    interview.answer("乙方")
    assert parse_text(interview.save_text())[0]["ip"]["transfer"]["price"] == example["ip"]["transfer"]["price"]


def test_an_answer_the_user_can_no_longer_see_does_not_stop_the_interview():
    """Walkthrough F3: 含个人信息 changed to 否 at the summary left the legal basis (and now the kinds)
    in the answers; the deal was refused over a question no longer listed. Hidden answers are left
    out of the deal as they are of the saved file, and come back if the answer is changed back."""
    data = yaml.safe_load((ROOT / "examples" / "data_processing.yaml").read_text(encoding="utf-8"))
    data.pop("family", None)
    interview = Interview(DataProcessingDeal, "data_processing", data)
    assert interview.deal().data_processing.personal_info_kinds  # as answered
    interview.data["data_processing"]["personal_info"] = False
    interview.data["data_processing"].pop("sensitive_personal_info", None)
    deal = interview.deal()  # the legal basis and the kinds, hidden now, are not held against it
    assert deal.data_processing.legal_basis is None and deal.data_processing.personal_info_kinds is None
    assert interview.data["data_processing"]["legal_basis"]  # still kept in the interview


def test_the_summary_lists_a_question_after_the_answer_it_depends_on():
    """Walkthrough L: the summary listed 运行数据所含个人信息的种类 before 使用目的, which it depends on
    and which was asked first; the fields of the running data now follow the purposes, in the summary,
    the form and the sheet alike."""
    titles = [line.split("：")[0] for _, line in complete_interview().summary()]
    start = titles.index("数据处理协议 › 使用目的")
    assert titles[start:start + 4] == ["数据处理协议 › 使用目的", "数据处理协议 › 其他使用目的", "数据处理协议 › 运行数据所含个人信息的种类",
                                       "数据处理协议 › 处理方式"]


def test_the_blank_file_says_when_a_question_applies_in_words():
    """Walkthrough F10: conditions were printed as code (仅当 '上线运行和运维' in purposes 时填写)."""
    blank = blank_yaml(DataProcessingDeal, "data_processing")
    assert "#   仅当“使用目的”含“上线运行和运维”时填写" in blank
    assert "#   仅当“含个人信息”为“是”或“使用目的”含“上线运行和运维”时填写" in blank
    assert "#   仅当“含敏感个人信息”为“是”且“个人信息处理的合法性基础”为「第（一）项“取得个人的同意”」时填写" in blank
    cooperation = blank_yaml(CooperationDeal, "cooperation")
    assert "#   仅当“归属方式”已填写且并非（“归属方式”为“单方享有”且“单方享有的权利人”为“甲方”）时填写" in cooperation
    assert "#   仅当“算力来源”为“云服务”或“自有算力和云服务结合”时填写" in cooperation
    assert "#   仅当“重要场合”已填写时填写" in cooperation  # a text, not a yes/no
    assert " in purposes" not in blank and "==" not in cooperation


def test_a_condition_it_cannot_say_in_words_is_shown_as_written():
    from aicontract.questionnaire.blank import condition_text

    assert condition_text("personal_info ==", [DataProcessingDeal]) == "personal_info =="  # not Python at all
    assert condition_text("no_such_field", [DataProcessingDeal]) == "no_such_field"
    assert condition_text("len(purposes) > 1", [DataProcessingDeal]) == "len(purposes) > 1"


def test_a_resumed_file_keeps_the_parts_it_holds():
    """Reminders walkthrough H2: resuming a complete answers file asked “是否填写“数据处理协议”？” again, with no
    default, and 否 deleted the whole part from the file."""
    data, _ = parse_text((EXAMPLES / "cooperation.yaml").read_text(encoding="utf-8"))
    interview = Interview(CooperationDeal, "cooperation", json.loads(json.dumps(data, default=str)))
    question = interview.next()
    assert question is None or question.kind == "more"  # only whether to add a further list item
    keys = [key for key, _ in interview.summary()]
    assert "?.data_processing" in keys and "?.acceptance.security_testing" in keys
    assert dict(interview.summary())["?.data_processing"].endswith("：填写")
