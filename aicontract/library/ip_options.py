"""The IP ownership options as data (clause_library/ip/options.yaml): what each means for
who owns, uses, licenses, transfers, files, enforces, and the risks to each side."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..models.common import IpOwnership, PartyRole
from ..models.tech_development import IpRoute
from .files import LibraryError, bundled_root, read_spec


class _Spec(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Attribute(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    title: str


class IpOption(_Spec):
    id: str
    title: str
    summary: str
    deal: dict[str, str] = Field(default_factory=dict, description="the deal's ip values that choose it")

    def value(self, key: str) -> str:
        return getattr(self, key)


class OptionGroup(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    applies_to: list[str]
    options: list[IpOption] = Field(min_length=1)


class IpOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    source: str
    attributes: list[Attribute]
    groups: list[OptionGroup]

    @model_validator(mode="after")
    def _every_attribute_filled(self):
        keys = [a.key for a in self.attributes]
        for group in self.groups:
            for option in group.options:
                extra = set(option.model_extra or {})
                missing = [k for k in keys if not str((option.model_extra or {}).get(k, "")).strip()]
                if missing:
                    raise ValueError(f"option {option.id}: attributes without text: {missing}")
                unknown = extra - set(keys)
                if unknown:
                    raise ValueError(f"option {option.id}: unknown attributes {sorted(unknown)}")
        return self

    def group(self, group_id: str) -> OptionGroup:
        return next(g for g in self.groups if g.id == group_id)


@functools.lru_cache(maxsize=None)
def load_options() -> IpOptions:
    options = read_spec(bundled_root() / "ip" / "options.yaml", IpOptions)
    _check_deal_values(options)
    return options


def _check_deal_values(options: IpOptions) -> None:
    """Each option's ``deal`` names real IpTerms fields and enum values."""
    allowed = {"ownership": {m.value for m in IpOwnership}, "owner": {m.value for m in PartyRole},
               "route": {m.value for m in IpRoute}}
    for group in options.groups:
        for option in group.options:
            for key, value in option.deal.items():
                if value not in allowed.get(key, ()):
                    choices = sorted(allowed.get(key, ()))
                    raise LibraryError(f"ip/options.yaml: option {option.id}: deal.{key}: {value!r} 不是可选的值"
                                       f"（可选：{choices}） / is not a valid choice")


