"""DataProcessingTerms: the parameters of a 数据处理协议 (指南 第三十五条, 第十条—第十七条).

Used twice: as the ``data_processing`` part of a CooperationDeal (the agreement becomes
an annex of the 项目合作合同) and inside a standalone DataProcessingDeal.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Literal

from pydantic import ConfigDict, Field

from .common import Copies, DisputeResolution, Party, PartyRole, Strict, Text, ask_when


class DataGrade(str, Enum):
    GENERAL = "一般数据"
    IMPORTANT = "重要数据"
    CORE = "核心数据"


class Purpose(str, Enum):
    TRAINING = "训练"
    VALIDATION = "验证"
    TESTING = "测试"


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
    personal_info: bool = Field(title="含个人信息", description="数据是否含有个人信息（指南 第十三条）")
    sensitive_personal_info: bool = Field(
        default=False, title="含敏感个人信息", description="数据是否含有敏感个人信息",
        json_schema_extra=ask_when("personal_info"),
    )
    public_data: bool = Field(title="含公共数据", description="数据是否含有政务机构依法采集、生成的公共数据（指南 第十二条）")
    secrets: bool = Field(default=False, title="涉及国家秘密、工作秘密", description="指南 第十二条第三款")
    purposes: list[Purpose] = Field(min_length=1, title="使用目的", description="训练 / 验证 / 测试（指南 第三十五条（二））")
    other_purpose: Text | None = Field(default=None, title="其他使用目的", description="清单以外的目的，没有时不填")
    processing: list[ProcessingStep] = Field(
        min_length=1, title="处理方式", description="采集 / 清洗 / 预处理 / 特征提取与选择 / 标注（指南 第三十五条（三））"
    )
    processing_scope: Text = Field(title="处理范围", description="处理哪些数据、在什么范围内处理")
    annotation_rules: Text | None = Field(
        default=None, title="标注规则", description="处理方式含“标注”时填写：功能性和安全性标注规则及质量评估方法（指南 第十五条）",
        json_schema_extra=ask_when("'标注' in processing"),
    )
    storage_location: Text = Field(title="存储地点", description="中华人民共和国境内的存储地点，如甲方政务云（指南 第十四条）")
    storage_period: Text = Field(title="存储期限", description="如“自本协议生效之日起至最终验收后30日”（指南 第三十五条（四））")
    disposal: Disposal = Field(title="交付后数据处理方式", description="归还 / 删除 / 匿名化，由甲方选择（指南 第十七条）")
    disposal_days: int = Field(ge=1, le=365, title="交付后处理期限（日）", description="项目交付后多少日内完成归还、删除或匿名化")
    deletion_proof_days: int = Field(
        ge=1, le=90, title="删除确认期限（工作日）", description="完成删除或归还后多少个工作日内出具书面确认"
    )
    incident_hours: int = Field(ge=1, le=72, title="安全事件通知时限（小时）", description="乙方发现数据安全事件后多少小时内通知甲方")
    log_months: int = Field(ge=6, le=120, title="日志留存（月）", description="处理活动日志至少留存多少个月（不少于6个月）")
    cross_border: bool = Field(default=False, title="向境外传输数据", description="是否需要向境外传输数据（指南 第十四条）")
    cross_border_scope: Text | None = Field(
        default=None, title="出境数据范围", description="仅向境外传输时填写", json_schema_extra=ask_when("cross_border")
    )
    export_consent: bool = Field(
        default=False, title="甲方事先书面同意出境", description="仅向境外传输时填写", json_schema_extra=ask_when("cross_border")
    )
    export_assessment: bool = Field(
        default=False, title="已完成数据出境安全评估", description="仅向境外传输时填写",
        json_schema_extra=ask_when("cross_border"),
    )
    legal_basis: Text | None = Field(
        default=None, title="个人信息处理的合法性基础", description="含个人信息时填写：个人同意或法律、行政法规规定的其他情形（指南 第十三条）",
        json_schema_extra=ask_when("personal_info"),
    )
    separate_consent: bool = Field(
        default=False, title="已取得敏感个人信息单独同意", description="含敏感个人信息时须为是（指南 第十三条）",
        json_schema_extra=ask_when("sensitive_personal_info"),
    )
    impact_assessment_by: PartyRole | None = Field(
        default=None, title="个人信息保护影响评估责任方", description="依法须开展影响评估、合规审计时由哪一方开展",
        json_schema_extra=ask_when("personal_info"),
    )


class DpaProject(Strict):
    model_config = ConfigDict(title="项目")

    name: Text = Field(title="项目名称")


class DataProcessingDeal(Strict):
    """独立签署的数据处理协议（指南 第三十五条）。"""

    model_config = ConfigDict(title="数据处理协议（指南 第三十五条）")

    family: Literal["data_processing"] = Field(default="data_processing", title="合同类型")
    contract_no: Text | None = Field(default=None, title="协议编号")
    party_a: Party = Field(title="甲方（建设方）")
    party_b: Party = Field(title="乙方（承建方）")
    project: DpaProject = Field(title="项目")
    data_processing: DataProcessingTerms = Field(title="数据处理约定")
    dispute: DisputeResolution = Field(title="争议解决")
    copies: Copies = Field(title="协议份数")
    signing_date: dt.date | None = Field(default=None, title="签署日期")
