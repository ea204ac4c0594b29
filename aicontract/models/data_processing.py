"""DataProcessingTerms: the parameters of a 数据处理协议 (指南 第三十五条, 第十条—第十七条).

Used twice: as the ``data_processing`` part of a CooperationDeal (the agreement becomes
an annex of the 项目合作合同) and inside a standalone DataProcessingDeal.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, field_validator

from .common import Copies, DisputeResolution, IncidentTerms, Party, PartyRole, Strict, Text, ask_when
from .typed import Day, YesNo, says_none


class DataGrade(str, Enum):
    GENERAL = "一般数据"
    IMPORTANT = "重要数据"
    CORE = "核心数据"


class Purpose(str, Enum):
    TRAINING = "训练"
    VALIDATION = "验证"
    TESTING = "测试"
    OPERATION = "上线运行和运维"  # the service in use: inputs, logs, incident handling


class ProcessingStep(str, Enum):
    COLLECTION = "采集"
    CLEANING = "清洗"
    PREPROCESSING = "预处理"
    FEATURES = "特征提取与选择"
    ANNOTATION = "标注"


class Disposal(str, Enum):
    """What happens to the data after delivery (指南 第十七条), as the owner chooses."""

    RETURN = "归还"
    DELETE = "删除"
    ANONYMISE = "匿名化"


class LegalBasis(str, Enum):
    """《中华人民共和国个人信息保护法》第十三条第一款（一）至（七）项."""

    CONSENT = "第（一）项“取得个人的同意”"
    CONTRACT = "第（二）项“为订立、履行个人作为一方当事人的合同所必需，或者按照依法制定的劳动规章制度和依法签订的集体合同实施人力资源管理所必需”"
    DUTY = "第（三）项“为履行法定职责或者法定义务所必需”"
    EMERGENCY = "第（四）项“为应对突发公共卫生事件，或者紧急情况下为保护自然人的生命健康和财产安全所必需”"
    NEWS = "第（五）项“为公共利益实施新闻报道、舆论监督等行为，在合理的范围内处理个人信息”"
    PUBLIC = "第（六）项“依照本法规定在合理的范围内处理个人自行公开或者其他已经合法公开的个人信息”"
    OTHER = "第（七）项“法律、行政法规规定的其他情形”"


_ONLY_CHINA = re.compile(r"(?:中华人民共和国|中国大陆|中国|我国)?(?:境内|国内)(?:的)?(?:地点|某处|服务器)?")
# “同上”, “同存储地点”, “与第4.1条相同”: printed after “中华人民共和国境内的” they point nowhere (walkthrough L3)
_SAME_AS = re.compile(r"同[上前左下]|同(?:数据)?(?:存储|处理|训练|保留)?(?:地点|位置|环境)|同第.{1,10}[条款项]|与.{1,20}(?:相同|一致)")
# a place outside: 境外, 海外, 香港/澳门/台湾/台北 (not a street, square or building named after them: 青岛市香港中路,
# 南京市台北路), their English names, 外国 (not 外国语); a place that says data must not go abroad is none of these
# (review64 M1, review65 M1, review66 M1: checked against 52 places, /work/staging/lawyer/review66.md)
_ROAD = r"(?![东西南北中]{0,2}(?:路|街|大道|道|巷|里|广场|大厦|公园|小区|花园))"
# common places abroad a cloud region or a data centre is named after (review67 M1; no list is complete:
# the drafter still reads the place); not a street, a building or 苏州's 中新 park named after them, nor the
# mainland campuses of Hong Kong's universities
_FOREIGN = ("新加坡", "日本", "东京", "大阪", "韩国", "首尔", "美国", "美东", "美西", "弗吉尼亚", "俄勒冈", "硅谷", "加拿大",
            "英国", "伦敦", "德国", "法兰克福", "法国", "巴黎", "欧洲", "荷兰", "爱尔兰", "澳大利亚", "悉尼", "印度", "孟买",
            "马来西亚", "吉隆坡", "泰国", "曼谷", "印尼", "印度尼西亚", "雅加达", "越南", "菲律宾", "迪拜", "沙特", "俄罗斯", "巴西")
_ABROAD = re.compile(r"境外|境内外|(?<![上珠威北临东南青渤宁定静澄乌福])海外|(?<![中全两])国外|(?<!中)外国(?!语)"
                     rf"|香港{_ROAD}(?!中文大学（深圳|科技大学（广州|大学深圳)|澳门{_ROAD}|台湾{_ROAD}|台北{_ROAD}|港澳台(?!办)|台港澳(?!办)"
                     rf"|(?:{'|'.join(_FOREIGN)}){_ROAD}(?!工业园|合作区)"
                     r"|hong\s*kong|macau|macao|taiwan|taipei|(?<![a-z])hkg?(?![a-z])", re.IGNORECASE)
# what a place says must not happen is set aside, the rest still read (“不定期同步至境外” is no negation: review66 M1)
_NOT_ABROAD = re.compile(r"(?:不得|禁止|严禁|不(?=[向在于传存出提发送会予能可应]))[^，,；;。（）()]{0,8}?"
                         r"(?:境外|海外|国外|出境|港澳台|香港|澳门|台湾)")


def a_place_in_china(value: str | None) -> str | None:
    """A place the agreement prints after “中华人民共和国境内的”: it must name somewhere (review62 L1: “中华人民共和国境内”
    alone named nothing, and passed the check), and not somewhere abroad (指南 第十四条; a transfer abroad is
    answered under 向境外传输数据)."""
    if value is None or says_none(value):
        return value
    text = "".join(value.split()).strip("。.，,；;")
    if _ONLY_CHINA.fullmatch(text):
        raise ValueError("请写明具体地点（例：甲方政务云专区），不能只写“中华人民共和国境内” / name the place, not only “in China”")
    if _SAME_AS.fullmatch(text):
        raise ValueError("请写出地点本身（例：甲方政务云专区）：协议印作“中华人民共和国境内的……”，“同上”“同存储地点”在其中无所指 / "
                         "write the place itself, not “same as above”")
    if _ABROAD.search(_NOT_ABROAD.sub("", text)):  # 港澳台 too: the agreement's 境内 excludes them
        raise ValueError("数据应存储、处理于中华人民共和国境内（香港特别行政区、澳门特别行政区和台湾地区的地点，协议按境外对待）；"
                         "确需向境外传输的，在“向境外传输数据”中回答 / the place is in mainland China: a transfer elsewhere is answered "
                         "under cross_border")
    return value


Place = Annotated[Text, AfterValidator(a_place_in_china)]
"""A place in mainland China the agreement names (存储地点, 运行数据的地点, 训练数据集的传输地点, 保留地点)."""


class RetainedData(Strict):
    model_config = ConfigDict(title="技术支持期间保留的数据")

    data: Text = Field(title="保留的数据", description="为履行交付后的技术支持义务须保留的数据，例：评测集和脱敏的问答对样本")
    location: Place = Field(title="保留地点", description="中华人民共和国境内（不含港澳台）的具体存储地点，不必另写“中华人民共和国境内”，例：甲方政务云专区")
    until: Day = Field(title="保留截止日", description="不晚于技术支持期届满之日；届满后按约定期限归还、删除或匿名化")



class DataSet(Strict):
    model_config = ConfigDict(title="数据集")

    name: Text = Field(title="数据名称")
    content: Text = Field(title="数据内容", description="数据包含的信息，如办事指南文本、脱敏工单")
    source: Text = Field(title="数据来源", description="如甲方业务系统、公开渠道、第三方授权（指南 第十一条）")
    owner: Text = Field(title="权属", description="数据归谁所有，如甲方")
    grade: DataGrade = Field(title="分级", description="一般数据 / 重要数据 / 核心数据")
    category: Text = Field(title="分类", description="数据分类，如政务服务数据、公共数据")


class DataProcessingTerms(Strict):
    model_config = ConfigDict(title="数据处理协议")

    datasets: list[DataSet] = Field(min_length=1, title="数据清单", description="被处理数据的内容、来源、权属和分类分级（指南 第三十五条（一））")
    personal_info: YesNo = Field(title="含个人信息", description="数据是否含有个人信息（指南 第十三条）；须明确回答")
    sensitive_personal_info: YesNo | None = Field(
        default=None, validate_default=True, title="含敏感个人信息",
        description="数据含个人信息时须明确回答：是否含有敏感个人信息",
        json_schema_extra=ask_when("personal_info", required=True),
    )
    personal_info_kinds: Text | None = Field(
        default=None, title="个人信息的种类",
        description="数据含个人信息时填写：所含个人信息的种类，例：咨询人的性别、年龄段和参保地（委托处理个人信息，应当约定"
                    "个人信息的种类，《中华人民共和国个人信息保护法》第二十一条第一款）",
        json_schema_extra=ask_when("personal_info", required=True),
    )
    public_data: YesNo = Field(title="含公共数据", description="数据是否含有政务机构依法采集、生成的公共数据（指南 第十二条）；须明确回答")
    secrets: YesNo = Field(title="涉及国家秘密、工作秘密", description="数据是否涉及国家秘密、工作秘密（指南 第十二条第三款）；须明确回答")
    purposes: list[Purpose] = Field(min_length=1, title="使用目的", description="训练 / 验证 / 测试 / 上线运行和运维（模型上线后处理服务对象的输入和服务运行日志；指南 第三十五条（二））")
    other_purpose: Text | None = Field(default=None, title="其他使用目的", description="清单以外的目的，没有时不填")
    runtime_personal_info_kinds: Text | None = Field(
        default=None, title="运行数据所含个人信息的种类",
        description="使用目的含“上线运行和运维”时填写：服务对象在输入信息中提供、日志中记录的个人信息的种类，例：姓名、联系方式、"
                    "住址和办事事项涉及的个人情况，以及日志记录的用户账号、IP地址和访问时间（服务运行日志通常记录账号、IP地址等个人信息；"
                    "《中华人民共和国个人信息保护法》第二十一条第一款）",
        json_schema_extra=ask_when("'上线运行和运维' in purposes", required=True),
    )
    processing: list[ProcessingStep] = Field(
        min_length=1, title="处理方式", description="采集 / 清洗 / 预处理 / 特征提取与选择 / 标注（指南 第三十五条（三））"
    )
    processing_scope: Text = Field(
        title="处理范围", description="处理哪些数据、在什么环境和范围内处理；不要重述使用目的（目的见“使用目的”）"
    )
    annotation_rules: Text | None = Field(
        default=None, title="标注规则", description="处理方式含“标注”时填写：功能性和安全性标注规则及质量评估方法（指南 第十五条）",
        json_schema_extra=ask_when("'标注' in processing", required=True),
    )
    storage_location: Place = Field(title="存储地点", description="中华人民共和国境内（不含港澳台）的具体存储地点，不必另写“中华人民共和国境内”，"
                                                                     "例：甲方政务云专区（指南 第十四条）")
    training_location: Place | None = Field(
        default=None, title="去标识化训练数据集的传输地点",
        description="乙方在自有训练环境中训练时填写：中华人民共和国境内（不含港澳台）的具体地点，不必另写“中华人民共和国境内”，例：乙方位于"
                    "江州市滨江区的模型训练集群；只可传输已去标识化、不含原始数据的训练数据集；不传输时不填",
    )
    runtime_location: Place | None = Field(
        default=None, title="运行数据的存储和处理地点",
        description="使用目的含“上线运行和运维”时填写：运行数据（服务对象的输入信息、模型的输出和服务运行日志）存储、处理的地点，"
                    "即推理服务实际部署的中华人民共和国境内（不含港澳台）地点，例：江州市政务云（政务外网区）推理服务区；不必另写“中华人民共和国境内”；"
                    "在其他地点存储或者处理须经甲方事先书面同意",
        json_schema_extra=ask_when("'上线运行和运维' in purposes", required=True),
    )
    disposal: Disposal = Field(title="交付后数据处理方式", description="归还 / 删除 / 匿名化，由甲方选择（指南 第十七条）")
    disposal_days: int = Field(
        ge=1, le=365, title="交付后处理期限（日）",
        description="项目交付（最终验收通过）或协议提前终止后多少日内完成归还、删除或匿名化；存储期限至此届满",
    )
    retained: RetainedData | None = Field(
        default=None, title="技术支持期间保留的数据",
        description="交付后为履行技术支持义务须保留部分数据时填写：保留什么、存放在哪里、保留到何时；不保留时不填",
    )
    deletion_proof_days: int = Field(
        ge=1, le=90, title="删除确认期限（工作日）", description="完成删除或归还后多少个工作日内出具书面确认"
    )
    log_months: int = Field(ge=6, le=120, title="日志留存（月）", description="处理活动日志至少留存多少个月（不少于6个月）")
    cross_border: YesNo = Field(default=False, title="向境外传输数据", description="是否需要向境外传输数据（指南 第十四条）")
    cross_border_scope: Text | None = Field(
        default=None, title="出境数据范围",
        description="仅向境外传输时填写：出境数据的种类和数量（取自第1.1条所列哪一项数据，是否含个人信息或者重要数据；随同出境的模型输出）、境外接收方的名称、"
                    "地址、联系方式及其与乙方的关系、所在国家或者地区、出境目的（在使用目的之内、为本项目）、境外的处理方式和存储地点、"
                    "自出境之日起计算的境外保存期限（第4.3条以此为准）",
        json_schema_extra=ask_when("cross_border", required=True)
    )
    export_consent: YesNo = Field(
        default=False, title="甲方事先书面同意出境",
        description="甲方已事先书面同意这次出境的，选是；未同意的不得出境（第4.3条），检查不通过",
        json_schema_extra=ask_when("cross_border", required=True)
    )
    export_assessment: YesNo = Field(
        default=False, title="已依法完成出境程序",
        description="出境所需的程序已依法办完（数据出境安全评估、个人信息出境标准合同备案或者认证，或者依法无需办理）的，选是。"
                    "甲方为国家机关或者法律、法规授权的具有管理公共事务职能的组织，且出境数据含个人信息（包括去标识化"
                    "的个人信息）的，须已进行安全评估（《个人信息保护法》第三十六条、第三十七条），不能以标准合同、认证或者《促进和规范数据"
                    "跨境流动规定》的免予申报情形代替；出境数据含重要数据，或者为关键信息基础设施运营者向境外提供的个人信息或者重要数据的，须已"
                    "通过数据出境安全评估；其他情形依法完成标准合同备案、认证或者依法无需履行的，选是",
        json_schema_extra=ask_when("cross_border", required=True),
    )
    legal_basis: LegalBasis | None = Field(
        default=None, validate_default=True, title="个人信息处理的合法性基础",
        description="含个人信息或者上线运行（运行数据含个人信息）时选择：《个人信息保护法》第十三条第一款（一）至（七）项之一（指南 第十三条）",
        json_schema_extra=ask_when("personal_info or '上线运行和运维' in purposes", required=True),
    )
    legal_basis_detail: Text | None = Field(
        default=None, title="合法性基础的说明", description="可选，例：依据的法定职责、取得同意的方式",
        json_schema_extra=ask_when("personal_info or '上线运行和运维' in purposes"),
    )
    separate_consent: YesNo = Field(
        default=False, title="已取得敏感个人信息单独同意",
        description="以个人同意为依据处理敏感个人信息时，须已取得对应个人的单独同意（《个人信息保护法》第二十九条）",
        json_schema_extra=ask_when("sensitive_personal_info and legal_basis == '第（一）项“取得个人的同意”'"),
    )
    impact_assessment_by: PartyRole | None = Field(
        default=None, title="个人信息保护合规审计责任方",
        description="依法须开展个人信息保护合规审计时由哪一方开展；不填时由甲方开展（委托处理前的影响评估由甲方开展）",
        json_schema_extra=ask_when("personal_info or '上线运行和运维' in purposes"),
    )

    @field_validator("sensitive_personal_info", "legal_basis")
    @classmethod
    def _answered_when_personal(cls, value, info: ValidationInfo):
        """Facts the agreement states must be answered, never assumed (指南 第十三条). A service in use
        processes its users' personal information even when the listed data hold none: a legal basis is
        then asked (and required by the rule dpa.runtime_legal_basis), not refused."""
        personal = info.data.get("personal_info")
        if personal and value is None:
            raise ValueError("数据含个人信息时必填 / required when the data holds personal information")
        if info.field_name == "sensitive_personal_info":
            if personal is False and value:
                raise ValueError("数据不含个人信息时不填 / only for data holding personal information")
            return value
        if personal is False and value and Purpose.OPERATION not in (info.data.get("purposes") or []):
            raise ValueError("数据不含个人信息且不上线运行时不填 / only for data holding personal information or a service in use")
        return value

    @field_validator("runtime_location")
    @classmethod
    def _location_only_of_a_service_in_use(cls, value, info: ValidationInfo):
        """A place for running data the agreement never lets 乙方 process would be dropped silently
        (review59 L4): refused instead."""
        if "purposes" not in info.data:  # the purposes failed: their own message is enough (walkthrough M1)
            return value
        if value is not None and not says_none(value) and Purpose.OPERATION not in info.data["purposes"]:
            raise ValueError("使用目的不含“上线运行和运维”时不填；乙方负责上线运行和运维的，请在使用目的中加入该项 / only for a "
                             "service in use: add 上线运行和运维 to the purposes")
        return value

    @field_validator("personal_info_kinds")
    @classmethod
    def _kinds_only_of_personal_data(cls, value, info: ValidationInfo):
        """Kinds of personal information beside 含个人信息 否 contradict it: the agreement would say the
        data hold none (walkthrough F1); the answer is refused rather than dropped."""
        if info.data.get("personal_info") is False and not says_none(value):
            raise ValueError("数据不含个人信息时不填；数据含个人信息的，请将“含个人信息”改为“是” / only for data holding personal "
                             "information: if they hold some, answer 含个人信息 是")
        return value


class DpaProject(Strict):
    model_config = ConfigDict(title="项目")

    name: Text = Field(title="项目名称")


class MainContract(Strict):
    model_config = ConfigDict(title="主合同")

    title: Text = Field(title="主合同名称", description="本协议所服务的合作合同，例：江州市社保政策智能咨询模型训练项目技术服务合同")
    number: Text | None = Field(default=None, title="主合同编号", description="可选")


class DataProcessingDeal(Strict):
    """独立签署的数据处理协议（指南 第三十五条）。"""

    model_config = ConfigDict(title="数据处理协议（指南 第三十五条）")

    family: Literal["data_processing"] = Field(default="data_processing", title="合同类型")
    contract_no: Text | None = Field(default=None, title="协议编号")
    party_a: Party = Field(title="甲方（建设方）")
    party_b: Party = Field(title="乙方（承建方）")
    project: DpaProject = Field(title="项目")
    main_contract: MainContract = Field(title="主合同", description="本协议服务的合作合同（独立签署的数据处理协议须写明）")
    data_processing: DataProcessingTerms = Field(title="数据处理约定")
    incident: IncidentTerms = Field(title="安全事件通知")
    remedy: Text = Field(
        title="违约责任", description="乙方违反本协议时承担的违约责任，例：违约金的计算方法、甲方解除主合同的权利"
    )
    dispute: DisputeResolution = Field(title="争议解决")
    copies: Copies = Field(title="协议份数")
    signing_date: Day | None = Field(default=None, title="签署日期")
