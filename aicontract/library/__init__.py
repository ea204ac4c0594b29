"""The clause library as data: schema, loading (with a firm's overlay), validation, the
requirement items of 第三十四—三十六条, the consistency rules and the text engine."""

from .family import Family
from .files import LibraryError, bundled_root, read_spec
from .load import annex_family, bundled_family, cached_family, families, load_family
from .requirements import Requirement, load_requirements

__all__ = ["Family", "LibraryError", "Requirement", "annex_family", "bundled_family", "bundled_root",
           "cached_family", "families", "load_family", "load_requirements", "read_spec"]
