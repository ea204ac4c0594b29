"""CooperationDeal: the parameters of the 项目合作合同 of 指南 附录二.

Each blank of 附录二 is a field here; the comment names the sub-clause it fills.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from .ai import AiTerms
from .common import (
    Copies,
    DisputeResolution,
    IncidentTerms,
    Instalment,
    IpTerms,
    Money,
    Party,
    PartyRole,
    Strict,
    Text,
    ask_when,
    with_amounts,
)
from .data_processing import DataProcessingTerms
from .typed import Day, YesNo


class Project(Strict):
    model_config = ConfigDict(title="项目与模型")

    name: Text = Field(title="项目名称", description="用于序言“开展……项目合作”，例：市政务服务智能问答")
    definition: Text = Field(
        title="项目定义", description="附录二 1.1“项目：……”的内容，说明项目范围"
    )
    model_name: Text = Field(
        title="模型名称",
        description="双方合作开发的模型名称，不含末尾“模型”二字（附录二 1.2、1.4、2.1）",
    )
    scenario: Text = Field(title="应用场景", description="模型用于的场景（附录二 2.1）")
    purpose: Text = Field(title="合作目的", description="以达到的目的（附录二 2.1）")


class Term(Strict):
    model_config = ConfigDict(title="项目期限")

    start: Day = Field(title="起始日期", description="项目起始日，合同于该日生效（附录二 2.2、15.1）")
    end: Day = Field(title="截止日期", description="项目截止日（附录二 2.2）")


class WorkTask(Strict):
    model_config = ConfigDict(title="工作任务")

    scenario: Text = Field(title="应用场景")
    function: Text = Field(title="功能描述")
    deliverable: Text = Field(title="交付成果")


class ResourcesA(Strict):
    model_config = ConfigDict(title="甲方提供的项目资源")

    scenario_materials: Text = Field(title="应用场景资料", description="附录二 3.1（1）")
    compute_network: Text = Field(title="算力及网络资源", description="附录二 3.1（2）")
    experts: Text = Field(title="专家支持", description="附录二 3.1（3），参见指南 第六条")
    other: Text = Field(title="其他资源", description="附录二 3.1（4）；没有时填写“无”")


class BaseModelInfo(Strict):
    model_config = ConfigDict(title="基础模型")

    name: Text = Field(title="基础模型名称", description="附录二 3.2（1）")
    filing_no: Text | None = Field(
        default=None,
        title="备案号",
        description="生成式人工智能服务备案号（指南 第七条：应使用已完成备案的模型）",
    )


class ResourcesB(Strict):
    model_config = ConfigDict(title="乙方提供的项目资源")

    base_model: BaseModelInfo = Field(title="基础模型")
    compute_system: Text = Field(title="算力及系统资源", description="附录二 3.2（2）")
    data_services: Text = Field(title="数据清洗、标注服务", description="附录二 3.2（3）")
    other: Text = Field(title="其他资源", description="附录二 3.2（4）；没有时填写“无”")


class Milestones(Strict):
    model_config = ConfigDict(title="交付及验收安排")

    expert_review: Day = Field(title="专家评审截止日", description="附录二 5.1（1）")
    preliminary_acceptance: Day = Field(title="初步验收截止日", description="附录二 5.1（2）")
    trial_start: Day = Field(title="试运行开始日", description="附录二 5.1（3）")
    trial_end: Day = Field(title="试运行结束日", description="附录二 5.1（3）")
    final_acceptance: Day = Field(title="最终验收截止日", description="附录二 5.1（4）")


class SecurityTesting(Strict):
    """Who commissions and pays for 等级保护 testing when acceptance depends on its report."""

    model_config = ConfigDict(title="网络安全等级保护测评")

    payer: PartyRole = Field(
        title="测评费用承担方",
        description="网络安全等级保护测评的费用由甲方或乙方承担（定级、备案和测评由甲方作为网络运营者组织）；"
                    "因乙方原因需要复测的，复测费用由乙方承担"
    )
    fix_days: int = Field(
        ge=1, le=90, title="整改期限（工作日）", description="测评发现的问题由乙方在几个工作日内免费整改"
    )
    extension_limit_days: int = Field(
        ge=1, le=365, title="测评报告延误的顺延上限（日）",
        description="因甲方原因未能在最终验收日前取得测评报告、验收顺延超过几日后，甲方就其他验收标准组织最终验收"
                    "并支付以最终验收为条件的经费（乙方的整改义务不受影响）",
    )


class AcceptanceProcedure(Strict):
    model_config = ConfigDict(title="评审验收程序")

    application_days: int = Field(
        ge=1, le=90, title="申请提前工作日", description="评审会、验收会在收到申请书之日起满几个工作日后召开，甲方可以提前（附录二 5.2：乙方在会前几个工作日提交申请书）"
    )
    organize_days: int = Field(
        ge=1, le=90, title="组织验收工作日", description="甲方在收到申请书之日起几个工作日内召开评审会、验收会，未召开的视为通过（附录二 5.2）"
    )
    criteria: list[Text] = Field(
        title="验收标准和指标",
        description="模型应达到的技术标准和指标，每条一项（指南 第三十四条（三））",
    )
    security_testing: SecurityTesting | None = Field(
        default=None, title="网络安全等级保护测评",
        description="验收标准含网络安全等级保护测评时填写：测评费用由谁承担、发现的问题在几个工作日内整改、"
                    "测评报告延误时顺延的上限；不含时不填",
    )

    @model_validator(mode="after")
    def _a_window_to_meet_in(self):
        """5.2: the meeting is held within organize_days working days of the application, not before application_days
        have passed unless 甲方 brings it forward (review77 R77-2, review78 R78-1)."""
        if self.application_days >= self.organize_days:
            raise ValueError(f"申请提前工作日（{self.application_days}）须少于组织验收工作日（{self.organize_days}）：评审会、验收会在"
                             f"收到申请书之日起{self.organize_days}个工作日内、满{self.application_days}个工作日后召开 / "
                             "application_days must be fewer than organize_days")
        return self


class Support(Strict):
    model_config = ConfigDict(title="免费技术支持")

    years: int = Field(ge=0, le=20, title="免费技术支持年限", description="最终验收之日起几年（附录二 5.3）")
    content: Text = Field(title="技术支持内容", description="服务内容包括但不限于……（附录二 5.3）")


class Funding(Strict):
    model_config = ConfigDict(title="项目经费")

    source: Text = Field(title="经费来源", description="附录二 6.1，例：市级财政资金")
    total: Money = Field(title="经费总额（元）", description="项目经费总额，单位元")
    instalments: list[Instalment] = Field(
        min_length=1, title="拨付方式", description="分期拨付的各期（附录二 6.2）；一次拨付时只列一期"
    )
    revenue_expected: YesNo = Field(
        title="拟通过成果转化获取收益",
        description="双方拟通过项目成果转化获取收益的，须约定收益目标和分配方案（指南 第三十四条（四））",
    )
    revenue_plan: Text | None = Field(
        default=None, title="收益目标和分配方案", description="仅拟获取收益时填写（指南 第三十四条（四））",
        json_schema_extra=ask_when("revenue_expected", required=True),
    )

    @model_validator(mode="after")
    def _amounts_from_percentages(self):
        object.__setattr__(self, "instalments", with_amounts(self.total, self.instalments))
        return self


class CooperationDeal(Strict):
    """项目合作合同（指南 附录二）的全部参数。"""

    model_config = ConfigDict(title="项目合作合同（指南 附录二）")

    family: Literal["cooperation"] = Field(default="cooperation", title="合同类型")
    contract_no: Text | None = Field(default=None, title="合同编号", description="可选；批量生成时用作文件名")
    party_a: Party = Field(title="甲方（建设方）")
    party_b: Party = Field(title="乙方（承建方）")
    project: Project = Field(title="项目与模型")
    term: Term = Field(title="项目期限")
    work_tasks: list[WorkTask] = Field(min_length=1, title="工作任务", description="附录二 2.3 的表格，每行一项")
    resources_a: ResourcesA = Field(title="甲方提供的项目资源")
    resources_b: ResourcesB = Field(title="乙方提供的项目资源")
    milestones: Milestones = Field(title="交付及验收安排")
    acceptance: AcceptanceProcedure = Field(title="评审验收程序与标准")
    support: Support = Field(title="免费技术支持")
    funding: Funding = Field(title="项目经费")
    ip: IpTerms = Field(title="项目知识产权归属")
    nonconformity_liability: Text | None = Field(
        default=None,
        title="成果不符合需求的违约责任",
        description="开发成果不符合需求时承建方承担的违约责任（指南 第三十四条（七）），例：免费修改、退还经费、违约金",
    )
    staff_undertakings: YesNo = Field(
        default=True,
        title="工作人员单独签署保密承诺书",
        description="是否要求乙方参与项目的工作人员单独签署保密承诺书（指南 第三十四条（六））",
    )
    force_majeure_days: int = Field(
        ge=1, le=365, title="不可抗力持续天数", description="不可抗力持续几日以上可终止合同（附录二 11.3）"
    )
    dispute: DisputeResolution = Field(title="争议解决")
    copies: Copies = Field(title="合同份数", description="附录二 15.3")
    ai: AiTerms = Field(title="人工智能模型与服务条款", description="作为本合同附件一并起草（指南 第五条—第三十三条）")
    incident: IncidentTerms = Field(title="安全事件通知", description="乙方向甲方通知安全事件的时限（指南 第二十七条）")
    data_processing: DataProcessingTerms | None = Field(
        default=None,
        title="数据处理协议",
        description="填写后作为本合同附件一并起草（指南 第三十五条）；另行签署时不填",
    )
    signing_date: Day | None = Field(
        default=None, title="签署日期", description="可选；不填时签章处留待手写日期"
    )
