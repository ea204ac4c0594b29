"""File names for batch outputs: from the 合同编号 (or another column), accepted by every
operating system, at most 255 bytes with their suffix whatever the script (CJK and emoji take
three or four bytes a character), and unique even when rows collide or differ only in case."""

from __future__ import annotations

import re
import unicodedata

from .sheet import Row, SheetColumn, SheetError, column_title

WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM_BYTES = 200  # 255 less room for “-9999” and the longest suffix, “.docx”


def safe_stem(text: str, limit: int = MAX_STEM_BYTES) -> str:
    """A file name every OS accepts: no reserved characters or names, no trailing dot or space,
    cut at a character boundary to ``limit`` bytes of UTF-8."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", text).strip(" .")
    text = text or "contract"
    if text.split(".")[0].upper() in WINDOWS_RESERVED:
        text = "_" + text
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore").rstrip(" .") or "contract"


class Namer:
    """Output stems from 合同编号 (or ``name_column``), unique even when rows collide and
    regardless of letter case."""

    def __init__(self, name_column: str | None, columns: list[SheetColumn] = ()):
        """``columns``: the main sheet's; ``name_column`` is one of their keys or titles (party_a.name or
        甲方（建设方）·名称), anything else is refused (clerk walkthrough M6: every file came out as rowN.docx)."""
        key = name_column or "contract_no"
        if name_column and columns:
            found = next((c.key for c in columns if column_title(name_column) in (c.key, c.title)), None)  # 名称（必填） too
            if found is None:
                shown = name_column if len(name_column) <= 60 else name_column[:60] + "…"
                raise SheetError(f"--name-column：“合同”表中没有“{shown}”这一列（可写字段键或列标题，如 contract_no、"
                                 f"party_a.name 或 甲方（建设方）·名称，见“填写说明”） / no such column: {shown}")
            key = found
        self.parts = key.split(".")
        self.taken: set[str] = set()

    def __call__(self, row: Row) -> str:
        value = row.data
        for part in self.parts:
            value = value.get(part) if isinstance(value, dict) else None
        stem = safe_stem(str(value)) if value not in (None, "") else f"row{row.number}"
        candidate, n = stem, 1
        while candidate.casefold() in self.taken:
            n += 1
            candidate = f"{stem}-{n}"
        self.taken.add(candidate.casefold())
        return candidate
