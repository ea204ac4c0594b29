"""Agreement of `aicontract review` with the labelled corpus (tests/review_corpus), per item.

    python tools/review_agreement.py            # table per item, disagreements listed
Each judgement is one (document, item) pair labelled covered / partial / missing."""

from __future__ import annotations

import collections
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aicontract.review import review  # noqa: E402

CORPUS = ROOT / "tests" / "review_corpus"


def judgements() -> list[tuple[str, str, str, str]]:
    """(document, item, label, tool) for every labelled item the tool reports."""
    labels = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
    out = []
    for name, items in labels.items():
        got = {i.id: i.status for i in review(CORPUS / "docs" / name).items}
        out += [(name, item, label["status"], got[item]) for item, label in items.items()
                if isinstance(label, dict) and "status" in label and item in got]
    return out


def main() -> None:
    rows = judgements()
    per_item = collections.defaultdict(lambda: [0, 0])
    for _, item, label, tool in rows:
        per_item[item][0] += label == tool
        per_item[item][1] += 1
    agree = sum(label == tool for *_, label, tool in rows)
    print("| item | agree | of | % |\n|---|---|---|---|")
    for item in sorted(per_item, key=lambda i: [float(p) if p.replace(".", "").isdigit() else 0 for p in i.split("/")[:1]] + [i]):
        a, n = per_item[item]
        print(f"| {item} | {a} | {n} | {100 * a / n:.0f}% |")
    print(f"| all | {agree} | {len(rows)} | {100 * agree / len(rows):.1f}% |")
    for name, item, label, tool in rows:
        if label != tool:
            print(f"  {name}\t{item}\tlabel={label}\ttool={tool}")


if __name__ == "__main__":
    main()
