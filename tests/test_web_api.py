"""The JSON API of ``aicontract serve``, against a real server on a free localhost port: every
endpoint with good and bad input, the CLI's messages, oversized uploads, the access token, the
Host check, and private temporary folders that are gone after each response."""

import copy
import http.client
import io
import json
import time
import urllib.error
import urllib.request
import uuid
import zipfile

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from web_server import server

from aicontract.cli import main
from aicontract.io.deal_file import dump_yaml, parse_text
from aicontract.io.sheet_template import write_template
from aicontract.models import DEAL_MODELS
from aicontract.web.forms import plain

from helpers import EXAMPLES, example_data

TOKEN = "s3cret-token-for-the-tests-0123"
BAD_EMAIL = "  - 第16行 line 16: party_b.email（乙方（承建方） › 邮箱）: 电子邮箱格式不正确（例：name@example.cn） / not an e-mail address"


def call(base, method, path, body=None, headers=None):
    """(status, headers, body bytes) of one request; error statuses are answers too."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = dict(headers or {})
    if body is not None and not isinstance(body, bytes):
        headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def multipart(fields: dict, files: list[tuple[str, str, bytes]]) -> tuple[bytes, dict]:
    boundary = "----aicontract" + uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    for name, filename, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode("utf-8") + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("server-tmp")


@pytest.fixture(scope="module")
def base(tmp):
    with server(tmp) as url:
        yield url


def example_json():
    return {"family": "cooperation", **plain({k: v for k, v in example_data().items() if k != "family"})}


def finished_job(base, body, headers) -> dict:
    """A batch run started through /api/v1/batch/jobs, polled until it is no longer running (three minutes at most)."""
    status, _, answer = call(base, "POST", "/api/v1/batch/jobs", body, headers)
    assert status == 202
    job = json.loads(answer)
    deadline = time.monotonic() + 180
    while job["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.3)
        job = json.loads(call(base, "GET", f"/api/v1/batch/jobs/{job['id']}")[2])
    return job


def leftovers(tmp):
    return sorted(p.name for p in tmp.iterdir() if p.name.startswith("aicontract-"))


# --- families, schema, form, example -------------------------------------------------------------


def test_families(base):
    status, _, body = call(base, "GET", "/api/v1/families")
    assert status == 200
    assert [(f["id"], f["title"], f["example"]) for f in json.loads(body)] == [
        ("cooperation", "项目合作合同（指南 附录二）", True),
        ("data_processing", "数据处理协议（指南 第三十五条）", True),
        ("tech_development", "技术开发（委托）合同（科学技术部示范文本）", True),  # examples/tech_development_ai.yaml
    ]
    status, _, body = call(base, "GET", "/api/v1/families/tech_development/example")
    assert status == 200 and "市场监管投诉举报智能分析模型研发" in body.decode("utf-8")


def test_schema_is_the_model_and_unknown_family_is_refused(base):
    status, _, body = call(base, "GET", "/api/v1/families/cooperation/schema")
    assert status == 200 and json.loads(body) == json.loads(json.dumps(DEAL_MODELS["cooperation"].model_json_schema()))
    status, _, body = call(base, "GET", "/api/v1/families/lease/schema")
    assert status == 422 and json.loads(body)["detail"][0]["loc"] == ["path", "family"]


def test_form_is_derived_from_the_model(base):
    status, _, body = call(base, "GET", "/api/v1/families/cooperation/form")
    form = json.loads(body)
    assert status == 200
    assert [s["title"] for s in form["steps"]][:4] == ["合同编号", "甲方（建设方）", "乙方（承建方）", "项目与模型"]
    dispute = next(f for f in form["fields"] if f["name"] == "dispute")
    route, commission = dispute["fields"][0], dispute["fields"][1]
    assert [c["value"] for c in route["choices"]] == ["仲裁", "诉讼"]
    assert (commission["title"], commission["ask_when"], commission["help"]) == (
        "仲裁委员会", "route == '仲裁'", "仅选择仲裁时填写，例：北京仲裁委员会")
    ownership = next(f for f in form["fields"] if f["name"] == "ip")["fields"][0]
    assert ownership["choices"][2]["value"] == "双方按比例共有"
    assert ownership["choices"][2]["explain"].startswith("双方按比例共有：")


def test_example(base):
    status, _, body = call(base, "GET", "/api/v1/families/cooperation/example")
    data = json.loads(body)
    assert status == 200
    assert (data["funding"]["total"], data["term"]["start"], data["dispute"]["commission"]) == (
        "1860000.00", "2026-01-05", "江州仲裁委员会")
    assert call(base, "GET", "/api/v1/families/no_such_family/example")[0] == 422


def test_sheet_template(base):
    status, headers, body = call(base, "GET", "/api/v1/families/cooperation/sheet-template")
    assert status == 200 and headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(body))["合同"]
    assert sheet["A2"].value == "contract_no"
    assert sheet["A3"].value == "示例-JZ-ZWAI-2026-001"


# --- validate, check, draft --------------------------------------------------------------------------


def test_validate_hides_what_ask_when_hides_and_names_problems(base):
    status, _, body = call(base, "POST", "/api/v1/families/cooperation/validate",
                           {"dispute": {"route": "诉讼", "commission": "江州仲裁委员会"}, "contract_no": ""})
    result = json.loads(body)
    assert status == 200 and result["valid"] is False and result["report"] is None
    assert "dispute.commission" in result["hidden"] and "dispute.seat" in result["hidden"]
    assert "dispute.court_place" not in result["hidden"]
    assert "ip.owner" in result["hidden"] and "ip.shares" in result["hidden"]  # no ownership chosen yet
    assert result["answers"]["dispute"] == {"route": "诉讼"}  # the hidden commission and the empty 合同编号 dropped
    assert {"loc": ["party_a"], "path": "party_a", "title": "甲方（建设方）", "msg": "缺少必填字段 / field required",
            "line": None} in result["problems"]
    # web walkthrough: with 甲方单方享有 there is nothing to transfer; the price and 第10条's text are not asked
    answers = example_json()
    answers["ip"] = {**answers["ip"], "ownership": "单方享有", "owner": "甲方"}
    result = json.loads(call(base, "POST", "/api/v1/families/cooperation/validate", answers)[2])
    assert {"ip.transfer.price", "ip.transfer.on_rescission"} <= set(result["hidden"])
    assert "price" not in result["answers"]["ip"]["transfer"] and "on_rescission" not in result["answers"]["ip"]["transfer"]
    answers["ip"]["owner"] = "乙方"
    result = json.loads(call(base, "POST", "/api/v1/families/cooperation/validate", answers)[2])
    assert "ip.transfer.price" not in result["hidden"] and "price" in result["answers"]["ip"]["transfer"]


def test_validate_says_which_answers_it_leaves_out_and_which_a_condition_needs(base):
    """Walkthrough (runtime location) M3: a place for running data uploaded without 上线运行和运维 vanished
    from the answers without a word; M4: the place emptied while the service goes live was marked nowhere."""
    answers = example_json()
    answers["data_processing"]["purposes"] = ["训练", "验证", "测试"]
    answers["data_processing"]["runtime_personal_info_kinds"] = None
    result = json.loads(call(base, "POST", "/api/v1/families/cooperation/validate", answers)[2])
    assert result["ignored"] == [{"path": "data_processing.runtime_location", "title": "数据处理协议 › 运行数据的存储和处理地点",
                                  "msg": "当前的回答使此项不适用，已填写的内容不计入合同 / does not apply to the answers given: left out"}]
    assert "runtime_location" not in result["answers"]["data_processing"] and result["wanted"] == []
    answers = example_json()
    answers["data_processing"]["runtime_location"] = ""
    result = json.loads(call(base, "POST", "/api/v1/families/cooperation/validate", answers)[2])
    assert result["wanted"] == [{"path": "data_processing.runtime_location", "title": "数据处理协议 › 运行数据的存储和处理地点",
                                 "msg": "此项必填：未填写时合同不完整，检查不通过 / needed here: the check fails without it"}]
    assert result["ignored"] == [] and result["valid"] is True and result["report"]["ok"] is False


def test_validate_a_complete_deal_runs_the_check(base):
    answers = example_json()
    answers["party_b"]["email"] = "bad"
    result = json.loads(call(base, "POST", "/api/v1/families/cooperation/validate", answers)[2])
    assert [(p["path"], p["msg"]) for p in result["problems"]] == [
        ("party_b.email", "电子邮箱格式不正确（例：name@example.cn） / not an e-mail address")]
    answers["party_b"]["email"] = "wanglei@zhisuan-tech.cn"
    result = json.loads(call(base, "POST", "/api/v1/families/cooperation/validate", answers)[2])
    assert result["valid"] is True and result["report"]["ok"] is True
    # the example states a transfer price: the check reminds to read it by hand (review30)
    assert result["report"]["text"].endswith("结论 / result：全部通过，另有 1 项提示仅供参考 / all passed, 1 note for information")
    assert {f["kind"] for f in result["report"]["findings"]} == {"item", "rule", "obligation"}
    # web walkthrough: 单方享有 without its owner was reported on the whole ip group, far from the radios
    answers["ip"] = {**answers["ip"], "ownership": "单方享有"}
    answers["ip"].pop("shares")
    result = json.loads(call(base, "POST", "/api/v1/families/cooperation/validate", answers)[2])
    assert [(p["path"], p["msg"]) for p in result["problems"]] == [
        ("ip.owner", "选择“单方享有”时须填写权利人 owner（甲方或乙方） / ownership 单方享有 needs owner")]
    # and with 甲方 alone owning, 7.5 prints no price: no reminder about it
    answers["ip"]["owner"] = "甲方"
    result = json.loads(call(base, "POST", "/api/v1/families/cooperation/validate", answers)[2])
    assert result["report"]["text"].endswith("结论 / result：全部通过 / all passed")


def test_check_good_deal_matches_the_cli(base):
    status, _, body = call(base, "POST", "/api/v1/check", (EXAMPLES / "cooperation.yaml").read_bytes(),
                           {"Content-Type": "application/yaml"})
    report = json.loads(body)
    cli = CliRunner().invoke(main, ["check", str(EXAMPLES / "cooperation.yaml"), "--format", "json"])
    assert status == 200
    assert {k: v for k, v in report.items() if k != "text"} == json.loads(cli.output)


def test_check_bad_deal_has_the_cli_message_with_line(base, tmp_path):
    bad = (EXAMPLES / "cooperation.yaml").read_text(encoding="utf-8").replace("wanglei@zhisuan-tech.cn", "bad")
    status, _, body = call(base, "POST", "/api/v1/check", bad.encode("utf-8"), {"Content-Type": "application/yaml"})
    answer = json.loads(body)
    assert status == 422
    assert answer["message"] == "请求 / request: 合同参数有误 / invalid deal (1 处 problems)\n" + BAD_EMAIL
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    cli = CliRunner().invoke(main, ["check", str(tmp_path / "bad.yaml")])
    assert cli.exit_code == 2 and cli.output.splitlines()[1] == BAD_EMAIL
    assert answer["detail"] == [{"loc": ["party_b", "email"], "path": "party_b.email", "title": "乙方（承建方） › 邮箱",
                                 "msg": "电子邮箱格式不正确（例：name@example.cn） / not an e-mail address", "line": 16}]


def test_check_refuses_broken_json(base):
    status, _, body = call(base, "POST", "/api/v1/check", b'{"family": "cooperation",', {"Content-Type": "application/json"})
    assert status == 422
    assert json.loads(body)["detail"][0]["msg"] == "JSON 语法错误 / JSON syntax error: Expecting property name enclosed in double quotes"


def test_draft_docx_and_md(base):
    status, headers, body = call(base, "POST", "/api/v1/draft?format=docx", example_json())
    assert status == 200 and headers["x-aicontract-check"] == "pass"
    assert headers["content-disposition"] == ("attachment; filename=\"aicontract.docx\"; "
                                              "filename*=UTF-8''JZ-ZWAI-2026-001.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert "江州市政务服务和数据管理局" in text and "江州仲裁委员会" in text
    status, headers, body = call(base, "POST", "/api/v1/draft?format=md", example_json())
    assert status == 200 and headers["content-type"] == "text/markdown; charset=utf-8"
    assert body.decode("utf-8") == (EXAMPLES / "cooperation.md").read_text(encoding="utf-8")


def test_draft_reads_json_amounts_exactly(base):
    answers = json.dumps(example_json(), ensure_ascii=False).replace('"total": "1860000.00"', '"total": 1860000.10')
    answers = answers.replace('"percent": 20', '"amount": 372000.10')
    status, _, body = call(base, "POST", "/api/v1/draft?format=md&allow_incomplete=true", answers.encode("utf-8"),
                           {"Content-Type": "application/json"})
    assert status == 200, body  # the percentages no longer match: marked incomplete, amounts exact
    assert "项目经费总额为人民币壹佰捌拾陆万元零壹角（小写：¥1,860,000.10）" in body.decode("utf-8")
    assert "¥372,000.10" in body.decode("utf-8")


def test_draft_refuses_unknown_format_and_incomplete_deal(base):
    status, _, body = call(base, "POST", "/api/v1/draft?format=exe", example_json())
    assert status == 422 and json.loads(body)["detail"][0]["loc"] == ["query", "format"]
    incomplete = example_json()
    incomplete["acceptance"]["criteria"] = ["待定"]
    status, _, body = call(base, "POST", "/api/v1/draft?format=docx", incomplete)
    answer = json.loads(body)
    assert status == 409
    assert answer["message"].startswith("草稿未通过必备事项检查，未写出")
    assert answer["message"].endswith("补充后重试，或加 allow_incomplete=true 写出标明缺项的草稿 / fix and retry, or use "
                                      "allow_incomplete=true")  # walkthrough L4: the API's words, not the CLI's
    assert [f["id"] for f in answer["failures"]] == ["34.3"]
    status, headers, _ = call(base, "POST", "/api/v1/draft?format=docx&allow_incomplete=true", incomplete)
    assert status == 200 and headers["x-aicontract-check"] == "incomplete"


# --- answers files ---------------------------------------------------------------------------------


def test_answers_yaml_round_trip(base):
    status, _, body = call(base, "POST", "/api/v1/answers/yaml", example_json())
    assert status == 200
    data, _ = parse_text(body.decode("utf-8"))
    assert data == example_data()


def test_answers_parse(base):
    yaml_text = (EXAMPLES / "cooperation.yaml").read_bytes()
    status, _, body = call(base, "POST", "/api/v1/answers/parse", yaml_text, {"Content-Type": "application/yaml"})
    parsed = json.loads(body)
    assert status == 200 and parsed["family"] == "cooperation"
    assert parsed["answers"] == {k: v for k, v in example_json().items() if k != "family"}
    status, _, body = call(base, "POST", "/api/v1/answers/parse", "family: cooperation\nparty_a:\n\tname: x\n".encode(),
                           {"Content-Type": "application/yaml"})
    problem = json.loads(body)["detail"][0]
    assert status == 422 and problem["line"] == 3
    assert problem["msg"].endswith("。常见原因：用了制表符（Tab）缩进，请改用空格 / hint: indent with spaces, not tabs")


# --- IP options ----------------------------------------------------------------------------------


def test_ip_options(base):
    status, _, body = call(base, "GET", "/api/v1/ip-options")
    data = json.loads(body)
    assert status == 200
    assert [o["id"] for o in data["groups"][0]["options"]] == ["sole_a", "sole_b", "joint", "shares"]
    status, _, body = call(base, "GET", "/api/v1/ip-options?format=md&chosen=shares")
    assert status == 200 and body.decode("utf-8").startswith("# 知识产权归属方式对比")
    assert "（本合同所选）" in body.decode("utf-8")
    status, _, body = call(base, "GET", "/api/v1/ip-options?format=docx")
    assert status == 200 and docx.Document(io.BytesIO(body)).paragraphs[0].text == "知识产权归属方式对比"
    assert call(base, "GET", "/api/v1/ip-options?chosen=nothing")[0] == 422


def test_ip_options_chosen_by_a_deal(base):
    status, _, body = call(base, "POST", "/api/v1/ip-options/chosen", example_json())
    assert status == 200 and json.loads(body) == {"group": "ownership", "option": "shares"}
    status, _, body = call(base, "POST", "/api/v1/ip-options/chosen", {"family": "cooperation"})
    assert status == 422 and json.loads(body)["detail"][0]["path"] == "party_a"


# --- review ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drafted_docx(base):
    return call(base, "POST", "/api/v1/draft?format=docx", example_json())[2]


def test_review_json(base, tmp, drafted_docx):
    body, headers = multipart({}, [("file", "江州合同.docx", drafted_docx)])
    status, _, answer = call(base, "POST", "/api/v1/review", body, headers)
    review = json.loads(answer)
    assert status == 200 and review["source"] == "江州合同.docx"
    assert len(review["items"]) == 16 and {i["status"] for i in review["items"]} == {"covered"}
    assert leftovers(tmp) == []


RECEIVED = "技术服务合同\n第一条 合同标的\n乙方为甲方开发政务问答模型。\n第二条 价款\n合同价款为人民币____元。\n".encode()


def test_review_annotated_and_memo(base, tmp):
    body, headers = multipart({}, [("file", "江州合同.txt", RECEIVED)])
    status, response_headers, answer = call(base, "POST", "/api/v1/review?format=docx", body, headers)
    assert status == 200
    assert response_headers["content-disposition"].endswith("filename*=UTF-8''%E6%B1%9F%E5%B7%9E%E5%90%88%E5%90%8C-"
                                                            "%E6%89%B9%E6%B3%A8.docx")
    annotated = docx.Document(io.BytesIO(answer))
    assert "合同价款为人民币____元。" in [p.text for p in annotated.paragraphs]
    assert "word/comments.xml" in zipfile.ZipFile(io.BytesIO(answer)).namelist()
    status, _, answer = call(base, "POST", "/api/v1/review?format=memo", body, headers)
    assert status == 200 and any("审查文件：江州合同.txt" in p.text for p in docx.Document(io.BytesIO(answer)).paragraphs)
    assert leftovers(tmp) == []


def test_review_bad_inputs(base, tmp):
    body, headers = multipart({}, [("file", "../../etc/passwd.exe", b"MZ")])
    status, _, answer = call(base, "POST", "/api/v1/review", body, headers)
    assert status == 422
    assert json.loads(answer)["message"] == ("passwd.exe: 只接受 .docx、.doc、.wps、.pdf、.txt、.md 文件 "
                                             "/ only .docx, .doc, .wps, .pdf, .txt, .md files")
    body, headers = multipart({}, [("file", "broken.docx", b"not a zip")])
    status, _, answer = call(base, "POST", "/api/v1/review", body, headers)
    assert status == 422
    assert json.loads(answer)["message"] == "broken.docx: 不是 Word 文档 / not a Word document: File is not a zip file"
    assert leftovers(tmp) == []


# --- compare -----------------------------------------------------------------------------------------


def returned(drafted: bytes, old: str, new: str) -> bytes:
    """The drafted .docx as the other side sends it back: one sentence edited in Word's way (python-docx)."""
    document = docx.Document(io.BytesIO(drafted))
    run = next(r for p in document.paragraphs for r in p.runs if old in r.text)
    run.text = run.text.replace(old, new)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_compare_json_and_redline(base, tmp, drafted_docx):
    """A lawyer who never opens a terminal compares the draft that came back (the 比较 page's API)."""
    theirs = returned(drafted_docx, "（小写：¥930,000.00）", "（小写：¥980,000.00）")
    body, headers = multipart({}, [("ours", "江州合同-发出.docx", drafted_docx), ("theirs", "江州合同-返回.docx", theirs)])
    status, _, answer = call(base, "POST", "/api/v1/compare", body, headers)
    result = json.loads(answer)
    assert status == 200 and (result["ours"], result["theirs"], result["ok"]) == ("江州合同-发出.docx", "江州合同-返回.docx", False)
    change = result["changes"][0]
    assert (change["number"], change["title"], change["op"], change["fragments"]) == (
        "6.2", "拨付方式", "modify", [{"ours": "930,000.00", "theirs": "980,000.00"}])
    assert result["broken"][0]["message"] == ("正文 6.2：大写金额“玖拾叁万元整”（930,000.00）与小写 980,000.00 不一致 / "
                                              "capitals differ from figures")
    assert result["text"].startswith("# 比较 / comparison：江州合同-发出.docx → 江州合同-返回.docx\n")
    status, response_headers, answer = call(base, "POST", "/api/v1/compare?format=docx", body, headers)
    assert status == 200
    assert response_headers["content-disposition"].endswith("filename*=UTF-8''%E6%B1%9F%E5%B7%9E%E5%90%88%E5%90%8C-"
                                                            "%E8%BF%94%E5%9B%9E-%E4%BF%AE%E8%AE%A2%E5%AF%B9%E7%85%A7%E7%A8%BF.docx")
    xml = zipfile.ZipFile(io.BytesIO(answer)).read("word/document.xml").decode()
    assert "<w:delText" in xml and "980,000.00" in xml
    assert leftovers(tmp) == []


def test_compare_bad_inputs(base, tmp, drafted_docx):
    body, headers = multipart({}, [("ours", "发出.docx", drafted_docx), ("theirs", "返回.doc", b"\xd0\xcf\x11\xe0")])
    status, _, answer = call(base, "POST", "/api/v1/compare", body, headers)
    assert status == 422 and json.loads(answer)["message"] == (
        "返回.doc: 只接受 .docx 文件 / only .docx files（.doc、.wps 请先在 Word 或 WPS 中另存为 .docx / save a .doc or .wps as "
        ".docx first）")
    body, headers = multipart({}, [("ours", "发出.docx", drafted_docx), ("theirs", "返回.docx", b"not a zip")])
    status, _, answer = call(base, "POST", "/api/v1/compare", body, headers)
    assert status == 422
    assert json.loads(answer)["message"] == "返回.docx: 不是 Word 文档（.docx） / not a Word document (.docx)"
    body, headers = multipart({}, [("ours", "发出.docx", drafted_docx)])
    status, _, answer = call(base, "POST", "/api/v1/compare", body, headers)
    assert status == 422 and json.loads(answer)["detail"][0]["loc"] == ["body", "theirs"]
    assert leftovers(tmp) == []


def announce(base, path, length, kind):
    """Send only the headers of a request whose body would be ``length`` bytes; the answer."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", kind)
    connection.putheader("Content-Length", str(length))
    connection.endheaders()
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def test_oversized_upload_is_refused_before_it_is_read(base):
    assert announce(base, "/api/v1/review", 20_000_001, "multipart/form-data; boundary=x") == (
        413, {"message": "上传内容超过 20 MB / the upload is larger than 20 MB"})
    assert announce(base, "/api/v1/batch/jobs", 20_000_001, "multipart/form-data; boundary=x") == (
        413, {"message": "上传内容超过 20 MB / the upload is larger than 20 MB"})
    assert announce(base, "/api/v1/compare", 40_000_001, "multipart/form-data; boundary=x") == (  # two files
        413, {"message": "上传内容超过 40 MB / the upload is larger than 40 MB"})
    assert announce(base, "/api/v1/check", 2_000_001, "application/json") == (
        413, {"message": "上传内容超过 2 MB / the upload is larger than 2 MB"})


def test_a_body_without_length_is_refused(base):
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("POST", "/api/v1/check", body=iter([b"{}"]), headers={"Transfer-Encoding": "chunked"},
                       encode_chunked=True)
    response = connection.getresponse()
    assert response.status == 411
    assert json.loads(response.read()) == {"message": "请求须带 Content-Length / Content-Length required"}


# --- batch -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sheet():
    good, bad = copy.deepcopy(example_data()), copy.deepcopy(example_data())
    good["contract_no"], bad["contract_no"] = "A-1", "B-2"
    bad["party_b"]["email"] = "bad"
    return write_template(DEAL_MODELS["cooperation"], [good, bad], example=example_data())


def test_batch_zip(base, tmp, sheet):
    body, headers = multipart({"family": "cooperation", "formats": "docx,md"}, [("files", "合同.xlsx", sheet)])
    status, response_headers, answer = call(base, "POST", "/api/v1/batch", body, headers)
    assert status == 200, answer
    assert (response_headers["x-aicontract-rows"], response_headers["x-aicontract-failed"]) == ("3", "1")
    archive = zipfile.ZipFile(io.BytesIO(answer))
    assert sorted(archive.namelist()) == ["A-1.docx", "A-1.md", "manifest.json", "report.csv"]
    report = archive.read("report.csv").decode("utf-8-sig").splitlines()
    assert report[3] == ("5,B-2,数据有误,invalid,合同!K5,乙方（承建方） › 邮箱：电子邮箱格式不正确（例：name@example.cn） "
                         "/ not an e-mail address,,,")
    assert [e["path"] for e in json.loads(archive.read("manifest.json"))] == ["A-1.docx", "A-1.md"]
    assert "江州仲裁委员会" in "\n".join(p.text for p in docx.Document(io.BytesIO(archive.read("A-1.docx"))).paragraphs)
    assert leftovers(tmp) == []


def test_batch_job_progress_rows_and_zip(base, tmp, sheet):
    body, headers = multipart({"family": "cooperation"}, [("files", "合同.xlsx", sheet)])
    job = finished_job(base, body, headers)
    assert job["status"] == "done" and (job["total"], job["done"], job["pdfs"]) == (3, 3, None)
    assert job["summary"].splitlines()[-1] == "报告 / report：下载的压缩包中的 report.csv / report.csv in the downloaded zip"
    assert [(r["row"], r["status_title"], r["cells"]) for r in job["rows"]] == [
        (3, "示例行（未起草）", []), (4, "成功", []), (5, "数据有误", ["合同!K5"])]
    assert job["rows"][1]["reminders"][0].startswith("转让对价在退款时是否保留（人工核对）：")
    status, _, answer = call(base, "GET", job["zip"])
    assert status == 200 and sorted(zipfile.ZipFile(io.BytesIO(answer)).namelist()) == [
        "A-1.docx", "manifest.json", "report.csv"]
    assert call(base, "GET", "/api/v1/batch/jobs/no-such-run")[0] == 404
    assert leftovers(tmp) == []


def test_batch_job_counts_its_pdfs(base, tmp, sheet):
    """The page's bar sat at 100 % through the PDF step (clerk walkthrough M5): the job counts the PDFs made."""
    body, headers = multipart({"family": "cooperation", "formats": "pdf"}, [("files", "合同.xlsx", sheet)])
    job = finished_job(base, body, headers)
    assert job["status"] == "done" and job["pdfs"] == [1, 1]  # A-1; the example row and the bad row make none
    assert leftovers(tmp) == []


def test_batch_job_names_a_list_file_not_uploaded_as_the_upload_would(base, tmp):
    """The note said deals.工作任务.csv belonged “in the same folder”: an upload has no folder (clerk recheck N11)."""
    body, headers = multipart({"family": "cooperation"}, [("files", "三月.csv", "合同编号,甲方（建设方）·名称\nA-1,甲\n".encode())])
    job = finished_job(base, body, headers)
    assert job["summary"].splitlines()[0] == (
        "注意 / note：未找到文件 三月.工作任务.csv（应与 三月.csv 一同上传），各合同的“工作任务”按未填写处理 / not found: 三月.工作任务.csv; "
        "every contract's 工作任务 is read as empty")
    assert leftovers(tmp) == []


def test_batch_bad_inputs(base):
    body, headers = multipart({"family": "cooperation"}, [("files", "deals.txt", b"x")])
    status, _, answer = call(base, "POST", "/api/v1/batch", body, headers)
    assert status == 422
    assert json.loads(answer)["message"] == "deals.txt: 只接受 .xlsx、.xlsm、.csv 文件 / only .xlsx, .xlsm, .csv files"
    # the file as the user named it, and the page's words (clerk walkthrough L17: deals.xlsx, --family)
    body, headers = multipart({"family": "cooperation"}, [("files", "三月批次.xlsx", b"not a workbook")])
    status, _, answer = call(base, "POST", "/api/v1/batch", body, headers)
    assert status == 422 and json.loads(answer)["message"].startswith("三月批次.xlsx: 无法打开工作簿：文件不是 Excel 工作簿（.xlsx）")
    body, headers = multipart({"family": "tech_development"}, [("files", "三月.csv", "合同编号,甲方（建设方）·名称\nA-1,甲\n".encode())])
    status, _, answer = call(base, "POST", "/api/v1/batch", body, headers)
    assert status == 422 and json.loads(answer)["message"].startswith(
        "三月.csv › 合同: 表头与合同类型不符（是否选错了合同类型？） / the headers do not match this family")
    body, headers = multipart({"family": "cooperation", "formats": "exe"}, [("files", "deals.xlsx", b"x")])
    assert json.loads(call(base, "POST", "/api/v1/batch", body, headers)[2])["message"] == (
        "不支持的格式 / unsupported format: exe; use docx, md, txt, pdf")


# --- pages, headers, host, token ----------------------------------------------------------------------


@pytest.mark.parametrize("path, text", [("/", "政务领域人工智能技术合作合同起草工具"), ("/draft/cooperation", "必备事项检查"),
                                        ("/ip-options", "知识产权归属方式对比"), ("/batch", "下载 Excel 模板"),
                                        ("/review", "审查收到的合同"), ("/compare", "比较返回稿"), ("/api", "/api/v1/draft")])
def test_pages(base, path, text):
    status, headers, body = call(base, "GET", path)
    assert status == 200 and text in body.decode("utf-8")
    assert headers["content-security-policy"].startswith("default-src 'self'")
    assert "cdn" not in body.decode("utf-8").lower()


def test_the_check_panel_says_what_force_the_guide_has(base):
    """review48–51: the 指南 recommends (第三十七条), and some of its items the law requires anyway."""
    body = call(base, "GET", "/draft/cooperation")[2].decode("utf-8")
    assert ("第三十七条：指南提供推荐性合规实务操作建议，可以参考使用，而非强制性规定或服务标准。第三十四—三十六条所列事项中，部分"
            "另有法律规定，不能因指南属推荐性质而省略；法律还可能要求约定指南未列的事项。例如个人信息处理者委托处理个人信息的，应当与"
            "受托人约定委托处理的目的、期限、处理方式、个人信息的种类、保护措施以及双方的权利和义务等，并对受托人的个人信息处理活动进行"
            "监督（《中华人民共和国个人信息保护法》第二十一条第一款）。aicontract 起草时将第三十四—三十六条所列事项作为必备事项") in body
    home = call(base, "GET", "/")[2].decode("utf-8")
    assert "（指南为推荐性建议，其中部分事项另有法律规定；aicontract 起草时作为必备事项）" in home


def test_openapi_lists_every_endpoint(base):
    spec = json.loads(call(base, "GET", "/api/v1/openapi.json")[2])
    assert sorted(spec["paths"]) == [
        "/api/v1/answers/parse", "/api/v1/answers/yaml", "/api/v1/batch", "/api/v1/batch/jobs",
        "/api/v1/batch/jobs/{job_id}", "/api/v1/batch/jobs/{job_id}/zip", "/api/v1/check", "/api/v1/compare", "/api/v1/draft",
        "/api/v1/families", "/api/v1/families/{family}/example", "/api/v1/families/{family}/form",
        "/api/v1/families/{family}/schema", "/api/v1/families/{family}/sheet-template",
        "/api/v1/families/{family}/validate", "/api/v1/ip-options", "/api/v1/ip-options/chosen", "/api/v1/review"]


def test_other_host_names_are_refused_without_a_token(base):
    status, _, body = call(base, "GET", "/api/v1/families", headers={"Host": "evil.example:80"})
    assert status == 421 and json.loads(body) == {"message": "此服务只接受本机地址的访问 / only local addresses are served"}


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"}, {"Origin": "null"}, {"Origin": "http://[broken"},
                                     {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}])
def test_posts_from_other_sites_are_refused(base, headers):
    status, _, body = call(base, "POST", "/api/v1/check", example_json(), headers)
    assert status == 403
    assert json.loads(body) == {"message": "不接受其他网站页面发来的请求 / requests from pages of other sites are refused"}


def test_posts_from_the_page_itself_pass(base):
    origin = base  # http://127.0.0.1:PORT, the address the page was loaded from
    for headers in ({"Origin": origin}, {"Sec-Fetch-Site": "same-origin"}, {}):
        status, _, body = call(base, "POST", "/api/v1/check", example_json(), headers)
        assert status == 200, (headers, body)


def test_token_is_checked_on_every_request(tmp):
    with server(tmp, "--token", TOKEN) as url:
        for path in ("/api/v1/families", "/", "/static/style.css"):
            assert call(url, "GET", path)[0] == 401
        status, _, body = call(url, "GET", "/api/v1/families", headers={"Authorization": "Bearer wrong-token-0123456789"})
        assert status == 401 and json.loads(body)["message"].startswith("需要访问令牌 / an access token is required")
        assert call(url, "GET", "/api/v1/families", headers={"Authorization": f"Bearer {TOKEN}"})[0] == 200
        assert call(url, "GET", "/api/v1/families", headers={"X-Aicontract-Token": TOKEN})[0] == 200
        assert call(url, "GET", "/api/v1/families", headers={"Host": "contracts.example", "X-Aicontract-Token": TOKEN})[0] == 200
        connection = http.client.HTTPConnection(url.removeprefix("http://").split(":")[0], int(url.rsplit(":", 1)[1]))
        connection.request("GET", f"/batch?token={TOKEN}")
        response = connection.getresponse()
        assert response.status == 303 and response.headers["location"] == "/batch"
        cookie = response.headers["set-cookie"]
        assert cookie == f"aicontract_token={TOKEN}; HttpOnly; SameSite=Strict; Path=/"
        assert call(url, "GET", "/batch", headers={"Cookie": cookie.split(";")[0]})[0] == 200
        assert call(url, "GET", "/batch?token=wrong")[0] == 401


def test_serve_refuses_another_host_without_a_token(monkeypatch):
    monkeypatch.delenv("AICONTRACT_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert result.output.strip() == ("在 0.0.0.0 上提供服务须设置访问令牌：--token 或环境变量 AICONTRACT_TOKEN "
                                     "/ serving on 0.0.0.0 needs an access token (--token or AICONTRACT_TOKEN)")
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--token", "short"])
    assert result.exit_code == 2 and result.output.strip() == (
        "访问令牌至少 16 个字符 / the access token needs at least 16 characters")


def test_example_yaml_dump_matches_the_file_the_page_offers(base):
    """The YAML the page downloads loads as the same deal as the example (and as what the CLI drafts)."""
    body = call(base, "POST", "/api/v1/answers/yaml", example_json())[2].decode("utf-8")
    assert body.startswith("# aicontract 合同参数文件 / deal file：")
    assert body.split("\n", 1)[1] == dump_yaml(example_data())


def test_serve_refuses_a_broken_library_before_it_starts(tmp_path):
    """Walkthrough M6: the server started, then answered 422 to every request."""
    house = tmp_path / "house" / "data_processing"
    house.mkdir(parents=True)
    (house / "05_security.yaml").write_text(
        "id: dpa_security\nsource: 本所条款\nclauses:\n  - id: dpa_security.firm\n    title: 本所\n    source: 本所条款\n"
        "    text: \"[[nope]]\"\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--port", "8799", "--library", str(tmp_path / "house")])
    assert result.exit_code == 2 and "aicontract 网页版" not in result.output
    assert "clause dpa_security.firm: [[nope]]: 条款库的 passages.yaml 中没有这段文字" in result.output
