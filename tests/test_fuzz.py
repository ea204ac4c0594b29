"""A fuzz harness over the public entry points — deal files (YAML/JSON), sheets (CSV), received
contracts (.txt/.docx) — asserting no crash (only aicontract's own errors), no hang (a deadline
per case) and bounded memory (an address-space cap while it runs).

CI runs a small budget; a larger one by hand:  AICONTRACT_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py
"""

import io
import os
import resource

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aicontract import AicontractError, draft, load_deal, render_text
from aicontract.io.sheet import Sheet
from aicontract.models import DEAL_MODELS
from aicontract.review import review

from helpers import EXAMPLES

EXAMPLES_N = int(os.environ.get("AICONTRACT_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES_N, deadline=5000, derandomize=not os.environ.get("AICONTRACT_FUZZ_EXAMPLES"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
MEMORY_CAP = 6 * 1024**3


@pytest.fixture(autouse=True)
def bounded_memory():
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


EXAMPLE = (EXAMPLES / "cooperation.yaml").read_bytes()


@st.composite
def damaged(draw, original: bytes):
    """The example with a few bytes changed, cut, or repeated."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at: at + draw(st.integers(1, 400))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        else:
            data[at:at] = data[at: at + draw(st.integers(1, 80))] * draw(st.integers(2, 50))
        if not data:
            break
    return bytes(data)


YAMLISH = st.text(alphabet=st.sampled_from(list("family: cooperation-[]{}\n\t\"'#&*!|>%@`0123456789.甲乙方：、")),
                  max_size=300)


@FUZZ
@given(st.one_of(damaged(EXAMPLE), YAMLISH.map(str.encode), st.binary(max_size=500)),
       st.sampled_from([".yaml", ".json"]))
def test_any_deal_file_drafts_or_is_refused(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("deal") / f"deal{suffix}"
    path.write_bytes(data)
    try:
        deal = load_deal(path)
        contract, _ = draft(deal, allow_incomplete=True)
        assert render_text(contract)
    except AicontractError as exc:
        assert str(exc)


CSV_TEXT = st.lists(st.lists(st.text(max_size=30), max_size=8), max_size=8)


@FUZZ
@given(CSV_TEXT, st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_any_csv_reads_or_is_refused(tmp_path_factory, rows, encoding):
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows([["合同编号"], ["contract_no"], *rows])
    path = tmp_path_factory.mktemp("sheet") / "deals.csv"
    try:
        path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    except UnicodeEncodeError:
        return
    try:
        for row in Sheet(path, DEAL_MODELS["cooperation"]):
            assert row.number >= 3
    except AicontractError as exc:
        assert str(exc)


CONTRACT_TEXT = st.lists(st.one_of(
    st.text(max_size=200),
    st.sampled_from(["第一条 合作内容", "1.1 项目", "（一）数据", "附件一：", "合同总额为壹佰万元整（¥1,000,000.00元）",
                     "于____年____月____日前交付", "第九十九条", "【】", "□ 是 □ 否", "知识产权归甲方所有"]),
    st.text(alphabet="0123456789,.元¥壹贰叁万仟佰拾整", min_size=1000, max_size=20000),
), max_size=40)


@FUZZ
@given(CONTRACT_TEXT, st.sampled_from([".txt", ".docx"]))
def test_any_received_contract_is_reviewed_or_refused(tmp_path_factory, paragraphs, suffix):
    path = tmp_path_factory.mktemp("review") / f"contract{suffix}"
    if suffix == ".txt":
        path.write_bytes("\n".join(paragraphs).encode("utf-8", errors="replace"))
    else:
        document = docx.Document()
        for text in paragraphs:
            try:
                document.add_paragraph(text)
            except ValueError:  # XML-incompatible characters: python-docx refuses them itself
                continue
        document.save(str(path))
    try:
        result = review(path)
        assert len(result.items) == 16
    except AicontractError as exc:
        assert str(exc)
