"""Golden test: examples/changzhou.yaml reproduces the real 常州 contract (seed 002), part by
part and article by article, after normalising whitespace, form underscores and the width of
punctuation. Every other difference is listed in ACCEPTED with its reason."""

import re

import pytest

from aicontract import assemble, load_deal, render_text

from helpers import EXAMPLES, SOURCES

SEED = (SOURCES / "changzhou_002.txt").read_text(encoding="utf-8")

# (where, text in the seed, what aicontract writes, why). Keep this list short.
ACCEPTED = [
    ("第一条", "国土空间基础信息平台and“五全五化”", "国土空间基础信息平台和“五全五化”",
     "transcription noise: an English 'and' in the Chinese text"),
    ("第一条", "序号主要内容内容说明4监测预警", "4监测预警",
     "the table header repeated where the seed's page breaks; a Word table repeats it itself"),
    ("第二十二条", "具体相关利益的分配办如下", "具体相关利益的分配办法如下", "transcription noise: 办法 lost its 法"),
    ("第二十八条", "经双方确认后，6为本合同的组成部分", "经双方确认后，为本合同的组成部分",
     "transcription noise: a stray page number"),
    ("附件一 五", "有关信息资料and文件", "有关信息资料和文件", "transcription noise: an English 'and'"),
    ("第十六条", "（1）技术秘密的使用权：无（2）技术秘密的转让权：无（", "（1）技术秘密的使用权：无。（2）技术秘密的转让权：无。（",
     "无 ends its item with a full stop, as (3) does in the seed"),
]

_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})


def norm(text: str) -> str:
    """Wording only: no whitespace, no form underscores or markdown (list dashes, emphasis),
    one width of punctuation."""
    text = re.sub(r"^\s*- ", "", text, flags=re.M)
    return re.sub(r"\\_|[_*#\s\u3000]", "", text).translate(_WIDTH)


def apply_accepted(where: str, text: str) -> str:
    for place, seed_text, ours, _ in ACCEPTED:
        if place == where:
            assert seed_text in text, f"accepted difference not found in the seed's {where}: {seed_text}"
            text = text.replace(seed_text, ours)
    return text


ARTICLE = re.compile(r"^(第[一二三四五六七八九十]+条)", re.M)
ANNEX_SECTION = re.compile(r"^([一二三四五六七八九]、)", re.M)


def split(text: str, pattern: re.Pattern, end: str | None = None) -> dict[str, str]:
    if end:
        text = text[: text.index(end)]
    starts = [(m.start(), m.group(1)) for m in pattern.finditer(text)]
    return {
        label: text[start: starts[i + 1][0] if i + 1 < len(starts) else len(text)]
        for i, (start, label) in enumerate(starts)
    }


def seed_parts() -> dict[str, str]:
    main_start = SEED.index("技术开发（委托）合同\n\n委托方（甲方）")
    annex_start = SEED.index("附件一：保密和网络安全协议")
    body = SEED[main_start:annex_start]
    annex = SEED[annex_start:]
    parts = {
        "cover": SEED[: SEED.index("填写说明")],
        "填写说明": SEED[SEED.index("填写说明"): main_start],
        "parties": body[: body.index("本合同甲方委托乙方")],
        "preamble": body[body.index("本合同甲方委托乙方"): body.index("第一条")],
    }
    parts.update(split(body, ARTICLE, end="甲方: _____"))
    parts["附件一 header"] = annex[: annex.index("一、保密信息")]
    parts.update({f"附件一 {k[0]}": v for k, v in split(annex, ANNEX_SECTION, end="甲方：（章）").items()})
    return parts


@pytest.fixture(scope="module")
def contract():
    return assemble(load_deal(EXAMPLES / "changzhou.yaml"))


@pytest.fixture(scope="module")
def our_parts(contract) -> dict[str, str]:
    text = render_text(contract)
    main_text = text[: text.index("附件一：保密和网络安全协议")]
    annex = text[text.index("附件一：保密和网络安全协议"):]
    body = main_text[main_text.index("填写说明") :]
    parts = {
        "cover": main_text[: main_text.index("填写说明")],
        "填写说明": body[: body.index("技术开发（委托）合同\n\n委托方")],
        "parties": body[body.index("技术开发（委托）合同\n\n委托方"): body.index("本合同甲方委托乙方")],
        "preamble": body[body.index("本合同甲方委托乙方"): body.index("第一条")],
    }
    parts.update(split(body, ARTICLE, end="甲方：常州市自然资源和规划局（盖章）"))
    parts["附件一 header"] = annex[: annex.index("一、")]
    parts.update({f"附件一 {k[0]}": v for k, v in split(annex, ANNEX_SECTION, end="甲方：（章）").items()})
    return parts


def test_same_parts_in_the_same_order(our_parts):
    seed = list(seed_parts())
    assert len([k for k in seed if k.startswith("第")]) == 31
    assert list(our_parts) == seed


@pytest.mark.parametrize("part", list(seed_parts()))
def test_part_matches_the_seed(our_parts, part):
    expected = norm(apply_accepted(part, norm(seed_parts()[part])))
    ours = norm(our_parts[part])
    if ours != expected:
        at = next(i for i, (a, b) in enumerate(zip(ours + "\0", expected + "\0")) if a != b)
        pytest.fail(f"{part} differs at {at}:\n  seed: …{expected[max(0, at - 30): at + 40]}\n  ours: …{ours[max(0, at - 30): at + 40]}")


def test_signature_blocks_match_the_seed(contract):
    seed_signature = SEED[SEED.index("甲方: _____"): SEED.index("印花税票粘贴处")]
    party_a, party_b = seed_signature.split("年 月 日")[:2]
    ours_a, ours_b = contract.signature
    assert norm("".join(ours_a)) == norm(party_a + "年月日")
    assert norm("".join(ours_b)) == norm(party_b + "年月日")


def test_registration_block_has_the_seeds_lines(contract):
    text = norm("".join(b.text for b in contract.back_blocks if hasattr(b, "text")))
    for line in ("印花税票粘贴处：", "（以下由技术合同登记机构填写）", "合同登记编号：", "申请登记人：", "登记材料：",
                 "合同类型：", "合同交易额：", "技术交易额：", "技术合同登记机构（印章）", "经办人："):
        assert line in text
    boxes = [b for b in contract.back_blocks if not hasattr(b, "text")]
    assert len(boxes) == 1 and len(boxes[0].columns) == 20  # the 合同登记编号 boxes


def test_annex_signature(contract):
    annex = contract.annexes[0]
    assert annex.signature[0] == ["甲方：（章）常州市自然资源和规划局"]


def test_accepted_differences_are_few_and_explained():
    assert len(ACCEPTED) <= 6  # five of transcription and layout, one of a full stop after 无
    assert all(len(reason) > 20 for *_, reason in ACCEPTED)
