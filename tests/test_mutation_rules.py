"""library/rules.py: every rule kind on a small deal model of its own, at its limits (exactly at
the limit and one over, equal dates), with each message written out (mutation testing)."""

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from types import SimpleNamespace

import pytest
from jinja2 import TemplateSyntaxError
from pydantic import BaseModel, Field

from aicontract.library import rules
from aicontract.library.schema import RuleSpec
from aicontract.library.textenv import TextEngine
from aicontract.library.values import is_unused, resolve_wild, title_of, values_at


class Kind(str, Enum):
    A = "甲类"
    B = "乙类"


class Party(str, Enum):
    A = "甲方"
    B = "乙方"


class Level(Enum):  # an option that is not a str: compared by its value
    LOW = "低"
    HIGH = "高"


class Step(BaseModel):
    amount: Decimal | None = Field(None, title="金额")
    percent: Decimal | None = Field(None, title="比例")


class Deal(BaseModel):
    total: Decimal | None = Field(None, title="总额")
    steps: list[Step] | None = Field(None, title="各期")
    start: dt.date | None = Field(None, title="开始日")
    middle: dt.date | None = Field(None, title="中间日")
    end: dt.date | None = Field(None, title="结束日")
    kind: Kind | None = Field(None, title="方式")
    detail: str | None = Field(None, title="说明")
    share_a: Decimal | None = Field(None, title="甲方份额")
    share_b: Decimal | None = Field(None, title="乙方份额")
    texts: list[str] = Field(default_factory=list, title="清单")
    parties: list[Party] = Field(default_factory=list, title="责任方")
    minutes: int | None = Field(None, title="时限")
    years: int | None = Field(None, title="年限")
    flag: bool | None = Field(None, title="标志")
    period: str | None = Field(None, title="期限")
    period_again: str | None = Field(None, title="附件期限")
    level: Level | None = Field(None, title="等级")
    levels: list[Level] = Field(default_factory=list, title="等级清单")


D = dt.date


# --- sum_equals -----------------------------------------------------------------------------------

SUM = {"list": "steps", "field": "amount", "total": "total"}


def steps(*amounts):
    return [Step(amount=None if a is None else Decimal(a)) for a in amounts]


def test_sum_equals_holds_when_the_parts_add_up():
    assert rules.sum_equals(Deal(total=Decimal("300.50"), steps=steps("100.00", "200.50")), SUM, Deal) == []


def test_sum_equals_names_the_difference_when_short():
    deal = Deal(total=Decimal("400"), steps=steps("100.00", "200.50"))
    assert rules.sum_equals(deal, SUM, Deal) == ["各期合计 ¥300.50，而总额为 ¥400.00，相差 ¥99.50"]


def test_sum_equals_names_the_difference_when_over():
    deal = Deal(total=Decimal("300"), steps=steps("100.00", "200.50"))
    assert rules.sum_equals(deal, SUM, Deal) == ["各期合计 ¥300.50，而总额为 ¥300.00，相差 ¥0.50"]


def test_sum_equals_leaves_out_parts_not_given():
    assert rules.sum_equals(Deal(total=Decimal("100"), steps=steps("100", None)), SUM, Deal) == []


def test_sum_equals_of_one_part():
    deal = Deal(total=Decimal("5"), steps=steps("4"))
    assert rules.sum_equals(deal, SUM, Deal) == ["各期合计 ¥4.00，而总额为 ¥5.00，相差 ¥1.00"]


def test_sum_equals_does_not_apply_without_total():
    assert rules.sum_equals(Deal(steps=steps("100")), SUM, Deal) == []


def test_sum_equals_does_not_apply_without_parts():
    assert rules.sum_equals(Deal(total=Decimal("100"), steps=steps(None)), SUM, Deal) == []
    assert rules.sum_equals(Deal(total=Decimal("100")), SUM, Deal) == []


def test_sum_equals_of_a_zero_total():
    deal = Deal(total=Decimal("0"), steps=steps("1"))
    assert rules.sum_equals(deal, SUM, Deal) == ["各期合计 ¥1.00，而总额为 ¥0.00，相差 ¥1.00"]


# --- percents_match -------------------------------------------------------------------------------

PERCENTS = {"list": "steps", "amount": "amount", "percent": "percent", "total": "total"}


def test_percents_match_holds_when_each_amount_is_its_share():
    deal = Deal(total=Decimal("1000"), steps=[Step(amount=Decimal("300.00"), percent=Decimal("30")),
                                              Step(amount=Decimal("700"), percent=Decimal("70"))])
    assert rules.percents_match(deal, PERCENTS, Deal) == []


def test_percents_match_names_the_instalment_counted_from_one():
    deal = Deal(total=Decimal("1000"), steps=[Step(amount=Decimal("300"), percent=Decimal("30")),
                                              Step(amount=Decimal("600"), percent=Decimal("70")),
                                              Step(amount=Decimal("1"), percent=Decimal("12.50"))])
    assert rules.percents_match(deal, PERCENTS, Deal) == [
        "第2期比例 70% 对应 ¥700.00，而金额为 ¥600.00",
        "第3期比例 12.5% 对应 ¥125.00，而金额为 ¥1.00",
    ]


def test_percents_match_rounds_half_up_to_the_fen():
    # 1.00 × 12.5% = 0.125: 0.13 rounded half up (half-even would give 0.12)
    deal = Deal(total=Decimal("1.00"), steps=[Step(amount=Decimal("0.13"), percent=Decimal("12.5"))])
    assert rules.percents_match(deal, PERCENTS, Deal) == []
    deal = Deal(total=Decimal("1.00"), steps=[Step(amount=Decimal("0.12"), percent=Decimal("12.5"))])
    assert rules.percents_match(deal, PERCENTS, Deal) == ["第1期比例 12.5% 对应 ¥0.13，而金额为 ¥0.12"]


def test_percents_match_skips_an_instalment_without_percent():
    deal = Deal(total=Decimal("1000"), steps=[Step(amount=Decimal("1")),
                                              Step(amount=Decimal("2"), percent=Decimal("10"))])
    assert rules.percents_match(deal, PERCENTS, Deal) == ["第2期比例 10% 对应 ¥100.00，而金额为 ¥2.00"]


def test_percents_match_does_not_apply_without_total():
    deal = Deal(steps=[Step(amount=Decimal("1"), percent=Decimal("10"))])
    assert rules.percents_match(deal, PERCENTS, Deal) == []


def test_percents_match_without_a_list():
    assert rules.percents_match(Deal(total=Decimal("1")), PERCENTS, Deal) == []


# --- dates_in_order -------------------------------------------------------------------------------

ORDER = {"dates": ["start", "middle", "end"]}


def test_equal_dates_are_in_order():
    deal = Deal(start=D(2026, 3, 1), middle=D(2026, 3, 1), end=D(2026, 3, 1))
    assert rules.dates_in_order(deal, ORDER, Deal) == []


def test_one_day_early_is_out_of_order():
    deal = Deal(start=D(2026, 3, 1), middle=D(2026, 2, 28), end=D(2026, 3, 2))
    assert rules.dates_in_order(deal, ORDER, Deal) == ["中间日（2026年2月28日）早于开始日（2026年3月1日）"]


def test_dates_in_order_compares_each_neighbour():
    deal = Deal(start=D(2026, 3, 3), middle=D(2026, 3, 2), end=D(2026, 3, 1))
    assert rules.dates_in_order(deal, ORDER, Deal) == [
        "中间日（2026年3月2日）早于开始日（2026年3月3日）",
        "结束日（2026年3月1日）早于中间日（2026年3月2日）",
    ]


def test_dates_in_order_skips_a_date_not_given():
    deal = Deal(start=D(2026, 3, 2), end=D(2026, 3, 1))
    assert rules.dates_in_order(deal, ORDER, Deal) == ["结束日（2026年3月1日）早于开始日（2026年3月2日）"]


def test_dates_in_order_with_one_date():
    assert rules.dates_in_order(Deal(middle=D(2026, 3, 2)), ORDER, Deal) == []


# --- only_for_option ------------------------------------------------------------------------------

ONLY = {"option": "kind", "value": "甲类", "field": "detail"}


def test_only_for_option_refuses_the_field_under_another_option():
    deal = Deal(kind=Kind.B, detail="比例")
    assert rules.only_for_option(deal, ONLY, Deal) == ["说明只适用于“甲类”，而所选为“乙类”"]


def test_only_for_option_wants_the_field_under_its_option():
    assert rules.only_for_option(Deal(kind=Kind.A), ONLY, Deal) == ["选择“甲类”时须填写说明"]


def test_only_for_option_holds_with_the_field_under_its_option():
    assert rules.only_for_option(Deal(kind=Kind.A, detail="比例"), ONLY, Deal) == []


def test_only_for_option_holds_without_the_field_under_another_option():
    assert rules.only_for_option(Deal(kind=Kind.B), ONLY, Deal) == []


def test_only_for_option_with_a_plain_value():
    deal = SimpleNamespace(kind="乙类", detail="x")
    assert rules.only_for_option(deal, ONLY, Deal) == ["说明只适用于“甲类”，而所选为“乙类”"]


# --- sums_to --------------------------------------------------------------------------------------

SHARES = {"fields": ["share_a", "share_b"], "total": 100}


def test_sums_to_holds_at_the_total():
    assert rules.sums_to(Deal(share_a=Decimal("60"), share_b=Decimal("40")), SHARES, Deal) == []


def test_sums_to_names_both_fields_and_the_total():
    deal = Deal(share_a=Decimal("60"), share_b=Decimal("30.5"))
    assert rules.sums_to(deal, SHARES, Deal) == ["甲方份额、乙方份额合计 90.5，应为 100"]


def test_sums_to_over_the_total():
    deal = Deal(share_a=Decimal("60"), share_b=Decimal("41"))
    assert rules.sums_to(deal, SHARES, Deal) == ["甲方份额、乙方份额合计 101，应为 100"]


def test_sums_to_reads_a_fractional_total_as_written():
    # 0.1 + 0.2 = 0.3 exactly when the YAML total 0.3 is read as the decimal it says
    deal = Deal(share_a=Decimal("0.1"), share_b=Decimal("0.2"))
    assert rules.sums_to(deal, {"fields": ["share_a", "share_b"], "total": 0.3}, Deal) == []


def test_sums_to_does_not_apply_when_a_field_is_missing():
    assert rules.sums_to(Deal(share_a=Decimal("60")), SHARES, Deal) == []
    assert rules.sums_to(Deal(share_b=Decimal("60")), SHARES, Deal) == []


# --- substantive ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value, problems", [
    (None, ["说明未填写或为“无”"]),
    ("无", ["说明未填写或为“无”"]),
    ("  ", ["说明未填写或为“无”"]),
    ("待定", ["说明为占位内容“待定”"]),
    ("___", ["说明为占位内容“___”"]),
    ("按实际工作量结算", []),
])
def test_substantive(value, problems):
    assert rules.substantive(Deal(detail=value), {"paths": ["detail"]}, Deal) == problems


def test_substantive_checks_each_element_of_a_list():
    deal = Deal(texts=["响应时间", "待定", "无"])
    assert rules.substantive(deal, {"paths": ["texts.*"]}, Deal) == ["清单为占位内容“待定”", "清单未填写或为“无”"]


def test_substantive_an_empty_list_is_not_given():
    assert rules.substantive(Deal(), {"paths": ["texts.*"]}, Deal) == ["清单未填写或为“无”"]


def test_substantive_checks_every_path():
    deal = Deal(period="待定")
    assert rules.substantive(deal, {"paths": ["detail", "period"]}, Deal) == ["说明未填写或为“无”", "期限为占位内容“待定”"]


# --- required_if ----------------------------------------------------------------------------------

REQUIRED = {"condition": "kind", "paths": ["flag", "detail"]}


def test_required_if_does_not_apply_when_the_condition_fails():
    assert rules.required_if(Deal(flag=False), REQUIRED, Deal, lambda expr: False) == []


def test_required_if_wants_yes_and_a_substantive_value():
    seen = []
    problems = rules.required_if(Deal(flag=False, detail="待定"), REQUIRED, Deal, lambda expr: seen.append(expr) or 1)
    assert problems == ["标志：须为“是”", "说明为占位内容“待定”"]
    assert seen == ["kind"]


def test_required_if_a_missing_flag_is_not_given():
    assert rules.required_if(Deal(), REQUIRED, Deal, lambda expr: True) == ["标志未填写或为“无”", "说明未填写或为“无”"]


def test_required_if_holds():
    assert rules.required_if(Deal(flag=True, detail="按月"), REQUIRED, Deal, lambda expr: True) == []


# --- not_option, absent, contains -----------------------------------------------------------------


def test_not_option_refuses_the_option():
    assert rules.not_option(Deal(kind=Kind.B), {"path": "kind", "value": "乙类"}, Deal) == ["方式为“乙类”"]


def test_not_option_holds_for_another_option_and_none():
    assert rules.not_option(Deal(kind=Kind.A), {"path": "kind", "value": "乙类"}, Deal) == []
    assert rules.not_option(Deal(), {"path": "kind", "value": "乙类"}, Deal) == []


def test_not_option_with_a_plain_value():
    assert rules.not_option(SimpleNamespace(kind="乙类"), {"path": "kind", "value": "乙类"}, Deal) == ["方式为“乙类”"]


ABSENT = {"path": "kind", "conflict": "与违约金重复"}


def test_absent_refuses_a_value_naming_the_conflict():
    assert rules.absent(Deal(kind=Kind.A), ABSENT, Deal) == ["方式为“甲类”，与违约金重复"]
    assert rules.absent(Deal(detail="x"), {"path": "detail", "conflict": "重复"}, Deal) == ["说明为“x”，重复"]


@pytest.mark.parametrize("value", [None, "无", " "])
def test_absent_holds_when_not_given(value):
    assert rules.absent(Deal(detail=value), {"path": "detail", "conflict": "重复"}, Deal) == []


CONTAINS = {"path": "parties.*", "value": "乙方", "label": "乙方责任"}


def test_contains_holds_when_the_list_has_the_value():
    assert rules.contains(Deal(parties=[Party.A, Party.B]), CONTAINS, Deal) == []


def test_contains_names_the_missing_label():
    assert rules.contains(Deal(parties=[Party.A]), CONTAINS, Deal) == ["责任方中没有“乙方责任”"]
    assert rules.contains(Deal(), CONTAINS, Deal) == ["责任方中没有“乙方责任”"]


def test_contains_plain_strings():
    assert rules.contains(Deal(texts=["a", "b"]), {"path": "texts.*", "value": "b", "label": "B"}, Deal) == []


# --- matches --------------------------------------------------------------------------------------

MATCHES = {"path": "detail", "pattern": r"[A-Z]+-\d+", "expected": "备案号"}


def test_matches_holds_for_the_form_around_spaces():
    assert rules.matches(Deal(detail=" AB-12 "), MATCHES, Deal) == []


@pytest.mark.parametrize("value, problems", [
    ("AB-12x", ["说明“AB-12x”不是备案号"]),
    ("xAB-12", ["说明“xAB-12”不是备案号"]),
    (None, ["说明未填写或为“无”"]),
    ("待定", ["说明为占位内容“待定”"]),
])
def test_matches_refuses(value, problems):
    assert rules.matches(Deal(detail=value), MATCHES, Deal) == problems


def test_matches_each_element():
    args = {"path": "texts.*", "pattern": r"\d+", "expected": "数字"}
    assert rules.matches(Deal(texts=["1", "a", "待定"]), args, Deal) == ["清单“a”不是数字", "清单为占位内容“待定”"]
    assert rules.matches(Deal(), args, Deal) == ["清单未填写或为“无”"]


# --- shorter_than ---------------------------------------------------------------------------------

SHORTER = {"path": "minutes", "key": "kind", "limits": {"甲类": 60, "乙类": 30}}


def test_shorter_than_one_under_the_limit_holds():
    assert rules.shorter_than(Deal(minutes=59, kind=Kind.A), SHORTER, Deal) == []
    assert rules.shorter_than(Deal(minutes=29, kind=Kind.B), SHORTER, Deal) == []


def test_shorter_than_exactly_at_the_limit_fails():
    assert rules.shorter_than(Deal(minutes=60, kind=Kind.A), SHORTER, Deal) == ["时限为 1小时，不短于方式“甲类”对应的 1小时"]


def test_shorter_than_one_over_the_limit_fails():
    assert rules.shorter_than(Deal(minutes=31, kind=Kind.B), SHORTER, Deal) == ["时限为 31分钟，不短于方式“乙类”对应的 30分钟"]


def test_shorter_than_does_not_apply_without_value_or_key():
    assert rules.shorter_than(Deal(kind=Kind.A), SHORTER, Deal) == []
    assert rules.shorter_than(Deal(minutes=600), SHORTER, Deal) == []


def test_shorter_than_with_a_plain_key():
    deal = SimpleNamespace(minutes=30, kind="乙类")
    assert rules.shorter_than(deal, SHORTER, Deal) == ["时限为 30分钟，不短于方式“乙类”对应的 30分钟"]


# --- agree ----------------------------------------------------------------------------------------

AGREE = {"paths": ["period", "period_again"]}


@pytest.mark.parametrize("first, second", [("5年", "五年"), ("5", "五年"), ("十年。", "10年"), (" 3年；", "三"),
                                           ("两年", "两年"), ("2年;", "二年."), ("12个月", "十二个月"), ("无", "5年"),
                                           (None, "五年")])
def test_agree_figures_and_numerals_compare_equal(first, second):
    assert rules.agree(Deal(period=first, period_again=second), AGREE, Deal) == []


@pytest.mark.parametrize("first, second", [("5年", "六年"), ("两年", "二年"), ("5年", "5个月"), ("永久年", "永久"),
                                           ("5年内", "五年")])
def test_agree_names_both_values_when_they_differ(first, second):
    assert rules.agree(Deal(period=first, period_again=second), AGREE, Deal) == [
        f"期限为“{first}”、附件期限为“{second}”，前后不一致"]


def test_agree_over_list_elements_and_options():
    deal = Deal(texts=["甲类", "甲类"], kind=Kind.A)
    assert rules.agree(deal, {"paths": ["texts.*", "kind"]}, Deal) == []
    deal = Deal(texts=["甲类", "乙类"], kind=Kind.A)
    assert rules.agree(deal, {"paths": ["texts.*", "kind"]}, Deal) == [
        "清单为“甲类”、清单为“乙类”、方式为“甲类”，前后不一致"]


# --- date_not_after -------------------------------------------------------------------------------

NOT_AFTER = {"path": "end", "base": "start", "plus_years": "years"}


def test_date_not_after_exactly_at_the_limit_holds():
    assert rules.date_not_after(Deal(start=D(2026, 12, 15), end=D(2028, 12, 15), years=2), NOT_AFTER, Deal) == []


def test_date_not_after_one_day_over_fails():
    deal = Deal(start=D(2026, 12, 15), end=D(2028, 12, 16), years=2)
    assert rules.date_not_after(deal, NOT_AFTER, Deal) == ["结束日（2028年12月16日）晚于开始日后2年（2028年12月15日）"]


def test_date_not_after_from_29_february():
    assert rules.date_not_after(Deal(start=D(2024, 2, 29), end=D(2025, 2, 28), years=1), NOT_AFTER, Deal) == []
    deal = Deal(start=D(2024, 2, 29), end=D(2025, 3, 1), years=1)
    assert rules.date_not_after(deal, NOT_AFTER, Deal) == ["结束日（2025年3月1日）晚于开始日后1年（2025年2月28日）"]
    assert rules.date_not_after(Deal(start=D(2024, 2, 29), end=D(2028, 2, 29), years=4), NOT_AFTER, Deal) == []


def test_date_not_after_zero_years():
    deal = Deal(start=D(2026, 1, 1), end=D(2026, 1, 2), years=0)
    assert rules.date_not_after(deal, NOT_AFTER, Deal) == ["结束日（2026年1月2日）晚于开始日后0年（2026年1月1日）"]


@pytest.mark.parametrize("deal", [Deal(start=D(2026, 1, 1), years=1), Deal(end=D(2030, 1, 1), years=1),
                                  Deal(start=D(2026, 1, 1), end=D(2030, 1, 1))])
def test_date_not_after_does_not_apply_without_all_three(deal):
    assert rules.date_not_after(deal, NOT_AFTER, Deal) == []


# --- the kinds, their arguments and their paths ---------------------------------------------------


def test_kinds_and_their_arguments():
    assert {kind: (function.__name__, args) for kind, (function, args) in rules.KINDS.items()} == {
        "sum_equals": ("sum_equals", {"list", "field", "total"}),
        "percents_match": ("percents_match", {"list", "amount", "percent", "total"}),
        "dates_in_order": ("dates_in_order", {"dates"}),
        "only_for_option": ("only_for_option", {"option", "value", "field"}),
        "sums_to": ("sums_to", {"fields", "total"}),
        "substantive": ("substantive", {"paths"}),
        "required_if": ("required_if", {"condition", "paths"}),
        "not_option": ("not_option", {"path", "value"}),
        "absent": ("absent", {"path", "conflict"}),
        "contains": ("contains", {"path", "value", "label"}),
        "matches": ("matches", {"path", "pattern", "expected"}),
        "mentions": ("mentions", {"path", "words", "conflict"}),
        "named_in": ("named_in", {"path", "in", "conflict"}),
        "shorter_than": ("shorter_than", {"path", "key", "limits"}),
        "agree": ("agree", {"paths"}),
        "date_not_after": ("date_not_after", {"path", "base", "plus_years"}),
        "not_above": ("not_above", {"path", "limit", "label"}),
        "listed_as": ("listed_as", {"list", "field", "values", "name", "conflict"}),
    }
    assert all(function is getattr(rules, name) for name, (function, _) in rules.KINDS.items())
    assert rules.OPTIONAL_ARGS == {"mentions": {"except", "each_use", "whole"}}


def rule(kind, args, when=None, mandatory_when=None):
    return RuleSpec(id="r", name="规则", english="rule", citation="", kind=kind, args=args, advice="",
                    when=when, mandatory_when=mandatory_when)


PATHS = [
    ("sum_equals", SUM, ["total", "steps", "steps.*.amount"]),
    ("percents_match", PERCENTS, ["total", "steps", "steps.*.amount", "steps.*.percent"]),
    ("dates_in_order", ORDER, ["start", "middle", "end"]),
    ("only_for_option", ONLY, ["kind", "detail"]),
    ("sums_to", SHARES, ["share_a", "share_b"]),
    ("substantive", {"paths": ["detail", "texts.*"]}, ["detail", "texts.*"]),
    ("required_if", REQUIRED, ["flag", "detail"]),
    ("not_option", {"path": "kind", "value": "甲类"}, ["kind"]),
    ("matches", MATCHES, ["detail"]),
    ("absent", ABSENT, ["kind"]),
    ("mentions", {"path": "texts.*", "words": ["算力"], "conflict": "x"}, ["texts.*"]),
    ("mentions", {"path": "texts.*", "words": ["算力"], "conflict": "x", "except": ["开发费"]}, ["texts.*"]),
    ("named_in", {"path": "detail", "in": ["period", "texts.*"], "conflict": "x"}, ["detail", "period", "texts.*"]),
    ("contains", CONTAINS, ["parties.*"]),
    ("shorter_than", SHORTER, ["minutes", "kind"]),
    ("agree", AGREE, ["period", "period_again"]),
    ("date_not_after", NOT_AFTER, ["end", "start", "years"]),
    ("not_above", {"path": "share_a", "limit": "steps.0.amount", "label": "第一期金额"}, ["share_a", "steps.0.amount"]),
]


@pytest.mark.parametrize("kind, args, paths", PATHS, ids=[p[0] for p in PATHS])
def test_paths_of_each_kind(kind, args, paths):
    assert rules.paths_of(rule(kind, args)) == paths


FAMILY = SimpleNamespace(model=Deal, text=TextEngine(trusted=False))


@pytest.mark.parametrize("kind, args, paths", PATHS, ids=[p[0] for p in PATHS])
def test_check_rule_spec_accepts_each_kind(kind, args, paths):
    assert rules.check_rule_spec(rule(kind, args), FAMILY) is None


def test_check_rule_spec_refuses_an_unknown_kind_listing_the_known():
    with pytest.raises(ValueError, match=re.escape(
            "unknown kind 'at_most'; known: absent, agree, contains, date_not_after, dates_in_order, listed_as, matches, "
            "mentions, named_in, not_above, not_option, only_for_option, percents_match, required_if, shorter_than, "
            "substantive, sum_equals, sums_to")):
        rules.check_rule_spec(rule("at_most", {}), FAMILY)


@pytest.mark.parametrize("args", [{"fields": ["share_a", "share_b"]},
                                  {"fields": ["share_a", "share_b"], "total": 100, "extra": 1},
                                  {"fields": ["share_a", "share_b"], "total": 100, "except": ["x"]}])
def test_check_rule_spec_refuses_other_arguments(args):
    with pytest.raises(ValueError, match=re.escape(f"kind sums_to takes args ['fields', 'total'], got {sorted(args)}")):
        rules.check_rule_spec(rule("sums_to", args), FAMILY)


@pytest.mark.parametrize("args", [{"path": "texts.*", "words": ["算力"]},
                                  {"path": "texts.*", "words": ["算力"], "conflict": "x", "other": 1}])
def test_check_rule_spec_mentions_refuses_other_arguments(args):
    with pytest.raises(ValueError, match=re.escape(
            f"kind mentions takes args ['conflict', 'path', 'words'], got {sorted(args)}")):
        rules.check_rule_spec(rule("mentions", args), FAMILY)


@pytest.mark.parametrize("kind, args, bad", [
    ("sum_equals", {"list": "steps", "field": "amont", "total": "total"}, "amont"),
    ("percents_match", {"list": "steps", "amount": "amount", "percent": "pct", "total": "total"}, "pct"),
    ("dates_in_order", {"dates": ["start", "finish"]}, "finish"),
    ("only_for_option", {"option": "kind", "value": "甲类", "field": "details"}, "details"),
    ("sums_to", {"fields": ["share_a", "share_c"], "total": 100}, "share_c"),
    ("contains", {"path": "partys.*", "value": "乙方", "label": "x"}, "partys"),
    ("shorter_than", {"path": "minutes", "key": "kinds", "limits": {}}, "kinds"),
    ("date_not_after", {"path": "end", "base": "start", "plus_years": "year"}, "year"),
    ("agree", {"paths": ["period", "periods"]}, "periods"),
    ("named_in", {"path": "detail", "in": ["period", "textz.*"], "conflict": "x"}, "textz"),
    ("mentions", {"path": "textz.*", "words": ["a"], "conflict": "x"}, "textz"),
])
def test_check_rule_spec_refuses_an_unknown_path(kind, args, bad):
    with pytest.raises(KeyError, match=bad):
        rules.check_rule_spec(rule(kind, args), FAMILY)


@pytest.mark.parametrize("where", ["when", "mandatory_when"])
def test_check_rule_spec_compiles_the_conditions(where):
    with pytest.raises(TemplateSyntaxError, match="unexpected"):
        rules.check_rule_spec(rule("substantive", {"paths": ["detail"]}, **{where: "kind =="}), FAMILY)


def test_check_rule_spec_compiles_required_if_condition():
    with pytest.raises(TemplateSyntaxError, match="unexpected"):
        rules.check_rule_spec(rule("required_if", {"condition": "kind ==", "paths": ["detail"]}), FAMILY)


def test_check_rule_spec_compiles_the_pattern():
    with pytest.raises(re.error, match="missing \\)"):
        rules.check_rule_spec(rule("matches", {"path": "detail", "pattern": "(a", "expected": "x"}), FAMILY)


@pytest.mark.parametrize("limits", [{"甲类": 60}, {"甲类": 60, "乙类": 30, "丙类": 10}])
def test_check_rule_spec_wants_a_limit_for_exactly_each_option(limits):
    with pytest.raises(ValueError, match=re.escape("limits must name exactly the options of kind: ['乙类', '甲类']")):
        rules.check_rule_spec(rule("shorter_than", {"path": "minutes", "key": "kind", "limits": limits}), FAMILY)


def test_check_rule_spec_shorter_than_needs_an_option_key():
    with pytest.raises(ValueError, match=re.escape("limits must name exactly the options of minutes: []")):
        rules.check_rule_spec(rule("shorter_than", {"path": "detail", "key": "minutes", "limits": {"x": 1}}), FAMILY)


# --- run_rule -------------------------------------------------------------------------------------


def context(deal):
    return {name: getattr(deal, name) for name in type(deal).model_fields}


def test_run_rule_does_not_apply_when_its_condition_fails():
    deal = Deal(kind=Kind.B)
    assert rules.run_rule(rule("substantive", {"paths": ["detail"]}, when="kind == '甲类'"), deal, FAMILY,
                          context(deal)) is None


def test_run_rule_applies_when_its_condition_holds():
    deal = Deal(kind=Kind.A)
    assert rules.run_rule(rule("substantive", {"paths": ["detail"]}, when="kind == '甲类'"), deal, FAMILY,
                          context(deal)) == ["说明未填写或为“无”"]


def test_run_rule_without_condition():
    deal = Deal(detail="按月")
    assert rules.run_rule(rule("substantive", {"paths": ["detail"]}), deal, FAMILY, context(deal)) == []


def test_run_rule_required_if_evaluates_its_condition_over_the_context():
    r = rule("required_if", {"condition": "kind == '甲类'", "paths": ["detail"]})
    deal = Deal(kind=Kind.A)
    assert rules.run_rule(r, deal, FAMILY, context(deal)) == ["说明未填写或为“无”"]
    deal = Deal(kind=Kind.B)
    assert rules.run_rule(r, deal, FAMILY, context(deal)) == []


# --- options that are plain enums (not str) are compared by their value ----------------------------

LEVEL_ONLY = {"option": "level", "value": "高", "field": "detail"}


def test_only_for_option_compares_a_plain_enum_by_value():
    assert rules.only_for_option(Deal(level=Level.HIGH), LEVEL_ONLY, Deal) == ["选择“高”时须填写说明"]
    assert rules.only_for_option(Deal(level=Level.HIGH, detail="x"), LEVEL_ONLY, Deal) == []
    assert rules.only_for_option(Deal(level=Level.LOW, detail="x"), LEVEL_ONLY, Deal) == ["说明只适用于“高”，而所选为“低”"]


def test_only_for_option_a_plain_value_equal_to_the_option():
    assert rules.only_for_option(SimpleNamespace(kind="甲类", detail=None), ONLY, Deal) == ["选择“甲类”时须填写说明"]


def test_not_option_compares_a_plain_enum_by_value():
    assert rules.not_option(Deal(level=Level.HIGH), {"path": "level", "value": "高"}, Deal) == ["等级为“高”"]
    assert rules.not_option(Deal(level=Level.LOW), {"path": "level", "value": "高"}, Deal) == []


def test_contains_compares_plain_enums_by_value():
    args = {"path": "levels.*", "value": "高", "label": "高等级"}
    assert rules.contains(Deal(levels=[Level.LOW, Level.HIGH]), args, Deal) == []
    assert rules.contains(Deal(levels=[Level.LOW]), args, Deal) == ["等级清单中没有“高等级”"]


def test_agree_keeps_a_trailing_letter():
    assert rules.agree(Deal(period="型号X", period_again="型号"), AGREE, Deal) == ["期限为“型号X”、附件期限为“型号”，前后不一致"]


# --- mentions, named_in, and how values are quoted ------------------------------------------------

MENTIONS = {"path": "texts.*", "words": ["算力", "GPU"], "conflict": "甲方已提供算力"}


def test_mentions_names_each_text_and_the_first_word_it_holds():
    deal = Deal(texts=["人员费", "GPU算力租赁费", "算力调度软件"])
    assert rules.mentions(deal, MENTIONS, Deal) == ["清单“GPU算力租赁费”含“算力”，甲方已提供算力",
                                                    "清单“算力调度软件”含“算力”，甲方已提供算力"]


def test_mentions_holds_when_no_text_names_a_word():
    assert rules.mentions(Deal(texts=["人员费", "差旅费"]), MENTIONS, Deal) == []
    assert rules.mentions(Deal(), MENTIONS, Deal) == []


def test_mentions_except_words():
    args = {**MENTIONS, "except": ["开发费", "调度"]}
    deal = Deal(texts=["算力调度软件", "算力开发费", "GPU租赁"])
    assert rules.mentions(deal, args, Deal) == ["清单“GPU租赁”含“GPU”，甲方已提供算力"]


def test_mentions_each_use_must_be_excused():
    """each_use: every use of a word must lie inside an except phrase; one excused use beside an
    unexcused one does not excuse the text (review48: 份额 in 第10条)."""
    args = {"path": "texts.*", "words": ["份额"], "conflict": "x", "except": ["不分份额", "份额分担"], "each_use": True}
    deal = Deal(texts=["不分份额", "按均等份额分担", "不分份额，乙方的份额归甲方", "份额分担，份额归甲方", "份额"])
    assert rules.mentions(deal, args, Deal) == ["清单“不分份额，乙方的份额归甲方”含“份额”，x", "清单“份额分担，份额归甲方”含“份额”，x",
                                                "清单“份额”含“份额”，x"]
    assert rules._uncovered("分份额额", "份额", ["分份额"]) is False and rules._uncovered("份额分份额", "份额", ["分份额"]) is True


def test_mentions_an_option_by_its_value():
    args = {"path": "levels.*", "words": ["高"], "conflict": "x"}
    assert rules.mentions(Deal(levels=[Level.LOW, Level.HIGH]), args, Deal) == ["等级清单“高”含“高”，x"]


NAMED = {"path": "detail", "in": ["period", "texts.*"], "conflict": "数据存储地点应写明"}


def test_named_in_holds_when_a_text_names_the_value():
    assert rules.named_in(Deal(detail=" 政务云 ", texts=["存于市政务云平台"]), NAMED, Deal) == []
    assert rules.named_in(Deal(detail="政务云", period="政务云机房"), NAMED, Deal) == []


def test_named_in_names_the_value_and_where_it_is_missing():
    deal = Deal(detail="阿里云", period="政务云", texts=["本地机房", "无"])
    assert rules.named_in(deal, NAMED, Deal) == ["说明“阿里云”不见于期限、清单，数据存储地点应写明"]


def test_named_in_ignores_texts_that_say_wu():
    deal = Deal(detail="无", texts=["本地机房"])
    assert rules.named_in(deal, NAMED, Deal) == []
    assert rules.named_in(Deal(detail="无锡"), {**NAMED, "in": ["period"]}, Deal) == [
        "说明“无锡”不见于期限，数据存储地点应写明"]
    assert rules.named_in(Deal(detail="无", period="无"), NAMED, Deal) == []


def test_named_in_unused_texts_do_not_count():
    # "无" as the place list names nothing, even for a value that is a part of "无"
    assert rules.named_in(Deal(detail="X", period="无", texts=[" "]), NAMED, Deal) == [
        "说明“X”不见于期限、清单，数据存储地点应写明"]


def test_named_in_an_option_by_its_value():
    args = {"path": "level", "in": ["texts.*"], "conflict": "x"}
    assert rules.named_in(Deal(level=Level.HIGH, texts=["高等级"]), args, Deal) == []
    assert rules.named_in(Deal(level=Level.HIGH, texts=["低"]), args, Deal) == ["等级“高”不见于清单，x"]
    assert rules.named_in(Deal(texts=["低"]), args, Deal) == []


def test_named_in_options_among_the_texts_by_their_value():
    args = {"path": "detail", "in": ["levels.*"], "conflict": "x"}
    assert rules.named_in(Deal(detail="高", levels=[Level.LOW, Level.HIGH]), args, Deal) == []
    assert rules.named_in(Deal(detail="中", levels=[Level.LOW, Level.HIGH]), args, Deal) == ["说明“中”不见于等级清单，x"]


def test_not_option_and_absent_quote_yes_and_no():
    assert rules.not_option(Deal(flag=True), {"path": "flag", "value": True}, Deal) == ["标志为“是”"]
    assert rules.not_option(Deal(flag=False), {"path": "flag", "value": False}, Deal) == ["标志为“否”"]
    assert rules.absent(Deal(flag=True), {"path": "flag", "conflict": "c"}, Deal) == ["标志为“是”，c"]
    assert rules.absent(Deal(flag=False), {"path": "flag", "conflict": "c"}, Deal) == ["标志为“否”，c"]
    assert rules.absent(Deal(level=Level.LOW), {"path": "level", "conflict": "c"}, Deal) == ["等级为“低”，c"]


def test_shown():
    assert rules._shown(True) == "是"
    assert rules._shown(False) == "否"
    assert rules._shown(Level.LOW) == "低"
    assert rules._shown(Kind.A) == "甲类"
    assert rules._shown(Decimal("1.50")) == "1.50"
    assert rules._shown(None) == "None"


# --- not_above, and paths that pick one element of a list ------------------------------------------

ABOVE = {"path": "total", "limit": "steps.0.amount", "label": "第一期金额"}


def test_not_above_holds_at_the_limit():
    assert rules.not_above(Deal(total=Decimal("500"), steps=steps("500", "900")), ABOVE, Deal) == []


def test_not_above_names_both_amounts_when_over():
    assert rules.not_above(Deal(total=Decimal("500.01"), steps=steps("500", "900")), ABOVE, Deal) == [
        "总额（¥500.01）大于第一期金额（¥500.00）"]


def test_not_above_reads_the_first_element_only():
    assert rules.not_above(Deal(total=Decimal("600"), steps=steps("500", "900")), ABOVE, Deal) == [
        "总额（¥600.00）大于第一期金额（¥500.00）"]
    assert rules.not_above(Deal(total=Decimal("600"), steps=steps("900", "500")), ABOVE, Deal) == []


def test_not_above_does_not_apply_without_either_amount():
    assert rules.not_above(Deal(steps=steps("500")), ABOVE, Deal) == []
    assert rules.not_above(Deal(total=Decimal("600")), ABOVE, Deal) == []
    assert rules.not_above(Deal(total=Decimal("600"), steps=[]), ABOVE, Deal) == []
    assert rules.not_above(Deal(total=Decimal("600"), steps=steps(None)), ABOVE, Deal) == []


def test_a_number_in_a_path_picks_that_element():
    deal = Deal(steps=steps("1", "2", "3"))
    assert values_at(deal, "steps.1.amount") == [Decimal("2")]
    assert values_at(deal, "steps.3.amount") == []
    assert values_at(Deal(), "steps.0.amount") == []
    assert resolve_wild(Deal, "steps.0.amount") == resolve_wild(Deal, "steps.*.amount")
    assert title_of(Deal, "steps.0.amount") == "各期 › 金额"


def test_a_list_is_unused_only_when_every_element_is():
    assert is_unused(["", "无", None]) is True
    assert is_unused(["", "合同"]) is False
    assert is_unused([]) is True


@pytest.mark.parametrize("args, error, message", [
    ({"path": "total", "limit": "total.0", "label": "x"}, KeyError, "0 (not a list)"),
    ({"path": "total", "limit": "steps.0", "label": "x"}, ValueError, "limit steps.0 is not an amount"),
    ({"path": "detail", "limit": "steps.0.amount", "label": "x"}, ValueError, "path detail is not an amount"),
])
def test_check_rule_spec_refuses_not_above_on_what_is_not_an_amount(args, error, message):
    with pytest.raises(error, match=re.escape(message)):
        rules.check_rule_spec(rule("not_above", args), FAMILY)
