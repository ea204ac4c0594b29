"""Hostile input, user clause libraries and templates, reproducible and auditable output."""

import hashlib
import json
import typing
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aicontract import assemble, render_docx
from aicontract.cli import main
from aicontract.io.deal_file import DealError, deal_from_data
from aicontract.library import LibraryError, load_family
from aicontract.models import DEAL_MODELS
from aicontract.models import paths as model_paths
from aicontract.models.data_processing import a_place_in_china
from aicontract.render.docx import TemplateFileError, bundled_template, compiled_template

from helpers import EXAMPLES, docx_text, example_data, make_deal
from interview_answers import lookup

FAMILIES = {"cooperation": "cooperation", "data_processing": "data_processing", "changzhou": "tech_development"}
CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]
HOSTILE = ["<w:p><w:r><w:t>x</w:t></w:r></w:p>", "]]>", "{{ x }}", "{% raw %}", "{{ ''.__class__ }}", "\u202e右到左\u202c",
           "😀🤖👍", "A&B<C>\"D\"'E'", "第一行\n第二行", "制表\t符", "Windows\r\n换行", "长" * 50_000, "&amp;&#0;",
           "{_{ 7*7 }_}", "{_% if x %_}", "{%p if x %}", "{%tr for r in rows %}", "{%tc x %}"]


def is_place(field) -> bool:
    """A field checked by a_place_in_china (Place, or Place | None)."""
    def checks(annotation) -> bool:
        return any(getattr(m, "func", None) is a_place_in_china for m in getattr(annotation, "__metadata__", ())) or any(
            checks(arg) for arg in typing.get_args(annotation))
    return any(getattr(m, "func", None) is a_place_in_china for m in field.metadata) or checks(field.annotation)


def text_paths(name: str) -> list[tuple]:
    """Paths of every text (not option, not date, not number) parameter the example fills."""
    model = DEAL_MODELS[FAMILIES[name]]
    out = []

    def walk(value, annotation, path):
        annotation = model_paths.unwrap(annotation)
        if isinstance(value, dict) and model_paths.is_model(annotation):
            # an instalment written from its as-signed wording does not print its trigger and name
            hidden = {"trigger", "name"} if "wording" in value else set()
            for key, sub in value.items():
                # a place in China (存储地点 …) is a text checked for where it is: 菲律宾 is refused
                if key in annotation.model_fields and key not in hidden and not is_place(annotation.model_fields[key]):
                    walk(sub, annotation.model_fields[key].annotation, (*path, key))
        elif isinstance(value, list):
            item = model_paths.list_item(annotation)
            for i, sub in enumerate(value):
                walk(sub, item, (*path, i))
        # phone numbers and e-mail addresses are checked for their form, and an instalment's as-signed
        # wording must state its amount in capitals: any text would not do
        elif isinstance(value, str) and annotation is str and path[-1] not in ("phone", "fax", "email", "family", "wording"):
            out.append(path)

    walk(example_data(name), model, ())
    return out


def with_value(data: dict, path: tuple, value):
    import copy

    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize("name", list(FAMILIES))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_text_comes_out_verbatim(name, data):
    paths = text_paths(name)
    path = data.draw(st.sampled_from(paths), label="field")
    value = data.draw(st.one_of(st.text(min_size=1, max_size=300), st.sampled_from(HOSTILE)), label="value")
    assume(not any(c in value for c in CONTROL) and value.strip())
    deal = deal_from_data(with_value(example_data(name), path, value))
    stored = lookup(deal.model_dump(), path)
    assert stored == value.strip().replace("\r\n", "\n").replace("\r", "\n")
    text = docx_text(render_docx(assemble(deal)))
    assert stored in text


@pytest.mark.parametrize("char", CONTROL)
def test_control_characters_are_rejected_with_a_clear_error(char):
    with pytest.raises(DealError) as err:
        deal_from_data(with_value(example_data(), ("party_b", "name"), f"坏{char}值"))
    assert "控制字符" in str(err.value) and "party_b.name" in str(err.value)


def test_crlf_becomes_line_breaks():
    deal = make_deal({"project": {"purpose": "第一\r\n第二\r第三"}})
    assert deal.project.purpose == "第一\n第二\n第三"


# --- a firm's own clause library ----------------------------------------------------------------


def overlay(tmp_path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "house" / "cooperation" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "house"


HOUSE_STYLE = """id: notices
source: 指南 附录二 13
clauses:
  - id: notices.email
    title: 邮件沟通的效力
    source: 本所条款 2026-01
    text: 双方联系人邮箱之间的往来邮件，经双方确认后与本合同具有同等效力。
  - id: notices.wechat
    title: 即时通讯
    source: 本所条款 2026-01
    after: notices.delivery
    text: "双方不以即时通讯工具的消息作为书面通知。"
"""


def test_overlay_overrides_by_id_and_adds_clauses(tmp_path):
    family = load_family("cooperation", overlay=overlay(tmp_path, {"13_notices.yaml": HOUSE_STYLE}))
    contract = assemble(make_deal(), family)
    texts = {b.clause_id: (b.number, b.text) for b in contract.blocks if getattr(b, "kind", "") == "clause"}
    assert texts["notices.wechat"] == ("13.2", "双方不以即时通讯工具的消息作为书面通知。")
    assert texts["notices.email"] == ("13.3", "双方联系人邮箱之间的往来邮件，经双方确认后与本合同具有同等效力。")
    assert texts["notices.delivery"][0] == "13.1"


def test_overlay_through_the_cli(tmp_path):
    house = overlay(tmp_path, {"13_notices.yaml": HOUSE_STYLE})
    out = tmp_path / "c.txt"
    result = CliRunner().invoke(main, ["draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(out), "--library", str(house)])
    assert result.exit_code == 0, result.output
    assert "13.2 双方不以即时通讯工具的消息作为书面通知。" in out.read_text(encoding="utf-8")


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED') }}",
    "{{ self.__init__.__globals__.__builtins__.open('PWNED', 'w') }}",
    "{% import 'os' as os %}",
    "{% include '/etc/passwd' %}",
    "{{ lipsum.__globals__['os'].system('touch PWNED') }}",
    "{{ party_a.__class__ }}",
    "{{ party_a.model_dump() }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_escape_attempts_in_a_clause_are_refused_naming_the_file(tmp_path, payload, monkeypatch):
    monkeypatch.chdir(tmp_path)
    house = overlay(tmp_path, {"13_notices.yaml": HOUSE_STYLE.replace("双方不以即时通讯工具的消息作为书面通知。", payload)})
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", overlay=house)
    assert "13_notices.yaml" in str(err.value) and "notices.wechat" in str(err.value)
    assert "YAML syntax" not in str(err.value)  # refused for what it tries, not for how it is written
    assert not (tmp_path / "PWNED").exists()


def test_overlay_with_an_unknown_parameter_fails_naming_the_file(tmp_path):
    house = overlay(tmp_path, {"13_notices.yaml": HOUSE_STYLE.replace("双方不以即时通讯工具", "{{ party_c.name }}")})
    result = CliRunner().invoke(main, ["draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(tmp_path / "x.docx"),
                                       "--library", str(house)])
    assert result.exit_code == 2 and "13_notices.yaml" in result.output and "party_c" in result.output
    assert not (tmp_path / "x.docx").exists()


# --- a firm's own Word template -----------------------------------------------------------------


def firm_template(tmp_path, extra: str | None = None) -> Path:
    """The bundled layout restyled in 仿宋, optionally with one more tag in it."""
    document = docx.Document(str(bundled_template("cooperation.docx")))
    fonts = document.styles.element.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    fonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "仿宋")
    if extra:
        document.add_paragraph(extra)
    path = tmp_path / "firm.docx"
    document.save(str(path))
    return path


def test_firm_template_is_used(tmp_path):
    out = tmp_path / "c.docx"
    result = CliRunner().invoke(main, ["draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(out),
                                       "--template", str(firm_template(tmp_path))])
    assert result.exit_code == 0, result.output
    assert 'w:eastAsia="仿宋"' in docx.Document(str(out)).styles.element.xml
    assert "15.3 本合同壹式肆份" in docx_text(out.read_bytes())


@pytest.mark.parametrize("payload", [
    "{{ c.__class__.__mro__ }}",
    "{{ c.title.__class__.__base__.__subclasses__() }}",
    "{% import 'os' as os %}",
    "{% include 'x' %}",
    "{{ c.signature_rows.pop() }}",
    "{{ c.missing.append(1) }}",
])
def test_escape_attempts_in_a_template_are_refused_naming_the_file(tmp_path, payload):
    template = firm_template(tmp_path, payload)
    with pytest.raises(TemplateFileError, match="firm.docx"):
        compiled_template(template, sandboxed=True).render(assemble(make_deal()))
    result = CliRunner().invoke(main, ["draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(tmp_path / "x.docx"),
                                       "--template", str(template)])
    assert result.exit_code == 2 and "firm.docx" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_not_a_template(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"plain text")
    result = CliRunner().invoke(main, ["draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(tmp_path / "x.docx"),
                                       "--template", str(bad)])
    assert result.exit_code == 2 and "bad.docx" in result.output


# --- auditable output ---------------------------------------------------------------------------


def test_manifest_records_output_and_inputs(tmp_path):
    out = tmp_path / "c.docx"
    assert CliRunner().invoke(main, ["draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(out), "--manifest"]).exit_code == 0
    record = json.loads((tmp_path / "c.docx.manifest.json").read_text(encoding="utf-8"))
    assert record["output"]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert record["inputs"]["deal"]["sha256"] == hashlib.sha256((EXAMPLES / "cooperation.yaml").read_bytes()).hexdigest()
    assert record["inputs"]["clause_library"]["version"] == "2026.11.1"
    assert len(record["inputs"]["clause_library"]["sha256"]) == 64


def test_manifest_library_hash_changes_with_the_library(tmp_path):
    from aicontract.io.manifest import library_digest

    base = library_digest(load_family("cooperation"))
    house = overlay(tmp_path, {"13_notices.yaml": HOUSE_STYLE})
    assert library_digest(load_family("cooperation", overlay=house)) != base


@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_text_field_at_once_with_hostile_values(name):
    """Each text parameter of the family gets its own hostile value; every one comes out."""
    data = example_data(name)
    values = {}
    for i, path in enumerate(text_paths(name)):
        value = f"{HOSTILE[i % (len(HOSTILE) - 1)]}#{i}"  # all but the 50,000-character one
        data = with_value(data, path, value)
        values[path] = value.replace("\r\n", "\n").strip()
    deal = deal_from_data(data)
    text = docx_text(render_docx(assemble(deal)))
    missing = [path for path, value in values.items() if value not in text]
    assert not missing and len(values) >= 20
