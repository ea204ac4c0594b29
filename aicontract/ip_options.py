"""The IP ownership options side by side, from clause_library/ip/options.yaml: what each
means for who owns, uses, licenses, transfers, files, enforces, and the risks to each side.
"""

from __future__ import annotations

import functools
import io
import shutil

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .contract import Table


class _Spec(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Attribute(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    title: str


class IpOption(_Spec):
    id: str
    title: str
    summary: str
    deal: dict[str, str] = Field(default_factory=dict, description="the deal's ip values that choose it")

    def value(self, key: str) -> str:
        return getattr(self, key)


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    applies_to: list[str]
    options: list[IpOption] = Field(min_length=1)


class IpOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    source: str
    attributes: list[Attribute]
    groups: list[Group]

    @model_validator(mode="after")
    def _every_attribute_filled(self):
        keys = [a.key for a in self.attributes]
        for group in self.groups:
            for option in group.options:
                extra = set(option.model_extra or {})
                missing = [k for k in keys if not str((option.model_extra or {}).get(k, "")).strip()]
                if missing:
                    raise ValueError(f"option {option.id}: attributes without text: {missing}")
                unknown = extra - set(keys)
                if unknown:
                    raise ValueError(f"option {option.id}: unknown attributes {sorted(unknown)}")
        return self

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)


@functools.lru_cache(maxsize=None)
def load_options() -> IpOptions:
    from .library import _parse, bundled_root

    options = _parse(bundled_root() / "ip" / "options.yaml", IpOptions)
    _check_deal_values(options)
    return options


def _check_deal_values(options: IpOptions) -> None:
    """Each option's ``deal`` names real IpTerms fields and enum values."""
    from .library import LibraryError
    from .models.common import IpOwnership, PartyRole

    allowed = {"ownership": {m.value for m in IpOwnership}, "owner": {m.value for m in PartyRole}}
    for group in options.groups:
        for option in group.options:
            for key, value in option.deal.items():
                if value not in allowed.get(key, ()):
                    raise LibraryError(f"ip/options.yaml: option {option.id}: deal.{key}: {value!r} is not a valid choice")


def chosen_option(deal) -> str | None:
    """The id of the ownership option a deal chose, if its family has one."""
    ip = getattr(deal, "ip", None)
    if ip is None:
        return None
    values = {k: getattr(getattr(ip, k), "value", getattr(ip, k)) for k in ("ownership", "owner")}
    for option in load_options().group("ownership").options:
        if all(values.get(k) == v for k, v in option.deal.items()):
            return option.id
    return None


def comparison(group: Group, chosen: str | None = None) -> Table:
    """Attributes as rows, options as columns: a plain table any renderer can print."""
    options = load_options()
    marker = "（本合同所选）"
    columns = ["事项"] + [o.title + (marker if o.id == chosen else "") for o in group.options]
    rows = [["含义"] + [o.summary for o in group.options]]
    rows += [[a.title] + [o.value(a.key) for o in group.options] for a in options.attributes]
    return Table(columns=columns, rows=rows, clause_id=group.id, source=options.source)


def render_terminal(groups: list[Group], chosen: str | None, width: int | None = None) -> str:
    from rich.console import Console
    from rich.table import Table as RichTable

    buffer = io.StringIO()
    width = width or max(100, shutil.get_terminal_size((160, 40)).columns)
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None)
    for group in groups:
        table = comparison(group, chosen)
        rich_table = RichTable(title=group.title, show_lines=True, expand=True)
        for i, column in enumerate(table.columns):
            if i == 0:  # the attribute names, e.g. 建设方（甲方）风险提示, on one line
                rich_table.add_column(column, width=24, no_wrap=True)
            else:
                rich_table.add_column(column, ratio=1, overflow="fold")
        for row in table.rows:
            rich_table.add_row(*row)
        console.print(rich_table)
    return buffer.getvalue()


def render_markdown(groups: list[Group], chosen: str | None) -> str:
    options = load_options()
    out = ["# 知识产权归属方式对比", "", f"依据：{options.source}；条款编号指 aicontract 起草的合同。", ""]
    for group in groups:
        table = comparison(group, chosen)
        out += [f"## {group.title}", "", "| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
        out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in table.rows]
        out.append("")
    return "\n".join(out)


def render_docx(groups: list[Group], chosen: str | None) -> bytes:
    from .render.docx import render_memo

    options = load_options()
    memo = {
        "title": "知识产权归属方式对比",
        "intro": [
            f"依据：{options.source}；条款编号指 aicontract 起草的合同。",
            "本表由 clause_library/ip/options.yaml 生成，供采购人员比较各选项的含义和后果，不构成法律意见。",
        ],
        "groups": [{"title": g.title, "table": comparison(g, chosen)} for g in groups],
    }
    return render_memo(memo)
