"""Drafting: deal + clause library -> Contract (plain data) -> checked against 第三十四—三十六条
and the consistency rules; ``draft`` does both and refuses an incomplete contract."""

from .assemble import assemble
from .check import check
from .contract import Contract
from .draft import IncompleteDraft, draft
from .findings import CheckFinding, Report

__all__ = ["CheckFinding", "Contract", "IncompleteDraft", "Report", "assemble", "check", "draft"]
