"""AiTerms: the parameters of the 人工智能模型与服务条款, the annex that allocates the duties of
指南 第五条—第三十三条 (model design, sources, deployment, service, incidents, supervision).

Shared by the 项目合作合同 (always) and the 技术开发（委托）合同 (when ``ai_cooperation``). Duties
that arise only when a fact arises are written as conditional sentences (乙方使用开源模型的，…)
and need no parameter; the fields below are the choices and facts the text cannot do without.
"""

from __future__ import annotations

from enum import Enum

from pydantic import ConfigDict, Field, model_validator

from .common import Strict, Text, ask_when
from .typed import YesNo


class Compute(str, Enum):
    """指南 第八条: where the model is trained and runs."""

    PARTY_A = "甲方提供的算力"
    OWN = "乙方自有算力"
    CLOUD = "云服务"
    MIXED = "自有算力和云服务结合"


class Isolation(str, Enum):
    """指南 第八条第四款."""

    PHYSICAL = "物理隔离"
    LOGICAL = "逻辑隔离"


class ServiceObject(str, Enum):
    """指南 第四条（十一）, 第二十条."""

    STAFF = "政务机构工作人员"
    PUBLIC = "社会公众"


class Deployment(Strict):
    model_config = ConfigDict(title="算力和部署")

    compute: Compute = Field(title="算力来源", description="模型训练、部署使用的算力（指南 第八条）")
    cloud_service: Text | None = Field(
        default=None, title="云服务类型", description="使用云服务时填写，应符合政务机构网络安全要求，例：政务云",
        json_schema_extra=ask_when("compute in ('云服务', '自有算力和云服务结合')", required=True),
    )
    isolation: Isolation = Field(title="训练与推理环境隔离方式", description="物理隔离或逻辑隔离（指南 第八条第四款）")

    @model_validator(mode="after")
    def _cloud_named(self):
        if self.compute in (Compute.CLOUD, Compute.MIXED) and self.cloud_service is None:
            raise ValueError("使用云服务时须填写云服务类型 cloud_service / a cloud deployment names its cloud service")
        return self


class AiTerms(Strict):
    model_config = ConfigDict(title="人工智能模型与服务条款")

    deployment: Deployment = Field(title="算力和部署")
    service_period: Text = Field(
        title="服务期限",
        description="乙方承担服务水平、监看、后门检测、安全审计等运行义务的期限，例：自初步验收上线之日起至免费技术支持期届满之日止",
    )
    backdoor_check: Text = Field(
        title="后门检测周期", description="乙方定期对模型进行后门存在性检测的周期，例：每季度（指南 第五条第三款）"
    )
    security_audit: Text = Field(
        title="安全审计周期", description="对开发框架、代码等进行安全审计的周期，例：每半年（指南 第三十条第二款）"
    )
    service_objects: list[ServiceObject] = Field(
        min_length=1, title="服务对象", description="政务机构工作人员、社会公众（指南 第四条（十一）、第二十条）"
    )
    public_content: YesNo = Field(
        title="向公众提供生成合成内容",
        description="甲方是否向公众提供模型生成合成的内容；是则须添加显式和隐式标识（指南 第三十三条）",
    )
    input_training: YesNo = Field(
        title="允许将服务对象的输入信息用于训练",
        description="是：经甲方书面同意并取得服务对象授权后可用，且须提供便捷的关闭方式；否：不得用于训练（指南 第二十四条）",
    )
    input_third_party_pi: YesNo | None = Field(
        default=None, title="输入信息含他人的个人信息",
        description="允许将输入信息用于训练时须回答：服务对象输入的信息是否含有服务对象以外的个人的个人信息"
                    "（如工作人员录入的投诉举报人、被投诉人信息）；服务对象的授权同意不能作为处理他人个人信息的依据",
        json_schema_extra=ask_when("input_training", required=True),
    )
    service_levels: list[Text] = Field(
        min_length=1, title="服务水平", description="可用性、故障响应和恢复时限等，每条一项（指南 第二十三条）"
    )
    log_months: int = Field(
        ge=6, le=120, title="网络日志留存（月）",
        description="服务运行网络日志的留存期限，不少于六个月（《网络安全法》第二十三条第（三）项，2025年修正）",
    )
    monitors: Text = Field(
        title="监看人员安排", description="监看人员的人数和工作方式，应与服务规模相匹配（指南 第三十二条）"
    )
    important_scenario: Text | None = Field(
        default=None, title="重要场合",
        description="服务用于关键信息基础设施，或社会治理、公共安全等重要场合时写明场合；不用于时不填（指南 第二十七条第二款）",
    )
    important_measures: Text | None = Field(
        default=None, title="重要场合的安全保护措施", description="与风险程度和场景相适应的措施",
        json_schema_extra=ask_when("important_scenario", required=True),
    )

    @model_validator(mode="after")
    def _inputs_described_when_trained_on(self):
        """A fact the check needs, never assumed (指南 第二十四条)."""
        if self.input_training and self.input_third_party_pi is None:
            raise ValueError("允许将输入信息用于训练时须回答输入信息是否含他人的个人信息 input_third_party_pi"
                             " / input_third_party_pi is required when inputs are used for training")
        return self

    @model_validator(mode="after")
    def _measures_for_important_scenario(self):
        if self.important_scenario is not None and self.important_measures is None:
            raise ValueError("填写重要场合时须写明安全保护措施 important_measures / an important scenario needs its measures")
        return self
