"""The interview in a terminal: questions printed, answers read, ``<`` back, ``?`` help; the
answers saved on Ctrl-C/Ctrl-D (``--resume`` continues); at the end a summary, the check and
an offer to write the draft."""

from __future__ import annotations

import contextlib
import shlex
import signal
import threading
from pathlib import Path
from typing import Callable

from pydantic import ValidationError

from ..drafting import draft
from ..errors import EXIT_CHECK_FAILED, EXIT_OK
from ..io.deal_file import problems_from, read_answers
from ..io.output import OutputExists, write_atomic
from ..models import DEAL_MODELS
from ..render import render
from .interview import AnswerError, Interview, shown


def run_terminal(interview: Interview, ask: Callable[[str], str], say: Callable[[str], None]) -> bool:
    """Ask until done. ``<`` goes back, ``?`` repeats the help. True when every question is
    answered; EOFError/KeyboardInterrupt propagate to the caller, who saves the answers."""
    shown_section = None
    while True:
        question = interview.next()
        if question is None:
            return True
        if question.section != shown_section:
            shown_section = question.section
            say(f"\n【第 {question.section_no}/{question.sections} 部分 / part】{question.section}")
        if question.previous is not None:
            note = f"（原答案：{shown(question.previous)}，回车保留 / Enter keeps it）"
        elif question.default is not None:
            note = f"（默认：{shown(question.default)}）"
        else:
            note = "" if question.required or question.kind in ("include", "more", "item") else "（可选，回车跳过）"
        say(f"[{question.key}] {question.title}{note}")
        if question.help:
            say(f"  说明：{question.help}")
        for i, choice in enumerate(question.choices, start=1):
            meaning = question.explanations[i - 1] if i - 1 < len(question.explanations) else ""
            say(f"  {i}. {choice}" + (f" — {meaning}" if meaning else ""))
        if question.kind == "choices":
            say("  （可多选，用逗号分隔序号）")
        text = ask("> ")
        if text.strip() == "<":
            if not interview.back():
                say("  已是第一题 / this is the first question")
            continue
        if text.strip() == "?":
            say(f"  {question.help or '无说明'}")
            continue
        try:
            interview.answer(text)
        except AnswerError as exc:
            say(f"  ✗ {exc} — 请重新输入 / please answer again")


def _confirm(ask: Callable[[str], str], question: str) -> bool:
    while True:
        answer = ask(f"{question} [是/否]> ").strip().lower()
        if answer in ("是", "y", "yes"):
            return True
        if answer in ("否", "n", "no"):
            return False


@contextlib.contextmanager
def ctrl_c_interrupts():
    """Ctrl-C raises KeyboardInterrupt while the interview runs, as its first screen promises,
    even when SIGINT came in ignored: a command started in the background of a script (``cmd &``
    without job control) inherits SIGINT ignored, and Python then never raises it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def interview_in_terminal(family_id: str, output: Path, resume: Path | None, force: bool,
                          ask: Callable[[str], str] = input, say: Callable[..., None] = print) -> int:
    """The whole interview as the ``questionnaire`` command runs it; returns the exit code.
    Raises OutputExists when ``output`` exists (and is not the file resumed) without ``force``."""
    with ctrl_c_interrupts():
        return _interview(family_id, output, resume, force, ask, say)


def _interview(family_id: str, output: Path, resume: Path | None, force: bool,
               ask: Callable[[str], str], say: Callable[..., None]) -> int:
    model = DEAL_MODELS[family_id]
    if output.exists() and output != resume and not force:
        raise OutputExists(output)
    interview = (Interview.resume(model, family_id, read_answers(resume), str(resume)) if resume
                 else Interview(model, family_id))

    def save(note: str) -> None:
        write_atomic(output, interview.save_text().encode("utf-8"), force=True)
        say(f"\n{note}：{output}")

    resume_command = f"aicontract questionnaire --family {family_id} --resume {shlex.quote(str(output))}"

    say(f"aicontract 问卷 / questionnaire — {model.model_config.get('title', family_id)}")
    say("输入 < 返回上一题，? 查看说明，Ctrl-C 保存并退出 / < back, ? help, Ctrl-C save and quit")
    try:
        run_terminal(interview, ask=ask, say=say)
    except (EOFError, KeyboardInterrupt):
        save("已保存目前的回答 / answers saved")
        say(f"继续请运行 / continue with:\n  {resume_command}")
        return EXIT_CHECK_FAILED
    while True:  # the summary, the check, and a step to change any answer
        try:
            deal = interview.deal()
        except ValidationError as exc:
            save("回答尚不完整，已保存 / answers saved, not yet complete")
            for problem in problems_from(exc, model):
                say(f"  - {problem}")
            say(f"继续请运行 / continue with:\n  {resume_command}")
            return EXIT_CHECK_FAILED
        save("已保存回答 / answers saved")
        lines = interview.summary()
        say("\n回答摘要 / summary")
        for number, (_, line) in enumerate(lines, start=1):
            say(f"  {number}. {line}")
        contract, report = draft(deal, allow_incomplete=True)
        say(report.text())
        try:
            choice = ask("修改某项请输入其编号，直接回车继续 / number of an answer to change, Enter to go on> ").strip()
            if not choice:
                break
            if not (choice.isdigit() and 1 <= int(choice) <= len(lines)):
                say(f"  请输入 1—{len(lines)} 之间的编号 / a number from 1 to {len(lines)}")
                continue
            interview.change(lines[int(choice) - 1][0])
            run_terminal(interview, ask=ask, say=say)
        except (EOFError, KeyboardInterrupt):
            save("已保存目前的回答 / answers saved")
            say(f"继续请运行 / continue with:\n  {resume_command}")
            return EXIT_OK
    try:
        if not _confirm(ask, "现在生成合同草稿（.docx）吗？/ write the draft now?"):
            return EXIT_OK
        if not report.ok and not _confirm(ask, "草稿未通过检查，仍要生成首页标明缺项的草稿吗？/ write it marked incomplete?"):
            return EXIT_OK
        target = Path(ask(f"文件名 / file [{output.with_suffix('.docx').name}]> ").strip() or output.with_suffix(".docx"))
    except (EOFError, KeyboardInterrupt):
        return EXIT_OK
    write_atomic(target, render(contract, "docx"), force=force)
    say(f"已生成 / written: {target}")
    return EXIT_OK
