"""Typed building blocks shared by every contract family.

Field titles and descriptions are Chinese: they are what the questionnaire asks,
what the spreadsheet template's headers say, and what validation errors name.
"""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from ..cn import amount_in_capitals
from .typed import AmountValue, PercentValue, YesNo

NONE_TEXT = "无"  # 常州合同 填写说明 第五项: unused fields say 无

# XML 1.0 cannot hold these; rejecting them here beats dropping them silently.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: str) -> str:
    bad = _XML_INVALID.search(value)
    if bad:
        raise ValueError(
            f"含有无法写入 Word 文档的控制字符 U+{ord(bad.group()):04X}"
            f" / contains control character U+{ord(bad.group()):04X}, which a .docx cannot hold"
        )
    return value


def _line_endings(value: str) -> str:
    """Windows and old Mac line endings become \\n: XML would turn a lone \\r into \\n anyway."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


MAX_TEXT = 100_000  # characters in one field: far more than any clause needs


def _not_too_long(value: str) -> str:
    if len(value) > MAX_TEXT:
        raise ValueError(f"过长：{len(value)} 字，上限 {MAX_TEXT} 字 / too long: {len(value)} characters, at most {MAX_TEXT}")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(
            f"不能为空；不适用时请填写“{NONE_TEXT}” / must not be blank; write “{NONE_TEXT}” if not used"
        )
    return value


Text = Annotated[str, AfterValidator(_not_too_long), AfterValidator(_xml_safe), AfterValidator(_line_endings),
                 AfterValidator(_not_blank)]
"""Any text a clause prints: non-blank, XML-safe. 不适用时填写“无”."""

_PHONE = re.compile(r"^[0-9+()（）\-\s转,，/]{5,40}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _phone(value: str) -> str:
    """A number someone can dial: a landline with its area code (0519-88068253: ten or more digits
    before any extension), a local number of seven or more digits, a mobile, or +86…."""
    if value == NONE_TEXT:
        return value
    main = re.sub(r"\D", "", re.split(r"转|ext|[,，/]", value)[0])
    if not _PHONE.match(value) or len(main) < (10 if main.startswith("0") else 7):
        raise ValueError(
            "电话号码格式不正确（例：0519-88068253 或 18861117216） / not a phone number"
        )
    return value


def _email(value: str) -> str:
    if value != NONE_TEXT and not _EMAIL.match(value):
        raise ValueError("电子邮箱格式不正确（例：name@example.cn） / not an e-mail address")
    return value


Phone = Annotated[Text, AfterValidator(_phone)]
Email = Annotated[Text, AfterValidator(_email)]

Money = Annotated[AmountValue, Field(ge=0, max_digits=14, decimal_places=2)]
Percent = Annotated[PercentValue, Field(gt=0, le=100, decimal_places=4)]


def ask_when(condition: str, required: bool = False) -> dict:
    """Field metadata for the questionnaire: ask this question only when ``condition`` (a
    jinja expression over the sibling fields) holds, e.g. ``route == '仲裁'``; ``required``: when
    it holds, the answer is needed (the model or the check refuses the deal without it), so the
    question cannot be skipped."""
    return {"ask_when": condition, "required_when_asked": True} if required else {"ask_when": condition}


class Strict(BaseModel):
    """Base for every deal model: unknown keys are errors, nothing is guessed."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, coerce_numbers_to_str=True
    )

    @model_validator(mode="before")
    @classmethod
    def _wu_means_left_out(cls, data):
        """无 written in a field the parties may leave out is the same as leaving it out (常州 填写说明
        第五项): the clause then says 无 in a sentence of its own (“甲方检查……的方式：无。”) instead of
        printing it inside one (“甲方有权以无的方式检查……”), and a field that something else requires
        is reported missing. A required field keeps its 无."""
        if isinstance(data, dict):
            optional = _optional_fields(cls)
            return {key: None if key in optional and isinstance(value, str) and value.strip() in _WU else value
                    for key, value in data.items()}
        return data


_WU = (NONE_TEXT, NONE_TEXT + "。")


@functools.lru_cache(maxsize=None)  # one set per model class
def _optional_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(name for name, field in model.model_fields.items() if not field.is_required() and field.default is None)


class PartyRole(str, Enum):
    A = "甲方"
    B = "乙方"


class Party(Strict):
    model_config = ConfigDict(title="合同当事人")

    name: Text = Field(title="名称", description="单位全称，与公章一致")
    contact: Text = Field(title="联系人", description="项目联系人姓名")
    address: Text = Field(title="地址", description="通讯地址")
    phone: Phone = Field(title="电话", description="联系电话，例：0519-88068253")
    email: Email = Field(title="邮箱", description="联系人电子邮箱；无邮箱时填写“无”（合同随之不约定以电子邮件向该方送达；甲方填“无”的，数据处理协议和"
                                                  "人工智能模型与服务条款中的安全事件通知改为电话加短信等可留存记录的方式，事后补交书面通知，甲方须在合同生效后5日内书面告知可接收短信"
                                                  "的号码，未告知的只以电话通知文首所列电话，未告知到联系人时每15分钟重拨并专人送交书面通知，夜间、节假日可能"
                                                  "无人接听；建议列明邮箱）")


class IpOwnership(str, Enum):
    """Project IP ownership, 指南 第三十六条（二） and 附录二 7.2."""

    SOLE = "单方享有"
    JOINT = "双方共同共有"
    SHARES = "双方按比例共有"


class IpShares(Strict):
    model_config = ConfigDict(title="共有比例")

    party_a: Percent = Field(title="甲方份额（%）", description="甲方享有的份额，百分数")
    party_b: Percent = Field(title="乙方份额（%）", description="乙方享有的份额，百分数")


# the terms both families' 7.5 clauses share (附录二 7.5 names the hand-over, not its terms)
TransitionDays = Annotated[int, Field(
    ge=1, le=365, title="交接期间维持系统运行的最长期限（日）",
    description="合同解除后、向承接方交接完成前，乙方继续维持系统运行的期限，自解除通知送达之日起不超过几日",
)]
TransitionFee = Annotated[Text, Field(
    title="交接期间维持系统运行的费用",
    description="交接期间乙方维持系统运行的费用如何结算，由双方商定，例：不另行计费；"
                "或 按乙方实际维持运行的天数，以……为标准按日计算，与应退还的经费相互抵扣",
)]
NOT_GRATUITOUS = ("不宜写作“无偿”：乙方破产的，人民法院受理破产申请前一年内无偿转让财产或者以明显不合理的价格交易的，管理人有权请求"
                  "人民法院撤销（《企业破产法》第三十一条第（一）、（二）项）；受理前六个月内乙方已具备破产原因仍向甲方个别清偿的，也可被"
                  "撤销（第三十二条，但个别清偿使债务人财产受益的除外）；受理后乙方向甲方作出的个别清偿（包括依合同转让成果）无效（第十六"
                  "条），管理人还可以决定解除双方均未履行完毕的合同，自受理之日起二个月内未通知甲方或者收到甲方催告之日起三十日内未答复"
                  "的，视为解除（第十八条）。宜约定成果自形成时归甲方，使其不属于债务人财产（第三十条）；乙方占有的属于甲方的财产（如甲"
                  "方的数据、约定归甲方所有的源代码和权重文件的载体），甲方可依第三十八条通过管理人取回。写明"
                  "对价的，对价须真实存在，不宜因退款条款而归于零，否则仍可能被认定为无偿或者以明显不合理的价格交易。")


_LICENCE_FEE_HELP = ("乙方授予甲方、承接方和运行维护单位的背景知识产权（包括基础模型）许可的许可费，由双方商定，单位元；合同写明该许可费包含在"
                    "第一期经费中、甲方拨付该期经费即视为付清，本合同解除或者甲方要求退款时不予退还（许可落空的除外）；金额宜与所许可权利的价值大体相当。不填的，合同写作“不另收取费用（其对价已"
                    "包含在本合同经费中）”：甲方依约要求退还全部经费时（如验收不合格、违约解除），许可实际上成为无偿的。" + NOT_GRATUITOUS)
LicenceFee = Annotated[Money | None, Field(
    title="背景知识产权许可费（元）", description=_LICENCE_FEE_HELP + "（项目合作合同 7.7 条，技术开发合同 第十六条）",
)]


# asked in ip.transfer, seen from ip (the questionnaire and the form let a condition read the groups around it)
_PARTY_B_HOLDS = "ownership and not (ownership == '单方享有' and owner == '甲方')"


class IpTransfer(Strict):
    """附录二 7.5 names the transfer but not its terms: when, for what, how the service is kept
    running until the 承接方 takes over, and what happens to the project IP when 甲方 rescinds for
    乙方's breach. Client decisions, so no defaults."""

    model_config = ConfigDict(title="乙方无法继续履行时的转让和交接（附录二 7.5）")

    days: int = Field(
        ge=1, le=90, title="转让和交接期限（工作日）",
        description="甲方依附录二 7.5 或因乙方违约解除合同的，乙方自解除通知送达之日起几个工作日内转让其权利、"
                    "协助办理变更登记，交付源代码、模型权重、基础模型部署、标注数据集和评测集、文档和运维资料，并退还多拨付的经费；"
                    "自甲方书面告知承接方之日起同样几个工作日内向承接方交接服务；移交日志后同样几个工作日内删除乙方持有的成果副本；合同在交付前终止、解除的，乙方自甲方书面要求之日起同样几个工作日内完成基础模型的部署",
    )
    price: Text | None = Field(
        default=None, title="转让的对价", json_schema_extra=ask_when(_PARTY_B_HOLDS, required=True),
        description="乙方依附录二 7.5 向甲方转让其在项目成果及项目知识产权中的权利的对价，由双方商定（合同写作“转让的对价为：……”），例：人民币"
                    "50,000元，包含在本合同6.2条第一期经费中，甲方拨付该期经费即视为已付清，不因本合同的解除或者退款而退还。"
                    + NOT_GRATUITOUS + "只写“已包含在项目经费中”的，甲方依约要求退还全部经费时对价归于零；与背景知识产权许可费都包含在第一期经费中的，二者合计不得超过该期金额。项目知识产权由甲方单方享有时不填",
    )
    transition_days: TransitionDays
    transition_fee: TransitionFee
    on_rescission: Text | None = Field(
        default=None, title="因乙方违约解除合同后项目知识产权的处理", json_schema_extra=ask_when(_PARTY_B_HOLDS, required=True),
        description="甲方因乙方违约解除本合同（包括要求退还已拨付经费）时，乙方享有的项目知识产权或其份额归谁，例：乙方在项目知识产权中的"
                    "份额归甲方所有，其对价为7.5条约定的转让对价，不因退款而退还，乙方应协助办理变更登记；"
                    "交付和交接的期限由合同按“转让和交接期限”写明；乙方单方享有或者双方共同共有（不分份额）时写“乙方的项目知识产权”或“乙方的权利”而非“份额”。项目知识产权由甲方单方享有时不填",
    )


class TechTransfer(Strict):
    """附录二 7.5 for the 科技部 form: the form has no such clause, the AI annex adds it; these
    are its terms (when, for what, how the service is kept running until the 承接方 takes over).
    Client decisions, so no defaults."""

    model_config = ConfigDict(title="乙方无法继续履行时的转让和交接（附录二 7.5）")

    days: int = Field(
        ge=1, le=90, title="转让和交接期限（工作日）",
        description="甲方依附录二 7.5 或者因乙方违约解除合同的，乙方自解除通知送达之日起几个工作日内转让其尚未归属甲方的研究开发成果"
                    "及其知识产权，协助办理变更登记，交付源代码、模型权重、标注数据集和评测集、文档和日志，部署基础模型，并退还多收的款项；"
                    "自甲方告知承接方之日起同样几个工作日内向承接方交接服务；移交日志后同样几个工作日内删除乙方持有的成果副本；合同在交付前终止、解除的，乙方自甲方书面要求之日起同样几个工作日内完成基础模型的部署",
    )
    price: Text | None = Field(
        default=None, title="转让的对价",
        description="乙方向甲方转让其尚未归属甲方的研究开发成果及其知识产权的对价，由双方商定，例：人民币50,000元，包含在本合同第五条约定的"
                    "第一期款项中，甲方支付该期款项即视为已付清，不因本合同的解除或者退款而退还。" + NOT_GRATUITOUS
                    + "源代码、模型权重和专利申请权均归甲方时可不填",
    )
    transition_days: TransitionDays
    transition_fee: TransitionFee


_NEEDED_BY = {  # field -> (the ownership that needs it, the message when it is missing)
    "owner": (IpOwnership.SOLE, "选择“单方享有”时须填写权利人 owner（甲方或乙方） / ownership 单方享有 needs owner"),
    "shares": (IpOwnership.SHARES, "选择“双方按比例共有”时须填写共有比例 shares / ownership 双方按比例共有 needs shares"),
}


class IpTerms(Strict):
    model_config = ConfigDict(title="项目知识产权归属")

    ownership: IpOwnership = Field(
        title="归属方式",
        description="单方享有 / 双方共同共有 / 双方按比例共有（指南 第三十六条（二）、附录二 7.2）",
    )
    owner: PartyRole | None = Field(
        default=None, title="单方享有的权利人", description="仅“单方享有”时填写：甲方或乙方",
        json_schema_extra=ask_when("ownership == '单方享有'", required=True), validate_default=True,
    )
    shares: IpShares | None = Field(
        default=None, title="共有比例", description="仅“双方按比例共有”时填写，两方合计 100%",
        json_schema_extra=ask_when("ownership == '双方按比例共有'", required=True), validate_default=True,
    )
    party_b_use: Text = Field(
        title="乙方对项目成果的使用",
        description="乙方可以在什么范围内使用项目成果（指南 第三十四条（五））；甲方为履行职责和提供公共服务使用"
                    "项目成果无需乙方同意、无需付费，由合同写明。例：乙方可为履行本合同及后续运维使用；用于其他项目须经甲方书面同意",
    )
    background_licence_fee: LicenceFee = None
    transfer: IpTransfer = Field(
        title="乙方无法继续履行时的转让和交接",
        description="附录二 7.5 转让的期限和对价，以及甲方因乙方违约解除合同后项目知识产权的处理",
    )

    @field_validator("owner", "shares")
    @classmethod
    def _given_when_chosen(cls, value, info):
        """The owner of 单方享有 and the shares of 按比例共有, reported on the field itself (the form shows
        it under the field, a sheet names its cell)."""
        ownership, message = _NEEDED_BY[info.field_name]
        if info.data.get("ownership") is ownership and value is None:
            raise ValueError(message)
        return value

    @model_validator(mode="after")
    def _chosen_option_is_complete(self):
        # What the chosen text cannot be written without; consistency is left to the check.
        party_a_owns = self.ownership is IpOwnership.SOLE and self.owner is PartyRole.A
        if not party_a_owns and self.transfer.price is None:
            raise ValueError("乙方享有项目知识产权或其份额时须填写转让的对价 transfer.price（附录二 7.5）"
                             " / transfer.price is required unless 甲方 alone owns the project IP")
        if not party_a_owns and self.transfer.on_rescission is None:
            raise ValueError("乙方享有项目知识产权或其份额时须填写因乙方违约解除合同后项目知识产权的处理 transfer.on_rescission"
                             " / transfer.on_rescission is required unless 甲方 alone owns the project IP")
        return self


class DisputeRoute(str, Enum):
    ARBITRATION = "仲裁"
    LITIGATION = "诉讼"


class DisputeResolution(Strict):
    model_config = ConfigDict(title="争议解决")

    route: DisputeRoute = Field(title="争议解决方式", description="仲裁或诉讼，二选一")
    commission: Text | None = Field(
        default=None, title="仲裁委员会", description="仅选择仲裁时填写，例：北京仲裁委员会",
        json_schema_extra=ask_when("route == '仲裁'", required=True),
    )
    seat: Text | None = Field(
        default=None, title="仲裁地点", description="仅选择仲裁时填写，例：北京",
        json_schema_extra=ask_when("route == '仲裁'", required=True),
    )
    court_place: Text | None = Field(
        default=None,
        title="管辖地点",
        description="仅选择诉讼时填写：向该地有管辖权的人民法院起诉，例：甲方所在地",
        json_schema_extra=ask_when("route == '诉讼'", required=True),
    )

    @model_validator(mode="after")
    def _chosen_route_is_complete(self):
        # A court's place is not asked by every form (科技部 第二十六条 has no blank for it);
        # where a family's text needs it, its rules check it.
        if self.route is DisputeRoute.ARBITRATION and (self.commission is None or self.seat is None):
            raise ValueError("选择仲裁时须填写仲裁委员会 commission 和仲裁地点 seat / 仲裁 needs commission and seat")
        return self


class Instalment(Strict):
    model_config = ConfigDict(title="付款节点")

    trigger: Text = Field(title="付款条件", description="例：签订合同、系统上线运行并通过初验")
    name: Text | None = Field(default=None, title="款项名称", description="可选，例：预付款、进度款、尾款")
    amount: Money | None = Field(
        default=None, title="金额（元）", description="本期金额，单位元，最多两位小数；只填比例时按总额计算"
    )
    percent: Percent | None = Field(
        default=None, title="占总额比例（%）", description="可选；与金额同时填写时须一致"
    )
    invoice: YesNo = Field(default=False, title="以收到有效发票为条件", description="是否在收到有效付款发票后支付")
    days: int | None = Field(
        default=None, ge=1, le=365, title="工作日", description="条件成就后多少个工作日内支付"
    )
    wording: Text | None = Field(
        default=None, title="条款原文",
        description="照录已签订的合同时填写本期付款条款的原文，合同按原文写出（须含本期金额的大写）；新起草的合同不填",
    )


def with_amounts(total: Decimal, instalments: list[Instalment]) -> list[Instalment]:
    """Instalments given only as a percentage get their amount from the total (to the cent)."""
    filled = []
    for instalment in instalments:
        if instalment.amount is None:
            if instalment.percent is None:
                raise ValueError("每期须填写金额或比例 / each instalment needs an amount or a percentage")
            amount = (total * instalment.percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            instalment = instalment.model_copy(update={"amount": amount})
        if instalment.wording is not None and amount_in_capitals(instalment.amount) not in instalment.wording:
            raise ValueError(f"第{len(filled) + 1}期的条款原文须写明本期金额的大写“{amount_in_capitals(instalment.amount)}”"
                             f" / the wording of instalment {len(filled) + 1} must state its amount in capitals")
        filled.append(instalment)
    return filled


class Copies(Strict):
    model_config = ConfigDict(title="份数")

    total: int = Field(ge=2, le=20, title="总份数", description="本合同（协议）壹式几份")
    each: int = Field(ge=1, le=10, title="每方执几份", description="双方各执几份")


class ReportWindow(str, Enum):
    """甲方's own deadline for reporting a 较大以上 network security incident,
    《国家网络安全事件报告管理办法》（2025年11月1日起施行）第四条."""

    CII = "涉及关键信息基础设施的，甲方应在1小时内向保护工作部门、公安机关报告"
    CENTRAL = "甲方属于中央和国家机关各部门及其直属单位，应在2小时内向本部门网信工作机构报告"
    OTHER = "甲方作为其他网络运营者，应在4小时内向属地省级网信部门报告"


class IncidentTerms(Strict):
    """How 乙方 tells 甲方 of a security incident: one answer for the whole contract and its
    annexes (指南 第十六条、第二十七条)."""

    model_config = ConfigDict(title="安全事件通知")

    party_a_window: ReportWindow = Field(
        title="甲方的网络安全事件报告时限",
        description="甲方自身向主管部门报告较大以上网络安全事件的时限（《国家网络安全事件报告管理办法》第四条）："
                    "涉及关键信息基础设施1小时，中央和国家机关各部门及其直属单位2小时，其他网络运营者4小时",
    )
    minutes: int = Field(
        default=60, ge=5, le=1440, title="乙方通知时限（分钟）",
        description="乙方发现数据安全事件、安全缺陷、漏洞或网络安全事件后书面通知甲方的时限，须短于甲方自身的报告时限",
    )
