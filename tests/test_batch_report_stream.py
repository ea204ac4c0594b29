"""io/batch_report.py writes report.csv and manifest.json a line at a time: the bytes must be
what writing each file whole gave (Excel's BOM, CSV quoting, the manifest's JSON layout)."""

import json

from aicontract.io.batch_report import RowResult, write_report

RESULTS = [
    RowResult(5, None, "invalid", cells=["合同!A5", "合同!C5"], messages=["合同编号：必填", "坏\n行"]),
    RowResult(3, 'JZ-"1"', "ok", files=[("/out/JZ-1.docx", "ab" * 32), ("/out/JZ-1.pdf", "cd" * 32)], digest="ef" * 32,
              reminders=["placeholders：project.scenario 为占位内容“待定”", "dpa.export_check：请人工核对"]),
    RowResult(2, "=cmd|x", "incomplete", missing=["34.3 验收标准"], sheet="拨付方式"),
]


def test_report_csv_written_out(tmp_path):
    report, _ = write_report(RESULTS, tmp_path)
    assert report.read_bytes() == (
        "\ufeff行号,合同编号,状态,status,单元格,说明,未满足的必备事项,提示（仅供参考）,文件\r\n"
        '3,"JZ-""1""",成功,ok,,,,placeholders：project.scenario 为占位内容“待定”；dpa.export_check：请人工核对,JZ-1.docx；JZ-1.pdf\r\n'
        '5,,数据有误,invalid,合同!A5；合同!C5,"合同编号：必填；坏\n行",,,\r\n'
        "拨付方式!2,'=cmd|x,必备事项未满足,incomplete,,,34.3 验收标准,,\r\n").encode("utf-8")


def test_manifest_is_indented_json_of_every_file(tmp_path):
    _, manifest = write_report(RESULTS, tmp_path)
    text = manifest.read_text(encoding="utf-8")
    assert json.loads(text) == [
        {"row": 3, "contract_no": 'JZ-"1"', "path": "JZ-1.docx", "sha256": "ab" * 32, "data": "ef" * 32},
        {"row": 3, "contract_no": 'JZ-"1"', "path": "JZ-1.pdf", "sha256": "cd" * 32, "data": "ef" * 32}]
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2)


def test_a_manifest_of_no_files(tmp_path):
    _, manifest = write_report(RESULTS[:1], tmp_path)
    assert manifest.read_bytes() == b"[]"
