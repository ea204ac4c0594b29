"""The review memo (.docx): one row per item with its status and place, the other findings, and
the suggested clause texts in an appendix."""

from __future__ import annotations

from pathlib import Path

from ..drafting.contract import Table
from ..library.requirements import load_requirements
from ..render.memo import memo_docx
from .report import STATUS, Review


def review_memo_docx(result: Review) -> bytes:
    """A review memo: one row per item, other findings, suggestions in an appendix."""
    rows = []
    for item in result.items:
        place = f"{item.evidence[0].where}：“{item.evidence[0].quote}”" if item.evidence else "无"
        rows.append([f"{item.id} {item.label}", STATUS[item.status], place, "、".join(item.lacking) or "无"])
    items = Table(["事项", "结论", "位置和引文", "缺少"], rows, "review", "指南 第三十四—三十六条")
    problems = [f for f in result.findings if not f.ok]
    others = Table(["位置", "发现"], [[f.where, f.message] for f in problems] or [["无", "无"]], "findings", "aicontract review")
    suggested = [[f"{i.id} {i.label}", i.suggestion] for i in result.items if i.suggestion]
    groups = [{"title": "一、指南第三十四—三十六条建议约定的事项", "table": items},
              {"title": "二、金额、空白、引用和编号", "table": others}]
    if suggested:
        groups.append({"title": "附：建议条款（aicontract 为其示例合同起草的参考文字，条款编号和所作选择取自示例，须按本项目确定；"
                                "【】处按本项目填写）",
                       "table": Table(["事项", "建议条款"], suggested, "suggestions", "aicontract clause library")})
    counts = {status: sum(i.status == status for i in result.items) for status in ("covered", "partial", "missing")}
    memo = {"title": "合同审查意见（指南 第三十四—三十六条）",
            "intro": [f"审查文件：{Path(result.source).name}",
                      f"结论摘要：{len(result.items)} 项中{STATUS['covered']} {counts['covered']} 项、{STATUS['partial']} "
                      f"{counts['partial']} 项、{STATUS['missing']} {counts['missing']} 项；金额、空白、引用、编号和日期方面的问题 "
                      f"{len(problems)} 处。" + _first(result),
                      "逐项对照《政务领域人工智能技术合作合规指南》第三十四、三十五、三十六条；“约定不完整”指提到了该事项但缺少其实质内容。",
                      f"{load_requirements().force}。{load_requirements().law_note}。某一事项是否需要补充，"
                      "宜结合合同的类型和项目情况判断（例如不处理数据的合同无需数据处理协议各项）。本意见由软件按文字自动比对生成，"
                      "引文和结论须经审查人核对。"],
            "groups": groups}
    return memo_docx(memo)


def _first(result: Review) -> str:
    """What to look at first: the items not agreed at all, then those agreed only in part."""
    missing = [i.label for i in result.items if i.status == "missing"]
    partial = [i.label for i in result.items if i.status == "partial"]
    parts = ([f"宜先核对未约定的事项：{'；'.join(missing)}"] if missing else []) + (
        [f"再核对约定不完整的事项：{'；'.join(partial)}"] if partial else [])
    return ("。".join(parts) + "。") if parts else "各项均已约定。"
