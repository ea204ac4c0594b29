"""TechDevelopmentDeal: the 技术开发（委托）合同 on the 科学技术部 model text, as filled
in by 常州市自然资源和规划局 and 常州市测绘院 (the "常州 pattern").

Each field fills a blank of the form; parts the parties do not use are written 无 (填写说明 第五项).
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from .ai import AiTerms
from .common import (
    DisputeResolution,
    Email,
    IncidentTerms,
    Instalment,
    LicenceFee,
    Money,
    PartyRole,
    Phone,
    Strict,
    TechTransfer,
    Text,
    ask_when,
    with_amounts,
)
from .cooperation import BaseModelInfo
from .data_processing import DataProcessingTerms
from .typed import Day, YesNo, says_none


class Holder(str, Enum):
    """Whose right it is, as the form asks: 甲、乙、双."""

    A = "甲方"
    B = "乙方"
    BOTH = "双方"


class PaymentMethod(str, Enum):
    ONCE = "一次"
    INSTALMENTS = "分期"
    ROYALTY = "提成"


class IpRoute(str, Enum):
    """第十六条: the two ways the form offers."""

    PATENT = "申请专利"
    SECRET = "技术秘密"


class Article(str, Enum):
    """An article of this contract, named by its clause-library id (for 第二十一条's references)."""

    PLAN = "plan"  # 研究开发计划
    SCHEDULE = "schedule"  # 研究开发进度
    MATERIALS = "materials"  # 技术资料及协作
    PAYMENT = "payment"  # 经费和报酬支付
    CONFIDENTIALITY = "confidentiality"  # 保密义务
    SECURITY = "security"  # 网络和数据安全义务
    DELIVERY = "delivery"  # 成果交付
    ACCEPTANCE = "acceptance"  # 成果验收


class FormParty(Strict):
    model_config = ConfigDict(title="当事人")

    name: Text = Field(title="名称")
    domicile: Text = Field(title="住所地")
    legal_rep: Text = Field(title="法定代表人")
    contact: Text = Field(title="项目联系人")
    contact_info: Text = Field(title="联系方式")
    address: Text = Field(title="通讯地址")
    phone: Phone = Field(title="电话")
    fax: Phone = Field(title="传真", description="没有时填写“无”")
    email: Email = Field(title="电子信箱", description="没有时填写“无”")


class ProjectRef(Strict):
    model_config = ConfigDict(title="项目")

    name: Text = Field(title="项目名称")


class Procurement(Strict):
    model_config = ConfigDict(title="政府采购依据")

    agency: Text = Field(title="采购机构", description="例：常州市政府采购中心")
    project_no: Text = Field(title="采购项目编号")
    documents: Text = Field(title="采购文件", description="例：竞争性磋商文件及投标（响应）文件")


class ContentRow(Strict):
    model_config = ConfigDict(title="技术内容")

    title: Text = Field(title="主要内容")
    description: Text = Field(title="内容说明")


class ProjectRequirements(Strict):
    model_config = ConfigDict(title="研究开发项目的要求（第一条）")

    goal: Text = Field(title="技术目标")
    contents: list[ContentRow] = Field(min_length=1, title="技术内容", description="表格，每行一项")
    approach: Text = Field(title="技术方法和路线")


class Plan(Strict):
    model_config = ConfigDict(title="研究开发计划（第二条）")

    days: int = Field(ge=1, le=365, title="提交期限（日）", description="合同生效后几日内提交研究开发计划")
    contents: list[Text] = Field(min_length=1, title="计划主要内容")


class Materials(Strict):
    model_config = ConfigDict(title="技术资料及协作事项（第四条）")

    items: Text = Field(title="技术资料清单")
    timing: Text = Field(title="提供时间和方式")
    cooperation: Text = Field(title="其他协作事项")
    after: Text = Field(title="履行完毕后技术资料的处理方式")


class Bank(Strict):
    model_config = ConfigDict(title="乙方收款账户")

    name: Text = Field(title="开户银行")
    address: Text = Field(title="地址")
    account: Text = Field(title="帐号")


class Payment(Strict):
    model_config = ConfigDict(title="研究开发经费和报酬（第五条）")

    total: Money = Field(title="总额（元）")
    composition: list[Text] = Field(min_length=1, title="经费构成", description="如 开发费、维护费、验收鉴定费")
    equipment_amount: Money = Field(title="购置设备等财产的金额（元）", description="乙方利用经费购置设备、器材、材料等财产的金额")
    method: PaymentMethod = Field(title="支付方式", description="一次、分期或提成")
    instalments: list[Instalment] = Field(min_length=1, title="具体支付方式和时间")
    bank: Bank = Field(title="乙方开户银行")
    royalty_audit: Text | None = Field(
        default=None, title="提成时查阅会计帐目的方式",
        description="采用提成支付时填写；不填或写“无”的，合同写明“乙方查阅……的方式：无”（不采用提成支付时并写明“本合同不采用提成支付”）；照录已签合同（form_hints）时按示范文本填入空白",
    )
    extra_terms: list[Text] = Field(default_factory=list, title="付款补充约定")

    @model_validator(mode="after")
    def _amounts_from_percentages(self):
        object.__setattr__(self, "instalments", with_amounts(self.total, self.instalments))
        return self


class Funds(Strict):
    model_config = ConfigDict(title="经费使用和检查（第六条）")

    use: Text = Field(title="经费使用方式", description="例：自由合理支配")
    inspection: Text | None = Field(default=None, title="甲方检查方式", description="甲方检查研究开发工作和经费使用的方式；不检查时不填")


class Changes(Strict):
    model_config = ConfigDict(title="合同变更（第七条）")

    reply_days: int = Field(ge=1, le=90, title="答复期限（日）")
    grounds: list[Text] = Field(min_length=1, title="可请求变更的情形")


class Subcontracting(Strict):
    model_config = ConfigDict(title="研究开发工作的转让（第八条）")

    exceptions: list[Text] = Field(min_length=1, title="可不经甲方同意转让的情形", description="没有时填写“无”")
    content: Text = Field(title="可以转让的具体内容", description="没有时填写“无”")


class Risk(Strict):
    model_config = ConfigDict(title="技术风险（第九条）")

    allocation: Text = Field(
        title="风险损失的承担",
        description="技术风险以乙方无过错为认定条件（本条第2项）：乙方原因或者双方过错造成的失败不属于技术风险，宜分开写明；"
                    "技术风险的损失如何分担：没有约定或者约定不明确、依《民法典》第五百一十条仍不能确定的，由双方合理分担（第八百五十八条第一款）",
    )
    method: Text = Field(title="技术风险的认定方式")
    notice_days: int = Field(ge=1, le=90, title="通知期限（日）")


class Secrecy(Strict):
    model_config = ConfigDict(title="保密义务")

    content: Text = Field(title="保密内容（包括技术信息和经营信息）")
    personnel: Text = Field(title="涉密人员范围")
    period: Text = Field(title="保密期限")
    liability: Text = Field(title="泄密责任")


class Confidentiality(Strict):
    model_config = ConfigDict(title="保密义务（第十一条）")

    party_a: Secrecy = Field(title="甲方")
    party_b: Secrecy = Field(title="乙方")


class Delivery(Strict):
    model_config = ConfigDict(title="成果交付（第十三条）")

    form: Text = Field(title="交付的形式及数量")
    security_terms: Text | None = Field(default=None, title="交付成果的安全要求")
    time_place: Text = Field(title="交付的时间及地点")


class Acceptance(Strict):
    model_config = ConfigDict(title="成果验收（第十四条）")

    method: Text = Field(title="验收标准及方法")
    criteria: list[Text] = Field(default_factory=list, title="技术标准和指标", description="模型应达到的技术标准和指标（指南 第三十四条（三））")


class TechIp(Strict):
    model_config = ConfigDict(title="知识产权（第十六条）")

    route: IpRoute = Field(title="处理方式", description="申请专利 / 技术秘密")
    patent_holder: Holder | None = Field(default=None, title="享有申请专利权利的一方", description="甲方、乙方或双方",
                                         json_schema_extra=ask_when("route == '申请专利'", required=True))
    patent_use: Text | None = Field(default=None, title="专利权取得后的使用和利益分配",
                                    json_schema_extra=ask_when("route == '申请专利'", required=True))
    secret_use: Text | None = Field(default=None, title="技术秘密的使用权", json_schema_extra=ask_when("route == '技术秘密'", required=True))
    secret_transfer: Text | None = Field(default=None, title="技术秘密的转让权",
                                         json_schema_extra=ask_when("route == '技术秘密'", required=True))
    secret_benefits: Text | None = Field(default=None, title="技术秘密相关利益的分配办法",
                                         json_schema_extra=ask_when("route == '技术秘密'", required=True))
    special_terms: Text | None = Field(default=None, title="知识产权特别约定")
    source_code_owner: Holder | None = Field(
        default=None, title="源代码著作权的归属",
        description="项目形成的源代码的著作权归属；未约定时依《计算机软件保护条例》第十一条归受托方（乙方）",
    )
    weights_owner: Holder | None = Field(default=None, title="模型权重的归属", description="本项目训练形成的模型权重文件归属（人工智能项目填写）")
    party_b_use: Text | None = Field(
        default=None, title="乙方对研究开发成果的使用",
        description="人工智能项目填写：乙方可以在什么范围内使用研究开发成果（指南 第三十四条（五））；"
                    "甲方为履行职责和提供公共服务使用研究开发成果无需乙方同意、无需付费，由合同写明",
    )
    background_licence: YesNo = Field(default=False, title="约定背景知识产权", description="写入背景知识产权归属和必要授权（指南 第三十六条（一））")
    protection: YesNo = Field(default=False, title="约定知识产权保护措施", description="指南 第三十六条（三）")
    background_licence_fee: LicenceFee = None
    transfer: TechTransfer | None = Field(default=None, title="乙方无法继续履行时的转让和交接（附录二 7.5）",
                                          description="人工智能项目填写：写入附件《人工智能模型与服务条款》的承接条款")


class Service(Strict):
    model_config = ConfigDict(title="技术指导和培训（第二十条）")

    content: Text = Field(title="技术服务和指导内容")
    place_method: Text = Field(title="地点和方式")
    fee: Text = Field(title="费用及支付方式")


class Breach(Strict):
    model_config = ConfigDict(title="违约责任")

    party: PartyRole = Field(title="违约方")
    article: Article = Field(title="违反的条款", description="plan / schedule / materials / payment / confidentiality / security / delivery / acceptance")
    remedy: Text = Field(title="违约责任", description="违约金或损失赔偿额的计算方法")


class Improvements(Strict):
    model_config = ConfigDict(title="后续改进（第二十二条）")

    by_a_owner: Holder = Field(title="甲方改进成果的归属")
    by_a_benefits: Text = Field(title="甲方改进成果的利益分配办法")
    by_b_consent: YesNo = Field(
        default=False, title="乙方改进须经甲方同意",
        description="是：乙方利用研究开发成果进行后续改进须事先经甲方书面同意（示范文本为乙方“有权”改进）",
    )
    by_b_owner: Holder = Field(title="乙方改进成果的归属")
    by_b_benefits: Text = Field(title="乙方改进成果的利益分配办法")


class Documents(Strict):
    model_config = ConfigDict(title="技术文件（第二十八条）")

    background: Text = Field(title="技术背景资料")
    feasibility: Text = Field(title="可行性论证报告")
    evaluation: Text = Field(title="技术评价报告")
    standards: Text = Field(title="技术标准和规范")
    design: Text = Field(title="原始设计和工艺文件")
    other: Text = Field(title="其他")


class SecrecyRegulation(str, Enum):
    """The implementing rules of 《保守国家秘密法》 the annex cites."""

    REGULATIONS = "《中华人民共和国保守国家秘密法实施条例》"
    MEASURES_REPEALED = "《中华人民共和国保守国家秘密法实施办法》"


class SecurityAnnex(Strict):
    model_config = ConfigDict(title="附件一 保密和网络安全协议")

    place: Text = Field(title="签订地点")
    secrecy_regulation: SecrecyRegulation = Field(
        default=SecrecyRegulation.REGULATIONS, title="引用的保密法实施规定",
        description="《保守国家秘密法实施条例》（2014年起施行，2024年修订）；《保守国家秘密法实施办法》已于2014年3月1日废止，"
                    "只为照录已签订的合同保留",
    )
    regulations: list[Text] = Field(default_factory=list, title="行业数据安全规定", description="例：《自然资源领域数据安全管理办法》")
    period_years: int | None = Field(
        default=None, ge=1, le=50, title="保密期限（年）",
        description="不填时，附件的保密期限与合同第十一条乙方的保密期限一致；填写时须与之一致",
    )
    penalty: Text | None = Field(
        default=None, title="违约金",
        description="不填时，违反本附件的违约责任按合同第二十一条的约定承担；填写时（如“按合作项目金额作为违约金支付甲方”）"
                    "不得与第二十一条对同一违约行为的约定不一致",
    )


class TechDevelopmentDeal(Strict):
    """技术开发（委托）合同（科学技术部示范文本，常州合同的填法）的全部参数。"""

    model_config = ConfigDict(title="技术开发（委托）合同（科学技术部示范文本）")

    family: Literal["tech_development"] = Field(default="tech_development", title="合同类型")
    contract_no: Text = Field(title="合同编号")
    form_hints: YesNo = Field(
        default=False, title="保留示范文本的填写提示",
        description="是：照示范文本保留“（甲、乙、双）”“（一次、分期或提成）”“（支付违约金或损失赔偿额的计算方法）”等提示"
                    "（照录已签订的合同时）；否：成稿只写所选内容",
    )
    ai_cooperation: YesNo = Field(title="属于政务领域人工智能技术合作", description="指南 第二条；是：aicontract 按第三十四、三十六条（附数据处理协议时并按第三十五条）检查，作为必备事项；否：各项仅供参考")
    project: ProjectRef = Field(title="项目")
    party_a: FormParty = Field(title="委托方（甲方）")
    party_b: FormParty = Field(title="受托方（乙方）")
    signing_date: Day = Field(title="签订时间")
    signing_place: Text = Field(title="签订地点")
    validity: Text = Field(title="有效期限", description="例：3年")
    procurement: Procurement | None = Field(default=None, title="政府采购依据", description="通过政府采购签订时填写")
    requirements: ProjectRequirements = Field(title="研究开发项目的要求（第一条）")
    base_model: BaseModelInfo | None = Field(
        default=None, title="基础模型",
        description="人工智能项目使用的基础模型及其生成式人工智能服务备案号（指南 第七条）；不使用时不填",
    )
    plan: Plan = Field(title="研究开发计划（第二条）")
    schedule: list[Text] = Field(min_length=1, title="研究开发进度（第三条）")
    materials: Materials = Field(title="技术资料及协作事项（第四条）")
    payment: Payment = Field(title="研究开发经费和报酬（第五条）")
    funds: Funds = Field(title="经费使用和检查（第六条）")
    changes: Changes = Field(title="合同变更（第七条）")
    subcontracting: Subcontracting = Field(title="研究开发工作的转让（第八条）")
    risk: Risk = Field(title="技术风险（第九条）")
    disclosure_notice_days: int = Field(ge=1, le=90, title="技术已公开时的通知期限（日）（第十条）")
    confidentiality: Confidentiality = Field(title="保密义务（第十一条）")
    network_security: YesNo = Field(default=True, title="约定网络和数据安全义务", description="常州合同 第十二条")
    delivery: Delivery = Field(title="成果交付（第十三条）")
    acceptance: Acceptance = Field(title="成果验收（第十四条）")
    ip: TechIp = Field(title="知识产权（第十六条）")
    equipment_owner: Holder = Field(title="购置财产的归属（第十九条）")
    service: Service = Field(title="技术指导和培训（第二十条）")
    breaches: list[Breach] = Field(min_length=1, title="违约责任（第二十一条）")
    breach_other: list[Text] = Field(default_factory=list, title="其他违约责任约定（第二十一条）")
    improvements: Improvements = Field(title="后续改进（第二十二条）")
    contact_duties: list[Text] = Field(min_length=1, title="项目联系人的责任（第二十三条）")
    termination_grounds: list[Text] = Field(default_factory=list, title="其他解除合同的情形（第二十四条）")
    force_majeure_report_days: int = Field(ge=1, le=60, title="不可抗力情况报告间隔（日）（第二十五条）")
    dispute: DisputeResolution = Field(title="争议解决（第二十六条）")
    definitions: list[Text] = Field(min_length=1, title="名词和术语（第二十七条）")
    documents: Documents = Field(title="技术文件（第二十八条）")
    supplementary_terms: YesNo = Field(default=True, title="约定补充协议和文件不一致的处理", description="常州合同 第二十九条第1、2项")
    other_terms: list[Text] = Field(default_factory=list, title="其他相关事项（第二十九条）")
    copies: int = Field(ge=2, le=20, title="合同份数（第三十条）")
    security_annex: SecurityAnnex | None = Field(default=None, title="附件一 保密和网络安全协议")
    ai: AiTerms | None = Field(
        default=None, title="人工智能模型与服务条款",
        description="人工智能项目（ai_cooperation 为是）须填写，作为附件一并起草（指南 第五条—第三十三条）",
        json_schema_extra=ask_when("ai_cooperation", required=True),
    )
    incident: IncidentTerms | None = Field(
        default=None, title="安全事件通知",
        description="人工智能项目或附数据处理协议时须填写：乙方向甲方通知安全事件的时限（指南 第二十七条）",
    )
    data_processing: DataProcessingTerms | None = Field(
        default=None, title="数据处理协议", description="填写后作为附件一并起草（指南 第三十五条）"
    )

    @model_validator(mode="after")
    def _parts_given(self):
        """The AI parts an AI project needs; and [乙方丧失研究开发能力的；, 无。] lists one exception (review47)."""
        items = self.subcontracting.exceptions
        real = [i for i in items if not says_none(i)]
        if real and real != items and not self.form_hints:  # a signed form's list stays as signed
            object.__setattr__(self.subcontracting, "exceptions", real)
        if self.ai_cooperation and self.ai is None:
            raise ValueError("人工智能项目须填写人工智能模型与服务条款 ai（必填） / an AI project needs `ai`")
        if (self.ai_cooperation or self.data_processing is not None) and self.incident is None:
            raise ValueError("人工智能项目或附数据处理协议时须填写安全事件通知 incident（必填） / `incident` is required")
        return self
