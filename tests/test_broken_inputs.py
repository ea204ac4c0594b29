"""One error path: every failure a user can cause — a broken, truncated or mis-encoded file, a
missing tool, an unwritable path — ends in a message naming the culprit and exit 2, for every
command; never a traceback, never a partial output file."""

import zipfile

import pytest
from click.testing import CliRunner

from aicontract.cli import main

from helpers import EXAMPLES

GOOD = (EXAMPLES / "cooperation.yaml").read_text(encoding="utf-8")


def write(path, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


DEAL_FILES = {
    "missing.yaml": None,
    "empty.yaml": "",
    "truncated.yaml": GOOD[: len(GOOD) // 3] + "\n  - [",
    "tab.yaml": "family: cooperation\n\tcontract_no: x\n",
    "gbk.yaml": "family: cooperation\ncontract_no: 江州\n".encode("gbk"),
    "binary.yaml": bytes(range(256)) * 4,
    "list.yaml": "- a\n- b\n",
    "family.yaml": "family: nonsense\n",
    "broken.json": '{"family": "cooperation", ',
    "deep.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "twice.yaml": GOOD.replace("force_majeure_days: 30", "force_majeure_days: 30\nforce_majeure_days: 99"),
}


@pytest.fixture
def deal_files(tmp_path):
    out = {}
    for name, data in DEAL_FILES.items():
        out[name] = tmp_path / name if data is None else write(tmp_path / name, data)
    return out


def invoke(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def assert_refused(result, culprit: str):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert culprit in result.output, result.output


@pytest.mark.parametrize("name", list(DEAL_FILES))
@pytest.mark.parametrize("command", ["draft", "check", "ip-options"])
def test_every_broken_deal_file_is_refused_by_every_command(deal_files, tmp_path, name, command):
    path = deal_files[name]
    args = {"draft": ["draft", path, "-o", tmp_path / "out.docx"], "check": ["check", path],
            "ip-options": ["ip-options", "--deal", path]}[command]
    result = invoke(*args)
    assert_refused(result, name)
    assert not (tmp_path / "out.docx").exists()


def test_the_messages_say_what_to_do(deal_files, tmp_path):
    assert "请改用空格" in invoke("check", deal_files["tab.yaml"]).output
    assert "请在编辑器中将文件另存为 UTF-8" in invoke("check", deal_files["gbk.yaml"]).output
    assert "family must be one of cooperation, data_processing, tech_development" in invoke(
        "check", deal_files["family.yaml"]).output
    # walkthrough M7: a key written twice kept the later value without a word
    line = GOOD.splitlines().index("force_majeure_days: 30") + 1
    assert (f"第{line + 1}行 line {line + 1}: (文件 / file): 字段“force_majeure_days”写了两次（第{line}行和第{line + 1}行），"
            "请删去其中一处 / the key “force_majeure_days” is written twice") in invoke("check", deal_files["twice.yaml"]).output


@pytest.mark.parametrize("output, culprit", [
    ("/proc/no/such/dir/c.docx", "/proc/no/such/dir: 无法创建文件夹 / cannot create the folder: No such file or directory"),
    ("afile/c.docx", "afile: 不是文件夹（已有同名文件） / not a folder: a file of that name exists"),
    ("c", "输出文件的扩展名须为 .docx、.md、.txt、.pdf 之一"),
    ("c.odt", "而它是“.odt”"),
])
def test_unusable_outputs_are_refused(tmp_path, monkeypatch, output, culprit):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("a file where a folder should be", encoding="utf-8")
    result = invoke("draft", EXAMPLES / "cooperation.yaml", "-o", output)
    assert_refused(result, culprit)


def test_pdf_without_libreoffice_is_refused_naming_the_tool(tmp_path):
    result = invoke("draft", EXAMPLES / "cooperation.yaml", "-o", tmp_path / "c.pdf", env={"PATH": str(tmp_path)})
    assert_refused(result, "未找到 LibreOffice")
    assert not (tmp_path / "c.pdf").exists()


@pytest.fixture
def documents(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * 120_000_000)
    return {
        "missing.docx": tmp_path / "missing.docx",
        "garbage.docx": write(tmp_path / "garbage.docx", b"PK\x03\x04 not really a zip"),
        "bomb.docx": bomb,
        "contract.odt": write(tmp_path / "contract.odt", b"x"),
        "big5.txt": write(tmp_path / "big5.txt", bytes([0x81, 0x30]) * 10 + b"\xff\xfe\x00"),
    }


@pytest.mark.parametrize("name, culprit", [
    ("missing.docx", "无法读取 / cannot read"),
    ("garbage.docx", "不是 Word 文档 / not a Word document"),
    ("bomb.docx", "解压后超过 100 MB，拒绝读取"),
    ("contract.odt", "只能审查 .docx、.doc、.wps、.pdf、.txt、.md"),
])
def test_broken_received_documents_are_refused(documents, name, culprit):
    assert_refused(invoke("review", documents[name]), culprit)


@pytest.fixture
def sheets(tmp_path):
    big5 = "合約編號,甲方名稱\nA-1,臺北市政府資訊局數據處\n".encode("big5")
    return {
        "missing.xlsx": tmp_path / "missing.xlsx",
        "garbage.xlsx": write(tmp_path / "garbage.xlsx", b"not a workbook"),
        "empty.csv": write(tmp_path / "empty.csv", b""),
        "big5.csv": write(tmp_path / "big5.csv", big5),
        "keys.csv": write(tmp_path / "keys.csv", "合同编号,名称\ncontract_no,nonsense\nA,B\n"),
        "sheet.ods": write(tmp_path / "sheet.ods", b"x"),
    }


@pytest.mark.parametrize("name, culprit", [
    ("missing.xlsx", "missing.xlsx"),
    ("garbage.xlsx", "无法打开工作簿：文件不是 Excel 工作簿（.xlsx），可能已损坏，或是改了扩展名的其他文件"),
    ("empty.csv", "工作表为空 / the sheet is empty"),
    ("big5.csv", "文件像是 Big5（繁体）编码"),
    ("keys.csv", "表头与合同类型不符（是否选错了 --family？） / the headers do not match this family（未知列 / unknown: nonsense"),
    ("sheet.ods", "只支持 .xlsx 和 .csv"),
])
def test_broken_sheets_are_refused(sheets, tmp_path, name, culprit):
    result = invoke("batch", sheets[name], "-o", tmp_path / "out")
    assert_refused(result, culprit)


def test_a_broken_resume_file_is_refused(tmp_path):
    resume = write(tmp_path / "answers.yaml", "family: cooperation\n\t- [")
    result = invoke("questionnaire", "--resume", resume)
    assert_refused(result, "answers.yaml")
    # a file in GBK: one line naming it; an answers file that cannot be written: said before the first question
    gbk = write(tmp_path / "gbk.yaml", "family: cooperation\ncontract_no: 江州\n".encode("gbk"))
    result = invoke("questionnaire", "--resume", gbk)
    assert_refused(result, "gbk.yaml: 文件不是 UTF-8 编码")
    assert len(result.output.strip().splitlines()) == 1
    result = invoke("questionnaire", "-o", "/proc/no/such/dir/a.yaml")
    assert_refused(result, "/proc/no/such/dir: 无法创建文件夹 / cannot create the folder")
    assert "[contract_no]" not in result.output


def test_an_unwritable_sheet_template_is_refused():
    assert_refused(invoke("sheet-template", "-o", "/proc/no/such/dir/t.xlsx"),
                   "/proc/no/such/dir: 无法创建文件夹 / cannot create the folder: No such file or directory")
    assert_refused(invoke("sheet-template", "-o", "/proc/t.xlsx"), "/proc/t.xlsx: 无法写入 / cannot write")


def test_an_internal_error_is_one_line_with_where_to_report(monkeypatch, tmp_path):
    """A bug (not the user's doing) prints a short message and exit 3; --debug shows the traceback."""
    import aicontract.cli as cli

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "check_contract", broken)
    result = invoke("check", EXAMPLES / "cooperation.yaml")
    assert result.exit_code == 3
    assert "内部错误 / internal error: RuntimeError: boom" in result.output
    assert "--debug" in result.output and "Traceback" not in result.output
    debug = invoke("--debug", "check", EXAMPLES / "cooperation.yaml")
    assert isinstance(debug.exception, RuntimeError)


def test_a_value_or_a_file_too_large_for_any_contract_is_refused(tmp_path):
    long_name = GOOD.replace("name: 江州市政务服务和数据管理局", "name: " + "长" * 100_001, 1)
    result = invoke("check", write(tmp_path / "long.yaml", long_name))
    assert_refused(result, "party_a.name（甲方（建设方） › 名称）: 过长：100001 字，上限 100000 字")
    huge = write(tmp_path / "huge.yaml", GOOD + "#" + "x" * 10_000_001 + "\n")
    assert_refused(invoke("check", huge), "文件超过 10 MB")


@pytest.mark.parametrize("outdir, culprit", [
    ("afile/out", "afile/out: 无法创建文件夹 / cannot create the folder: Not a directory"),
    ("/proc/out", "/proc/out: 无法创建文件夹 / cannot create the folder: No such file or directory"),
])
def test_a_batch_output_folder_that_cannot_be_made_is_refused(tmp_path, monkeypatch, outdir, culprit):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("a file where a folder should be", encoding="utf-8")
    sheet = tmp_path / "deals.xlsx"
    assert invoke("sheet-template", "--family", "cooperation", "-o", sheet).exit_code == 0
    result = invoke("batch", sheet, "-o", outdir)
    assert_refused(result, culprit)
    assert len(result.output.strip().splitlines()) == 1
