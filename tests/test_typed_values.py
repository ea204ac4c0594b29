"""One reading of typed values everywhere: dates, amounts, percentages and 是/否 as people
write them are accepted alike in answers files, spreadsheets, CSV and the questionnaire, and
refused alike with the forms that are accepted."""

import csv
import datetime as dt
from decimal import Decimal

import pytest
from click.testing import CliRunner

from aicontract.cli import main
from aicontract.io.deal_file import deal_from_data
from aicontract.io.sheet import Sheet, layout
from aicontract.models import CooperationDeal
from aicontract.models.typed import parse_amount, parse_bool, parse_date, parse_percent
from aicontract.questionnaire.interview import AnswerError, Interview

from helpers import example_data, merge


@pytest.mark.parametrize("text, expected", [
    ("2026-01-05", dt.date(2026, 1, 5)), ("2026/1/5", dt.date(2026, 1, 5)), ("2026.1.5", dt.date(2026, 1, 5)),
    ("2026年1月5日", dt.date(2026, 1, 5)), (" 2026 年 1 月 5 日 ", dt.date(2026, 1, 5)),
    ("2026-01-05 00:00:00", dt.date(2026, 1, 5)), (dt.datetime(2026, 1, 5, 0, 0), dt.date(2026, 1, 5)),
    ("2026年12月31号", dt.date(2026, 12, 31)),  # walkthrough L2: 号 as people say it
])
def test_dates_as_written(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, message", [
    ("2026-02-30", "日期不存在：2026-02-30 / no such date"),
    ("5/1/2026", "日期格式不正确，可写作 2026-01-05、2026/1/5、2026.1.5、2026年1月5日 / not a date; write e.g. 2026-01-05"),
    ("2026-01-05 14:30", "日期格式不正确"),
])
def test_dates_refused_naming_the_forms(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


@pytest.mark.parametrize("text, expected", [
    ("1860000", "1860000"), ("1,860,000.00", "1860000.00"), ("¥1,860,000", "1860000"), ("￥1860000.5", "1860000.5"),
    ("186万元", "1860000"), ("186.5万", "1865000.0"), ("壹佰捌拾陆万元整", "1860000"), ("人民币1860000元", "1860000"),
    ("壹佰捌拾陆万元整（¥1,860,000.00）", "1860000"), ("1,860,000元（大写：壹佰捌拾陆万元整）", "1860000"),
    ("558000.10", "558000.10"), (558000.10, "558000.1"), ("贰角", "0.2"),
])
def test_amounts_exact(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal) and value == Decimal(expected)


@pytest.mark.parametrize("text, message", [
    ("一百万", "金额格式不正确"), ("12,34", "金额格式不正确"), ("1,860,000,00", "金额格式不正确"),
    ("壹佰元整（¥200）", "大写与小写金额不一致：100.00 ≠ 200.00"),
])
def test_amounts_refused(text, message):
    with pytest.raises(ValueError, match=message):
        parse_amount(text)


def test_percentages_and_yes_no():
    assert parse_percent("30%") == Decimal("30") and parse_percent("12.5％") == Decimal("12.5") and parse_percent("30") == 30
    assert [parse_bool(v) for v in ("是", "Y", "yes", "TRUE", "1", "否", "n", "FALSE", "0")] == [True] * 5 + [False] * 4
    with pytest.raises(ValueError, match="请填写 是/否、Y/N、TRUE/FALSE"):
        parse_bool("maybe")


TYPED = {"term": {"start": "2026/1/5", "end": "2026年12月31日"},
         "funding": {"total": "186万元", "instalments": [
             {"amount": "¥558,000.00", "percent": "30%"}, {"amount": "930,000.00", "percent": "50%"},
             {"amount": "叁拾柒万贰仟元整", "percent": "20"}]}}


def test_an_answers_file_takes_values_as_typed():
    base = example_data()
    typed = merge(base, {"term": TYPED["term"], "funding": {"total": TYPED["funding"]["total"]}})
    for written, instalment in zip(TYPED["funding"]["instalments"], typed["funding"]["instalments"]):
        instalment.update(written)
    deal = deal_from_data(typed)
    assert deal.term.start == dt.date(2026, 1, 5) and deal.term.end == dt.date(2026, 12, 31)
    assert deal.funding.total == Decimal("1860000")
    assert [i.amount for i in deal.funding.instalments] == [Decimal("558000.00"), Decimal("930000.00"), Decimal("372000")]


def test_a_csv_saved_by_excel_with_formatted_amounts_is_read(tmp_path):
    """Excel writes amount cells as the template formats them (1,860,000.00) and dates as typed."""
    columns, _ = layout(CooperationDeal)
    flat = {"funding.total": "1,860,000.00", "term.start": "2026/1/5"}
    keys = [c.key for c in columns]
    with open(tmp_path / "deals.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.title for c in columns])
        writer.writerow(keys)
        writer.writerow([flat.get(k, "") for k in keys])
    (row,) = list(Sheet(tmp_path / "deals.csv", CooperationDeal))
    assert row.data["funding"]["total"] == "1,860,000.00" and row.data["term"]["start"] == "2026/1/5"
    deal = deal_from_data(merge(example_data(), row.data))
    assert deal.funding.total == Decimal("1860000") and deal.term.start == dt.date(2026, 1, 5)


def test_the_questionnaire_reads_the_same_forms():
    interview = Interview(CooperationDeal, "cooperation")
    question = interview.next()
    while question.kind != "date":
        interview.answer("无" if question.kind == "text" else "")
        question = interview.next()
    interview.answer("2026年1月5日")
    assert interview._get(question.path) == dt.date(2026, 1, 5)
    question = interview.next()
    with pytest.raises(AnswerError, match="日期格式不正确，可写作 2026-01-05、2026/1/5"):
        interview.answer("明天")


def test_the_cli_drafts_a_deal_with_typed_values(tmp_path):
    from aicontract.io.deal_file import dump_yaml
    data = merge(example_data(), {"term": TYPED["term"], "funding": {"total": "壹佰捌拾陆万元整（¥1,860,000.00）"}})
    (tmp_path / "deal.yaml").write_text(dump_yaml(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", str(tmp_path / "deal.yaml"), "-o", str(tmp_path / "c.md")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "c.md").read_text(encoding="utf-8")
    assert "2026年1月5日" in text and "壹佰捌拾陆万元整（小写：¥1,860,000.00）" in text


@pytest.mark.parametrize("phone, ok", [
    ("0519-88068253", True), ("010-12345678", True), ("18861117216", True), ("88068253", True),
    ("+86 519 88068253", True), ("0519-88068253转801", True), ("无", True),
    ("0519-8806", False), ("12345", False), ("电话", False),
])
def test_a_phone_number_someone_can_dial(phone, ok):
    """Walkthrough L3: 0519-8806 (an area code and four digits) was accepted."""
    from aicontract.models.common import _phone

    if ok:
        assert _phone(phone) == phone
    else:
        with pytest.raises(ValueError, match="电话号码格式不正确"):
            _phone(phone)


def test_a_number_out_of_range_says_the_limit_in_both_languages():
    """Walkthrough L4: “数值超出允许范围 / Input should be greater than or equal to 6” (pydantic's English)."""
    from aicontract.io.deal_file import DealError, deal_from_data

    from helpers import example_data, merge

    with pytest.raises(DealError) as err:
        deal_from_data(merge(example_data(), {"ai": {"log_months": 3}, "funding": {"total": "1.234"}}))
    messages = [p.message for p in err.value.problems]
    assert "应不小于 6，填写的是 3 / must be at least 6, not 3" in messages  # the value read, too (clerk recheck N9)
    assert "最多 2 位小数 / at most 2 decimal places" in messages


def test_a_value_that_is_no_amount_or_percentage_is_quoted():
    """A GBK CSV turns ¥ into ?: the message said the format was wrong but not what it had read (clerk walkthrough L18)."""
    from aicontract.models.typed import parse_amount, parse_percent

    with pytest.raises(ValueError, match="^金额格式不正确：“\\?1,860,000”，可写作 "):
        parse_amount("?1,860,000")
    with pytest.raises(ValueError, match="^百分比格式不正确：“三十”，可写作 "):
        parse_percent(" 三十 ")
    with pytest.raises(ValueError, match=f"^金额格式不正确：“{'9' * 40}…”，可写作 "):
        parse_amount("9" * 39 + "9x" * 30)
