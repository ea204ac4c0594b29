"""Two diffs: blocks (paragraphs and tables) aligned between the two documents, and the words of
two paired paragraphs. Chinese has no spaces between words and no segmenter is needed here: a
token is one Chinese character, a run of Latin letters or digits (30, 2026, GB/T), a number in
Chinese characters (三十, 玖拾叁万元整), a space run or one punctuation mark. Short equal islands between two changes are folded into the change, so
“30日内删除” → “90日内删除” reads as 30 → 90 and not as a scatter of single characters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# a number written in Chinese (玖拾叁万元整, 三十日) is one token, as an Arabic one is: a changed amount
# reads 玖拾叁万元整 → 玖拾捌万元整, not 叁 → 捌
_NUMERALS = "零〇壹贰叁肆伍陆柒捌玖拾佰仟一二两三四五六七八九十百千万亿"
_TOKEN = re.compile(rf"[A-Za-z0-9]+(?:[.,/:\-][A-Za-z0-9]+)*|[{_NUMERALS}]+(?:元(?:[{_NUMERALS}]+[角分])*整?)?|\s+|.",
                    re.S)
PAIR_AT = 0.45  # two paragraphs this similar are one paragraph edited, not one deleted and one added
_MAX_PAIRING = 250_000  # cells of the pairing table; larger regions are paired greedily


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Piece:
    op: str  # "equal", "delete", "insert"
    text: str


def word_diff(ours: str, theirs: str) -> list[Piece]:
    """The pieces that turn ``ours`` into ``theirs``: equal, delete, insert, in reading order
    (within one change the deletion comes first)."""
    a, b = tokens(ours), tokens(theirs)
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    # fold an equal island of one token (or two Chinese characters) between changes into them
    merged: list[list] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        short = tag == "equal" and (i2 - i1 == 1 or (i2 - i1 == 2 and all(len(t) == 1 for t in a[i1:i2])))
        between = 0 < k < len(opcodes) - 1 and merged and merged[-1][0] != "equal"
        if (short and between) or (tag != "equal" and merged and merged[-1][0] != "equal"):
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
            continue
        merged.append([tag, i1, i2, j1, j2])
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in merged:
        if tag == "equal":
            pieces.append(Piece("equal", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(Piece("delete", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("insert", "".join(b[j1:j2])))
    return pieces


def similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, tokens(a), tokens(b), autojunk=False)
    if matcher.real_quick_ratio() < PAIR_AT or matcher.quick_ratio() < PAIR_AT:
        return 0.0
    return matcher.ratio()


@dataclass(frozen=True)
class Step:
    op: str  # "equal", "modify", "delete", "insert"
    ours: int | None  # index into the ours list
    theirs: int | None


def _pair(ours: list, theirs: list, key, kind) -> list[tuple[int | None, int | None]]:
    """Inside a changed region: which of ours and theirs are the same block edited (same kind,
    similar text), keeping the order; the best total similarity (or greedily if large)."""
    n, m = len(ours), len(theirs)
    score = [[0.0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            if kind(ours[i]) == kind(theirs[j]):
                s = similarity(key(ours[i]), key(theirs[j]))
                score[i][j] = s if s >= PAIR_AT else 0.0
    if n * m <= _MAX_PAIRING:
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        for i in range(n - 1, -1, -1):
            for j in range(m - 1, -1, -1):
                take = best[i + 1][j + 1] + score[i][j] if score[i][j] else 0.0
                best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
        pairs, i, j = [], 0, 0
        while i < n and j < m:
            if score[i][j] and best[i][j] == best[i + 1][j + 1] + score[i][j]:
                pairs.append((i, j))
                i, j = i + 1, j + 1
            elif best[i][j] == best[i + 1][j]:
                i += 1
            else:
                j += 1
    else:
        pairs, j = [], 0
        for i in range(n):
            hits = [k for k in range(j, m) if score[i][k]]
            if hits:
                k = max(hits, key=lambda k: score[i][k])
                pairs.append((i, k))
                j = k + 1
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    for pi, pj in pairs + [(n, m)]:
        out += [(k, None) for k in range(i, pi)] + [(None, k) for k in range(j, pj)]
        if pi < n:
            out.append((pi, pj))
        i, j = pi + 1, pj + 1
    return out


def align(ours: list, theirs: list, key, kind=lambda x: "") -> list[Step]:
    """Align two lists of blocks (or rows) by ``key`` (their text); ``kind`` keeps a paragraph
    from being paired with a table."""
    a = [f"{kind(x)}\x00{key(x)}" for x in ours]
    b = [f"{kind(x)}\x00{key(x)}" for x in theirs]
    steps: list[Step] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            steps += [Step("equal", i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        for i, j in _pair(ours[i1:i2], theirs[j1:j2], key, kind):
            if i is not None and j is not None:
                steps.append(Step("modify", i1 + i, j1 + j))
            elif i is not None:
                steps.append(Step("delete", i1 + i, None))
            else:
                steps.append(Step("insert", None, j1 + j))
    return steps
