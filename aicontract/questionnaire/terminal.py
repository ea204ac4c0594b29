"""The interview in a terminal: questions printed, answers read, ``<`` back, ``?`` help; the
answers saved after every answer, so that nothing is lost however the interview ends (Ctrl-C,
Ctrl-D, a closed terminal, ``kill``; ``--resume`` continues); at the end a summary, the check
(or what the answers still lack, with a step to change any answer) and an offer to write the
draft."""

from __future__ import annotations

import contextlib
import shlex
import signal
import threading
from pathlib import Path
from typing import Callable

from pydantic import ValidationError

from ..drafting import draft
from ..errors import EXIT_CHECK_FAILED, EXIT_OK, EXIT_STOPPED
from ..io.deal_file import problems_from, read_answers
from ..io.output import OutputExists, write_atomic
from ..models import DEAL_MODELS
from ..render import render
from .answers import AnswerError, shown
from .interview import Interview


def run_terminal(interview: Interview, ask: Callable[[str], str], say: Callable[[str], None],
                 saved: Callable[[], None] = lambda: None) -> bool:
    """Ask until done. ``<`` goes back, ``?`` repeats the help; ``saved()`` after every answer
    taken or undone. True when every question is answered; EOFError/KeyboardInterrupt propagate
    to the caller."""
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
            say(f"  说明：{_brief(question.help)}")
        for i, choice in enumerate(question.choices, start=1):
            meaning = question.explanations[i - 1] if i - 1 < len(question.explanations) else ""
            say(f"  {i}. {choice}" + (f" — {meaning}" if meaning else ""))
        if question.kind == "choices":
            say("  （可多选，用逗号分隔序号）")
        text = ask("> ")
        if text.strip() == "<":
            if not interview.back():
                say("  已是第一题 / this is the first question")
            saved()
            continue
        if text.strip() == "?":
            say(f"  {question.help or '无说明'}")
            continue
        try:
            interview.answer(text)
        except AnswerError as exc:
            say(f"  ✗ {exc} — 请重新输入 / please answer again")
            continue
        saved()


def _brief(help_text: str, limit: int = 150) -> str:
    """A long help as its first sentences (the whole of it on ``?``): the legal background of a
    fee or a price is there for whoever asks, not printed on every prompt."""
    if len(help_text) <= limit:
        return help_text
    end = help_text.rfind("。", 0, limit)
    return (help_text[: end + 1] if end > 0 else help_text[:limit] + "…") + "（输入 ? 查看完整说明 / ? for more）"


def _confirm(ask: Callable[[str], str], say: Callable[..., None], question: str) -> bool:
    while True:
        answer = ask(f"{question} [是/否]> ").strip().lower()
        if answer in ("是", "y", "yes"):
            return True
        if answer in ("否", "n", "no"):
            return False
        say("  请回答“是”或“否” / please answer 是 (yes) or 否 (no)")


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

    def save() -> None:
        write_atomic(output, interview.save_text().encode("utf-8"), force=True)

    def stopped() -> int:
        save()
        say(f"\n已保存目前的回答 / answers saved：{output}")
        say(f"继续请运行 / continue with:\n  aicontract questionnaire --resume {shlex.quote(str(output))}")
        return EXIT_STOPPED

    save()  # at once: an answers file that cannot be written is said before the first question, not after it
    say(f"aicontract 问卷 / questionnaire — {model.model_config.get('title', family_id)}")
    say(f"输入 < 返回上一题，? 查看说明；每答一题即保存到 {output}，Ctrl-C 退出后可用 --resume 继续 / < back, ? help; "
        "every answer is saved as you go")
    try:
        run_terminal(interview, ask=ask, say=say, saved=save)
        while True:  # the summary, the check (or what is still missing), and a step to change any answer
            try:
                deal, problems = interview.deal(), []
            except ValidationError as exc:
                deal, problems = None, problems_from(exc, model)
            save()
            lines = interview.summary()
            say(f"\n回答摘要 / summary（已保存 / saved：{output}）")
            for number, (_, line) in enumerate(lines, start=1):
                say(f"  {number}. {line}")
            if problems:
                say("回答尚不完整或互相矛盾，请修改下列问题涉及的回答 / the answers are incomplete or contradict each other: change these")
                for problem in problems:
                    say(f"  - {problem}")
            else:
                contract, report = draft(deal, allow_incomplete=True)
                say(report.text())
            choice = ask("修改某项请输入其编号，直接回车继续 / number of an answer to change, Enter to go on> ").strip()
            if not choice:
                if problems:
                    say(f"继续请运行 / continue with:\n  aicontract questionnaire --resume {shlex.quote(str(output))}")
                    return EXIT_CHECK_FAILED
                break
            if not (choice.isdigit() and 1 <= int(choice) <= len(lines)):
                say(f"  请输入 1—{len(lines)} 之间的编号 / a number from 1 to {len(lines)}")
                continue
            interview.change(lines[int(choice) - 1][0])
            run_terminal(interview, ask=ask, say=say, saved=save)
        if not _confirm(ask, say, "现在生成合同草稿（.docx）吗？/ write the draft now?"):
            return EXIT_OK
        if not report.ok and not _confirm(ask, say, "草稿未通过检查，仍要生成首页标明缺项的草稿吗？/ write it marked incomplete?"):
            return EXIT_OK
        target = _draft_target(ask, say, output.with_suffix(".docx"), force)
    except (EOFError, KeyboardInterrupt):
        return stopped()
    write_atomic(target, render(contract, "docx"), force=True)
    say(f"已生成 / written: {target}")
    return EXIT_OK


def _draft_target(ask: Callable[[str], str], say: Callable[..., None], suggested: Path, force: bool) -> Path:
    """Where the draft goes: the name given (Enter: ``suggested``); an existing file is replaced
    only when the user says so (or with --force), else another name is asked for."""
    while True:
        target = Path(ask(f"文件名 / file [{suggested.name}]> ").strip() or suggested)
        if force or not target.exists() or _confirm(ask, say, f"{target} 已存在，覆盖吗？/ it exists: replace it?"):
            return target
