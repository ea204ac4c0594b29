"""The clause library is validated when it loads: a broken file fails loudly, naming
the file and the offending key."""

import pytest

from aicontract.library import LibraryError, families, load_family


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bundled_families_load():
    assert "cooperation" in families()
    family = load_family("cooperation")
    assert len(family.sections) == 16  # preamble + 15 sections


def test_unknown_key_names_file_and_key(library_copy):
    edit(library_copy / "cooperation/07_ip.yaml", "    covers: [\"34.5\", \"36.1\"]", "    covers: [\"34.5\", \"36.1\"]\n    cover: x")
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", library_copy)
    assert "07_ip.yaml" in str(err.value) and "cover" in str(err.value)


def test_missing_source_names_file_and_key(library_copy):
    edit(library_copy / "cooperation/09_open_source.yaml", "    source: 指南 附录二 9.2\n", "")
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", library_copy)
    assert "09_open_source.yaml" in str(err.value) and "source" in str(err.value)


def test_yaml_syntax_error_names_file_and_line(library_copy):
    edit(library_copy / "cooperation/13_notices.yaml", "clauses:", "clauses: [")
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", library_copy)
    assert "13_notices.yaml:" in str(err.value)


def test_a_shared_passage_is_put_in_every_clause_that_names_it(library_copy):
    """passages.yaml keeps the incident phone notice once; both clauses that name it get its words,
    and a change to the passage reaches both."""
    edit(library_copy / "passages.yaml", "每隔不超过15分钟重拨", "每隔不超过10分钟重拨")
    ai = load_family("ai_terms", library_copy)
    dpa = load_family("data_processing", library_copy)
    texts = [clause.text for family in (ai, dpa) for section in family.sections for clause in section.clauses
             if clause.text and "每隔不超过10分钟重拨" in clause.text]
    assert len(texts) == 2 and all("[[" not in text for text in texts)
    assert texts[0].startswith("乙方发现模型服务存在安全缺陷") and texts[1].startswith("乙方应制定数据泄露等安全事件的应急响应计划")


def test_a_passage_that_does_not_exist_names_file_clause_and_passage(library_copy):
    edit(library_copy / "ai_terms/04_incidents.yaml", "[[incident_phone_notice]]", "[[incident_phone_notices]]")
    with pytest.raises(LibraryError) as err:
        load_family("ai_terms", library_copy)
    assert str(err.value) == (f"{library_copy / 'ai_terms/04_incidents.yaml'}: clause ai_incidents.security: "
                              "[[incident_phone_notices]]: 条款库的 passages.yaml 中没有这段文字（现有：incident_phone_notice） / no such passage")


@pytest.mark.parametrize("marker, ok", [("[[ incident_phone_notice ]]", True), ("[[incident-phone-notice]]", False),
                                        ("[[ ]]", False)])
def test_a_passage_marker_is_read_with_spaces_and_anything_else_is_refused(library_copy, marker, ok):
    """Walkthrough (runtime location) H2: [[ incident_phone_notice ]] was printed into the contract as it stood."""
    edit(library_copy / "data_processing/05_security.yaml", "[[incident_phone_notice]]", marker)
    if ok:
        text = [c.text for s in load_family("data_processing", library_copy).sections for c in s.clauses
                if c.id == "dpa_security.incidents"][0]
        assert "[[" not in text and "每隔不超过15分钟重拨" in text
    else:
        with pytest.raises(LibraryError, match=r"clause dpa_security.incidents: \[\[.*\]\]: 条款库的 passages.yaml 中没有这段文字"):
            load_family("data_processing", library_copy)


def test_a_firms_overlay_may_add_its_own_passages(tmp_path):
    """Walkthrough M7: an overlay's passages.yaml was ignored."""
    house = tmp_path / "house"
    (house / "data_processing").mkdir(parents=True)
    (house / "passages.yaml").write_text("passages:\n  firm_notice:\n    source: 本所条款\n    text: 本所补充的通知方式。\n",
                                         encoding="utf-8")
    (house / "data_processing" / "09_general.yaml").write_text(
        "id: dpa_general\nsource: 本所条款\nclauses:\n  - id: dpa_general.firm\n    title: 本所补充\n    source: 本所条款\n"
        "    text: 双方另行约定：[[firm_notice]]\n", encoding="utf-8")
    family = load_family("data_processing", overlay=house)
    assert [c.text for s in family.sections for c in s.clauses if c.id == "dpa_general.firm"] == ["双方另行约定：本所补充的通知方式。"]


def test_an_overlay_mistake_is_said_in_chinese_and_english(tmp_path):
    """Walkthrough L6."""
    house = tmp_path / "house"
    (house / "cooperation").mkdir(parents=True)
    (house / "cooperation" / "99_x.yaml").write_text(
        "id: extra\nsource: 本所条款\nafter: dispute\nclauses:\n  - id: extra.a\n    title: 补充\n    source: 本所条款\n"
        "    text: 文字。\n",
        encoding="utf-8")
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", overlay=house)
    assert str(err.value) == f"{house / 'cooperation' / '99_x.yaml'}: after: 没有“dispute”这一部分 / 'dispute' names no section"
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", overlay=tmp_path / "nowhere")
    assert str(err.value) == f"{tmp_path / 'nowhere'}: 没有这个条款库文件夹 / no such clause library folder"


def test_a_passage_cannot_name_another(library_copy):
    edit(library_copy / "passages.yaml", "每隔不超过15分钟重拨", "每隔[[incident_phone_notice]]重拨")
    with pytest.raises(LibraryError) as err:
        load_family("data_processing", library_copy)
    assert str(err.value) == (f"{library_copy / 'passages.yaml'}: passages.incident_phone_notice: "
                              "一段文字不能引用另一段 / a passage cannot name another")


def test_a_library_without_passages_refuses_a_clause_naming_one(library_copy):
    (library_copy / "passages.yaml").unlink()
    with pytest.raises(LibraryError, match=r"05_security.yaml: clause dpa_security.incidents: \[\[incident_phone_notice\]\]: "
                                           r"条款库的 passages.yaml 中没有这段文字（现有：无 / none）"):
        load_family("data_processing", library_copy)


def test_unknown_parameter_fails(library_copy):
    edit(library_copy / "cooperation/11_force_majeure.yaml", "{{ force_majeure_days }}", "{{ force_majeur_days }}")
    with pytest.raises(LibraryError, match="force_majeur_days"):
        load_family("cooperation", library_copy)


def test_unknown_nested_parameter_fails(library_copy):
    edit(library_copy / "cooperation/02_scope.yaml", "{{ row.deliverable }}", "{{ row.deliverables }}")
    with pytest.raises(LibraryError, match="row.deliverables"):
        load_family("cooperation", library_copy)


def test_cross_reference_to_a_missing_clause_fails(library_copy):
    edit(library_copy / "cooperation/15_general.yaml", "ref('scope.term')", "ref('scope.terms')")
    with pytest.raises(LibraryError, match="scope.terms"):
        load_family("cooperation", library_copy)


def test_options_must_match_the_enum(library_copy):
    edit(library_copy / "cooperation/14_disputes.yaml", "      诉讼:", "      起诉:")
    with pytest.raises(LibraryError, match="诉讼"):
        load_family("cooperation", library_copy)


def test_duplicate_ids_fail(library_copy):
    edit(library_copy / "cooperation/13_notices.yaml", "id: notices.email", "id: notices.delivery")
    with pytest.raises(LibraryError, match="duplicate id 'notices.delivery'"):
        load_family("cooperation", library_copy)


def test_template_syntax_error_fails(library_copy):
    edit(library_copy / "cooperation/02_scope.yaml", "{{ term.end }}", "{{ term.end }")
    with pytest.raises(LibraryError, match="scope.term"):
        load_family("cooperation", library_copy)


def test_sandbox_refuses_attribute_tricks_at_load(library_copy):
    edit(library_copy / "cooperation/13_notices.yaml", "应被视为在下列时间送达", "{{ ''.__class__ }}")
    with pytest.raises(LibraryError):
        load_family("cooperation", library_copy)


def test_an_overlay_section_goes_right_after_the_one_it_names(tmp_path):
    house = tmp_path / "house"
    (house / "cooperation").mkdir(parents=True)
    (house / "cooperation" / "99_x.yaml").write_text(
        "id: extra\nsource: 本所条款\nafter: scope\nclauses:\n  - id: extra.a\n    title: 补充\n    source: 本所条款\n"
        "    text: 文字。\n", encoding="utf-8")
    ids = [s.id for s in load_family("cooperation", overlay=house).sections]
    assert ids[ids.index("scope") + 1] == "extra"


def test_an_overlay_clause_after_a_missing_clause_is_named(tmp_path):
    house = tmp_path / "house"
    (house / "cooperation").mkdir(parents=True)
    (house / "cooperation" / "02_scope.yaml").write_text(
        "id: scope\nsource: 本所条款\nclauses:\n  - id: scope.firm\n    title: 补充\n    source: 本所条款\n    after: scope.nowhere\n"
        "    text: 文字。\n", encoding="utf-8")
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", overlay=house)
    assert str(err.value) == (f"{house / 'cooperation' / '02_scope.yaml'}: clause scope.firm: after: “scope”部分没有“scope.nowhere”条 / "
                              "'scope.nowhere' names no clause of section scope")


def test_library_errors_say_the_line_and_the_key(library_copy):
    edit(library_copy / "cooperation/13_notices.yaml", "clauses:", "clauses: [")
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", library_copy)
    assert str(err.value).startswith(f"{library_copy / 'cooperation/13_notices.yaml'}:") and ": YAML syntax error: " in str(err.value)
    edit(library_copy / "cooperation/13_notices.yaml", "clauses: [", "clauses:")
    edit(library_copy / "cooperation/09_open_source.yaml", "    source: 指南 附录二 9.2\n", "")
    with pytest.raises(LibraryError) as err:
        load_family("cooperation", library_copy)
    assert f"{library_copy / 'cooperation/09_open_source.yaml'}: clauses.1.source: Field required" in str(err.value).splitlines()
