"""A mistake in a firm's clause folder is said in Chinese and English ("中文 / English"), naming
the file, the clause or key: the whole message, as the command line prints it, is checked."""

import pytest
from click.testing import CliRunner

from aicontract.cli import main
from aicontract.library import LibraryError, load_family
from aicontract.library.ip_options import _check_deal_values, load_options

from helpers import EXAMPLES


def firm_clause(tmp_path, clause: str, section: str = "extra"):
    """A firm's folder adding, as a section of its own, one clause (YAML lines below ``- id: extra.a``)."""
    path = tmp_path / "house" / "cooperation" / "99_extra.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(f"id: {section}\nsource: 本所条款\nclauses:\n  - id: extra.a\n    title: 补充\n    source: 本所条款\n"
                    + clause, encoding="utf-8")
    return tmp_path / "house", path


def refusal(house) -> str:
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", overlay=house)
    return str(err.value)


def test_an_unknown_nested_parameter_names_its_first_unknown_part(tmp_path):
    house, path = firm_clause(tmp_path, "    text: '{{ ip.owners }}'\n")
    message = refusal(house)
    assert message.startswith(f"{path}: clause extra.a: text: 参数 'ip.owners' 在 CooperationDeal 中不存在"
                              "（第一个无法识别的部分：ip.owners）")
    assert message.endswith(" / parameter 'ip.owners' does not exist in CooperationDeal (first unknown part: ip.owners)")


@pytest.mark.parametrize("clause, expected", [
    pytest.param("    text: 见{{ ref('scope.terms') }}。\n",
                 "clause extra.a: text: ref('scope.terms') 引用的条款在 cooperation 中不存在，请核对条款编号 / names no clause of "
                 "family cooperation", id="ref to no clause"),
    pytest.param("    text: 持续{{ force_majeur_days }}日。\n",
                 "clause extra.a: text: 参数 'force_majeur_days' 在 CooperationDeal 中不存在（第一个无法识别的部分：force_majeur_days），"
                 "请核对参数名 / parameter 'force_majeur_days' does not exist in CooperationDeal (first unknown part: "
                 "force_majeur_days)", id="unknown parameter"),
    pytest.param("    covers: [\"99.9\"]\n    text: 文字。\n",
                 "clause extra.a: covers: '99.9' 不是 requirements.yaml 中的要求条目，请核对编号 / is not a requirement item of "
                 "requirements.yaml", id="unknown requirement item"),
    pytest.param("    choose: force_majeure_days\n    options:\n      三十日:\n        text: 文字。\n",
                 "clause extra.a: choose: 'force_majeure_days' 不是选项参数（enum），不能按它选用条文 / 'force_majeure_days' is not "
                 "an option (enum) parameter", id="choose on no option"),
    pytest.param("    choose: ip.route\n    options:\n      甲:\n        text: 文字。\n",
                 "clause extra.a: choose: 参数 'ip.route' 不存在（ip.route），请核对参数名 / 'ip.route' does not exist (ip.route)",
                 id="choose on no parameter"),
    pytest.param("    choose: ip.ownership\n    options:\n      单方享有:\n        text: 文字。\n",
                 "clause extra.a: options 须与 ip.ownership 的取值完全一致：应为 ['单方享有', '双方共同共有', '双方按比例共有']，"
                 "缺少 ['双方共同共有', '双方按比例共有']，多出 [] / options must be exactly ['单方享有', '双方共同共有', "
                 "'双方按比例共有']; missing ['双方共同共有', '双方按比例共有'], unknown []", id="options not the values"),
    pytest.param("    text: 文字。\n  - id: notices.delivery\n    title: 重复\n    source: 本所条款\n    text: 文字。\n",
                 "编号 'notices.delivery' 重复（“notices”部分已用），请改用别的编号 / duplicate id 'notices.delivery' (also in "
                 "notices)", id="duplicate id in the firm's file"),
    pytest.param("    each:\n      over: force_majeure_days\n      text: '{{ item }}'\n",
                 "clause extra.a: each.over: 参数 'force_majeure_days' 不是列表，不能逐项重复 / 'force_majeure_days' is not a list "
                 "parameter", id="each over no list"),
    pytest.param("    text: 见{{ main_ref('scope.term') }}。\n",
                 "clause extra.a: text: main_ref() 只能用于附件（family.yaml 中写 standalone: false） / main_ref() is for annexes "
                 "(family.yaml: standalone: false)", id="main_ref outside an annex"),
])
def test_a_firms_mistake_is_said_in_both_languages_naming_its_file(tmp_path, clause, expected):
    house, path = firm_clause(tmp_path, clause)
    assert refusal(house) == f"{path}: {expected}"


def test_a_text_the_sandbox_refuses_is_said_in_both_languages(tmp_path):
    house, path = firm_clause(tmp_path, "    text: '{{ party_a.name|attr(\"__class__\") }}'\n")
    assert refusal(house).startswith(f"{path}: clause extra.a: text: 条款文字或条件的写法有误或不被允许，请改正 / "
                                     "invalid or disallowed text: the attr filter is not allowed in clause text")


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unknown_deal_model_is_said_in_both_languages(library_copy):
    edit(library_copy / "cooperation/family.yaml", "deal_model: cooperation", "deal_model: cooperations")
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", library_copy)
    message = str(err.value)
    assert message.startswith(f"{library_copy / 'cooperation/family.yaml'}: deal_model: 没有 'cooperations' 这种交易类型"
                              "（可选：['cooperation', ")
    assert message.endswith("） / unknown model 'cooperations'")


def test_an_annex_of_no_family_is_said_in_both_languages(library_copy):
    edit(library_copy / "cooperation/family.yaml", "family: data_processing", "family: data_processings")
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", library_copy)
    assert str(err.value) == (f"{library_copy / 'cooperation/family.yaml'}: annexes: data_processings: "
                              "条款库中没有这类文件 / no such family")


def test_an_ip_option_with_an_invalid_deal_value_is_said_in_both_languages():
    options = load_options()
    group = options.groups[0]
    option = group.options[0].model_copy(update={"deal": {"ownership": "三方共有"}})
    broken = options.model_copy(update={"groups": [group.model_copy(update={"options": [option]})]})
    with pytest.raises(LibraryError) as err:
        _check_deal_values(broken)
    assert str(err.value) == (f"ip/options.yaml: option {option.id}: deal.ownership: '三方共有' 不是可选的值"
                              "（可选：['单方享有', '双方共同共有', '双方按比例共有']） / is not a valid choice")


def test_the_command_line_prints_a_firms_mistake_on_one_line_in_both_languages(tmp_path):
    house, path = firm_clause(tmp_path, "    text: 见{{ ref('scope.terms') }}。\n")
    result = CliRunner().invoke(main, ["draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(tmp_path / "c.docx"),
                                       "--library", str(house)])
    assert result.exit_code == 2, result.output
    assert "条款库有误 / clause library error" in result.output
    assert any(line.endswith(f"{path}: clause extra.a: text: ref('scope.terms') 引用的条款在 cooperation 中不存在，"
                             "请核对条款编号 / names no clause of family cooperation")
               for line in result.output.splitlines())
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["deviations", "draft"])
def test_a_family_folder_named_as_the_library_is_refused(tmp_path, command):
    """Walkthrough M2: --library house/cooperation (the family folder itself) layered nothing, and
    deviations said “0 changes”, as if the firm's text were the standard."""
    house, _ = firm_clause(tmp_path, "    text: 本所补充条款。\n")
    args = [command, str(EXAMPLES / "cooperation.yaml"), "--library", str(house / "cooperation"), "-o", str(tmp_path / "out.docx")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and not (tmp_path / "out.docx").exists()
    assert (f"{house / 'cooperation'}: 本所条款库中没有任何合同类型的文件夹（应有 ai_terms/、cooperation/、data_processing/、"
            f"security_annex/、tech_development/ 之一，或 passages.yaml）；此文件夹中直接放着 .yaml 文件，--library 应指向它的上一级 "
            f"{house} / the library holds no family folder (ai_terms, cooperation, data_processing, security_annex, "
            "tech_development); it holds .yaml files itself: name its parent folder") in result.stderr
    assert CliRunner().invoke(main, [*args[:3], str(house), "-o", str(tmp_path / "ok.docx")]).exit_code == 0
