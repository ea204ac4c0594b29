"""Consistency rules. Each rule in a family's rules.yaml names a *kind* below and the
deal parameters it applies to; the kinds are small functions that return what is wrong
(an empty list when the rule holds)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from .. import cn
from ..models import paths as model_paths
from .requirements import load_requirements
from .values import is_unused, resolve_wild, title_of, value_at, values_at


def _money(value: Decimal) -> str:
    return f"¥{cn.amount_in_figures(value)}"


def sum_equals(deal, args, model) -> list[str]:
    amounts = [a for a in values_at(deal, f"{args['list']}.*.{args['field']}") if a is not None]
    total = value_at(deal, args["total"])
    if total is None or not amounts:
        return []
    got = sum(amounts, Decimal(0))
    if got != total:
        return [f"各期合计 {_money(got)}，而{title_of(model, args['total'])}为 {_money(total)}，相差 {_money(abs(total - got))}"]
    return []


def percents_match(deal, args, model) -> list[str]:
    total = value_at(deal, args["total"])
    out = []
    for i, element in enumerate(value_at(deal, args["list"]) or [], start=1):
        percent, amount = getattr(element, args["percent"]), getattr(element, args["amount"])
        if percent is None or total is None:
            continue
        expected = (total * percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if expected != amount:
            out.append(f"第{i}期比例 {cn.plain_decimal(percent)}% 对应 {_money(expected)}，而金额为 {_money(amount)}")
    return out


def dates_in_order(deal, args, model) -> list[str]:
    dated = [(path, value_at(deal, path)) for path in args["dates"]]
    dated = [(path, value) for path, value in dated if value is not None]
    out = []
    for (p1, d1), (p2, d2) in zip(dated, dated[1:]):
        if d2 < d1:
            out.append(f"{title_of(model, p2)}（{cn.date(d2)}）早于{title_of(model, p1)}（{cn.date(d1)}）")
    return out


def only_for_option(deal, args, model) -> list[str]:
    chosen = value_at(deal, args["option"])
    given = value_at(deal, args["field"]) is not None
    wanted = getattr(chosen, "value", chosen) == args["value"]
    if given and not wanted:
        return [f"{title_of(model, args['field'])}只适用于“{args['value']}”，而所选为“{getattr(chosen, 'value', chosen)}”"]
    if wanted and not given:
        return [f"选择“{args['value']}”时须填写{title_of(model, args['field'])}"]
    return []


def sums_to(deal, args, model) -> list[str]:
    values = [value_at(deal, path) for path in args["fields"]]
    if any(v is None for v in values):
        return []
    total = Decimal(str(args["total"]))
    got = sum(values, Decimal(0))
    if got != total:
        names = "、".join(title_of(model, p) for p in args["fields"])
        return [f"{names}合计 {cn.plain_decimal(got)}，应为 {cn.plain_decimal(total)}"]
    return []


def _not_substantive(value) -> str | None:
    if is_unused(value):
        return "未填写或为“无”"
    if load_requirements().is_placeholder(value):
        return f"为占位内容“{value}”"
    return None


def substantive(deal, args, model) -> list[str]:
    out = []
    for path in args["paths"]:
        for value in values_at(deal, path) or [None]:
            problem = _not_substantive(value)
            if problem:
                out.append(f"{title_of(model, path)}{problem}")
    return out


def required_if(deal, args, model, evaluate) -> list[str]:
    if not evaluate(args["condition"]):
        return []
    out = []
    for path in args["paths"]:
        value = value_at(deal, path)
        if value is False:
            out.append(f"{title_of(model, path)}：须为“是”")
        elif value is not True:
            problem = _not_substantive(value)
            if problem:
                out.append(f"{title_of(model, path)}{problem}")
    return out


def _shown(value) -> str:
    """A value as a message quotes it: an option by its text, 是/否 for a yes-or-no answer."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(getattr(value, "value", value))


def not_option(deal, args, model) -> list[str]:
    """An option that should not be chosen (e.g. a repealed regulation kept only to reproduce
    a signed contract)."""
    chosen = value_at(deal, args["path"])
    if getattr(chosen, "value", chosen) == args["value"]:
        return [f"{title_of(model, args['path'])}为“{_shown(args['value'])}”"]
    return []


def absent(deal, args, model) -> list[str]:
    """A value that must not be given when the rule's condition holds (e.g. a second penalty
    for a breach the contract already prices)."""
    value = value_at(deal, args["path"])
    if not is_unused(value):
        return [f"{title_of(model, args['path'])}为“{_shown(value)}”，{args['conflict']}"]
    return []


def contains(deal, args, model) -> list[str]:
    """A list that must hold a value (e.g. the 违约责任 of 第二十一条 covering 保密义务)."""
    values = [getattr(v, "value", v) for v in values_at(deal, args["path"])]
    if args["value"] not in values:
        return [f"{title_of(model, args['path'])}中没有“{args['label']}”"]
    return []


def mentions(deal, args, model) -> list[str]:
    """Texts that must not name something the rule's condition excludes (e.g. a compute fee
    among the costs when 甲方 provides the compute). Each text naming one of ``words`` is a
    problem, unless it names one of the optional ``except`` words (e.g. 开发费: a fee for
    building a compute scheduler is not a compute fee) — with ``each_use``, unless every use of the
    word is inside an ``except`` phrase (不分份额 beside 乙方的份额归甲方 excuses nothing); the
    ``conflict`` says with what. With ``whole``, only an answer that is one of the words as a whole
    is a problem (the kinds of personal information answered 不含个人信息)."""
    out = []
    for value in values_at(deal, args["path"]):
        text = str(getattr(value, "value", value))
        if args.get("whole"):  # the whole answer is one of the words (不含个人信息), not a text that uses one
            bare = "".join(text.split()).strip("。.；;，,").strip("（）()【】[]")
            head = re.split(r"[（(]", bare)[0]  # 无（不含个人信息）: what comes before its explanation
            if not is_unused(value) and (bare in args["words"] or head in args["words"]):
                out.append(f"{title_of(model, args['path'])}为“{text}”，{args['conflict']}")
            continue
        if args.get("each_use"):  # every use of a word must be inside an except phrase, not just one
            word = next((w for w in args["words"] if _uncovered(text, w, args.get("except", ()))), None)
        elif any(word in text for word in args.get("except", ())):
            continue
        else:
            word = next((w for w in args["words"] if w in text), None)
        if word:
            out.append(f"{title_of(model, args['path'])}“{text}”含“{word}”，{args['conflict']}")
    return out


def _uncovered(text: str, word: str, phrases) -> bool:
    """Whether ``word`` occurs in ``text`` somewhere no phrase of ``phrases`` covers."""
    covered = set()
    for phrase in phrases:
        start = text.find(phrase)
        while start != -1:
            covered.update(range(start, start + len(phrase)))
            start = text.find(phrase, start + 1)
    start = text.find(word)
    while start != -1:
        if not set(range(start, start + len(word))) <= covered:
            return True
        start = text.find(word, start + 1)
    return False


def named_in(deal, args, model) -> list[str]:
    """A value that one of the given texts must name (e.g. the cloud service the model runs on,
    named as a place where the data is stored or processed)."""
    value = value_at(deal, args["path"])
    if is_unused(value):
        return []
    name = str(getattr(value, "value", value)).strip()
    texts = [str(getattr(v, "value", v)) for path in args["in"] for v in values_at(deal, path) if not is_unused(v)]
    if any(name in text for text in texts):
        return []
    return [f"{title_of(model, args['path'])}“{name}”不见于" + "、".join(title_of(model, p) for p in args["in"])
            + f"，{args['conflict']}"]


def matches(deal, args, model) -> list[str]:
    """The value is given and written in the expected form (e.g. a 备案号)."""
    out = []
    for value in values_at(deal, args["path"]) or [None]:
        problem = _not_substantive(value)
        if problem:
            out.append(f"{title_of(model, args['path'])}{problem}")
        elif not re.fullmatch(args["pattern"], str(value).strip()):
            out.append(f"{title_of(model, args['path'])}“{value}”不是{args['expected']}")
    return out


def shorter_than(deal, args, model) -> list[str]:
    """A period (in minutes) strictly shorter than the limit the chosen option sets."""
    value, key = value_at(deal, args["path"]), value_at(deal, args["key"])
    key = getattr(key, "value", key)
    if value is None or key is None:
        return []
    limit = args["limits"][key]
    if value >= limit:
        return [f"{title_of(model, args['path'])}为 {cn.minutes(value)}，不短于{title_of(model, args['key'])}"
                f"“{key}”对应的 {cn.minutes(limit)}"]
    return []


def _comparable(value) -> str:
    """5, 5年, 五年 compare equal: figures become Chinese numerals, a trailing 年 is dropped (a
    period in years stated once as a number of years, once in words)."""
    text = str(getattr(value, "value", value)).strip().rstrip("。；;.")
    text = re.sub(r"(?<=[\d一二三四五六七八九十])年$", "", text)
    return re.sub(r"\d+", lambda m: cn.number_lower(int(m.group())), text)


def agree(deal, args, model) -> list[str]:
    """Values that say the same thing in two places (e.g. 保密期限 in the contract and its
    annex) agree; figures and Chinese numerals compare equal (5 = 5年 = 五年)."""
    given = [(path, value) for path in args["paths"] for value in values_at(deal, path) if not is_unused(value)]
    if len({_comparable(value) for _, value in given}) > 1:
        return ["、".join(f"{title_of(model, path)}为“{getattr(value, 'value', value)}”" for path, value in given)
                + "，前后不一致"]
    return []


def listed_as(deal, args, model) -> list[str]:
    """Elements of a list whose ``field`` is one of ``values``, by their ``name`` (e.g. the data graded
    重要数据 when data go abroad: review73 M2) — each with the ``conflict``."""
    out = []
    for element in values_at(deal, f"{args['list']}.*"):
        value = getattr(element, args["field"], None)
        if getattr(value, "value", value) in args["values"]:
            out.append(f"{title_of(model, args['list'])}中的“{getattr(element, args['name'])}”分级为“{_shown(value)}”，{args['conflict']}")
    return out


def date_not_after(deal, args, model) -> list[str]:
    """A date no later than a base date plus a number of years (e.g. data kept for support
    no longer than the support period)."""
    value, base, years = (value_at(deal, args[k]) for k in ("path", "base", "plus_years"))
    if value is None or base is None or years is None:
        return []
    try:
        limit = base.replace(year=base.year + years)
    except ValueError:  # 29 February
        limit = base.replace(year=base.year + years, day=28)
    if value > limit:
        return [f"{title_of(model, args['path'])}（{cn.date(value)}）晚于{title_of(model, args['base'])}后"
                f"{years}年（{cn.date(limit)}）"]
    return []


def not_above(deal, args, model) -> list[str]:
    """An amount no larger than another it is said to be part of (e.g. a licence fee paid out
    of the first instalment)."""
    value, limit = value_at(deal, args["path"]), value_at(deal, args["limit"])
    if value is None or limit is None or value <= limit:
        return []
    return [f"{title_of(model, args['path'])}（{_money(value)}）大于{args['label']}（{_money(limit)}）"]


KINDS = {
    "sum_equals": (sum_equals, {"list", "field", "total"}),
    "percents_match": (percents_match, {"list", "amount", "percent", "total"}),
    "dates_in_order": (dates_in_order, {"dates"}),
    "only_for_option": (only_for_option, {"option", "value", "field"}),
    "sums_to": (sums_to, {"fields", "total"}),
    "substantive": (substantive, {"paths"}),
    "required_if": (required_if, {"condition", "paths"}),
    "not_option": (not_option, {"path", "value"}),
    "absent": (absent, {"path", "conflict"}),
    "contains": (contains, {"path", "value", "label"}),
    "matches": (matches, {"path", "pattern", "expected"}),
    "mentions": (mentions, {"path", "words", "conflict"}),
    "named_in": (named_in, {"path", "in", "conflict"}),
    "shorter_than": (shorter_than, {"path", "key", "limits"}),
    "agree": (agree, {"paths"}),
    "date_not_after": (date_not_after, {"path", "base", "plus_years"}),
    "not_above": (not_above, {"path", "limit", "label"}),
    "listed_as": (listed_as, {"list", "field", "values", "name", "conflict"}),
}


OPTIONAL_ARGS = {"mentions": {"except", "each_use", "whole"}}  # arguments a kind accepts but does not require


def paths_of(rule) -> list[str]:
    """The deal parameters a rule reads (not the condition that makes it apply)."""
    args = rule.args
    if rule.kind in ("sum_equals", "percents_match"):
        fields = [args.get("field"), args.get("amount"), args.get("percent")]
        return [args["total"], args["list"]] + [f"{args['list']}.*.{f}" for f in fields if f]
    if rule.kind == "dates_in_order":
        return list(args["dates"])
    if rule.kind == "only_for_option":
        return [args["option"], args["field"]]
    if rule.kind == "sums_to":
        return list(args["fields"])
    if rule.kind in ("not_option", "matches", "absent", "contains", "mentions"):
        return [args["path"]]
    if rule.kind == "named_in":
        return [args["path"], *args["in"]]
    if rule.kind == "shorter_than":
        return [args["path"], args["key"]]
    if rule.kind == "date_not_after":
        return [args["path"], args["base"], args["plus_years"]]
    if rule.kind == "not_above":
        return [args["path"], args["limit"]]
    if rule.kind == "listed_as":
        return [args["list"], f"{args['list']}.*.{args['field']}", f"{args['list']}.*.{args['name']}"]
    return list(args["paths"])


def check_rule_spec(rule, family) -> None:
    """Raise ValueError/KeyError if the rule's kind or arguments do not fit the deal model."""
    if rule.kind not in KINDS:
        raise ValueError(f"unknown kind {rule.kind!r}; known: {', '.join(sorted(KINDS))}")
    expected = KINDS[rule.kind][1]
    if not expected <= set(rule.args) <= expected | OPTIONAL_ARGS.get(rule.kind, set()):
        raise ValueError(f"kind {rule.kind} takes args {sorted(expected)}, got {sorted(rule.args)}")
    for path in paths_of(rule):
        resolve_wild(family.model, path)
    for expr in filter(None, [rule.when, rule.mandatory_when, rule.args.get("condition")]):
        family.text.expression(expr)
    if rule.kind == "matches":
        re.compile(rule.args["pattern"])
    if rule.kind == "not_above":
        for key in ("path", "limit"):
            if model_paths.unwrap(resolve_wild(family.model, rule.args[key])) is not Decimal:
                raise ValueError(f"{key} {rule.args[key]} is not an amount")
    if rule.kind == "shorter_than":
        annotation = resolve_wild(family.model, rule.args["key"])
        choices = {m.value for m in annotation} if isinstance(annotation, type) and issubclass(annotation, Enum) else set()
        if set(rule.args["limits"]) != choices:
            raise ValueError(f"limits must name exactly the options of {rule.args['key']}: {sorted(choices)}")


def run_rule(rule, deal, family, context: dict) -> list[str] | None:
    """What is wrong (empty list: the rule holds; None: it does not apply). ``context`` maps
    the deal's top-level fields to their values, for the rule's conditions."""

    def evaluate(expr: str) -> bool:
        return bool(family.text.evaluate(expr, context))

    if rule.when and not evaluate(rule.when):
        return None  # not applicable
    function = KINDS[rule.kind][0]
    if rule.kind == "required_if":
        return function(deal, rule.args, family.model, evaluate)
    return function(deal, rule.args, family.model)
