"""The review memo (.docx): each item with its status, evidence and suggested clause text."""

from __future__ import annotations

from pathlib import Path

from ..drafting.contract import Table
from ..render.memo import memo_docx
from .report import Review


def review_memo_docx(result: Review) -> bytes:
    """A review memo: each item with its status, evidence and suggested clause text."""
    status = {"covered": "已约定", "partial": "约定不完整", "missing": "未约定"}
    items = Table(["事项", "结论", "位置和引文", "缺少", "建议条款（aicontract 条款库示例文字，按本项目修改）"],
                  [[i.label, status[i.status], "；".join(f"{w}：“{q}”" for w, q in i.evidence[:3]) or "无",
                    "、".join(i.lacking) or "无", i.suggestion or "无"] for i in result.items], "review", "指南 第三十四—三十六条")
    others = Table(["位置", "发现"], [[f.where, ("✓ " if f.ok else "✗ ") + f.message] for f in result.findings] or [["无", "无"]],
                   "findings", "aicontract review")
    memo = {"title": "合同审查意见（指南 第三十四—三十六条）",
            "intro": [f"审查文件：{Path(result.source).name}",
                      "逐项对照《政务领域人工智能技术合作合规指南》第三十四、三十五、三十六条；“约定不完整”指提到了该事项但缺少其实质内容。"],
            "groups": [{"title": "必备事项", "table": items}, {"title": "金额、空白和引用", "table": others}]}
    return memo_docx(memo)
