"""Redraft every bundled example and write its sample beside it (examples/<name>.md).

The samples are the executable spec (tests/test_samples.py): after a deliberate change to
clause text, run this, read the diff of the samples as a lawyer would, and commit both."""

from pathlib import Path

from aicontract import draft, load_deal, render

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def main() -> None:
    for deal_file in sorted(EXAMPLES.glob("*.yaml")):
        contract, _ = draft(load_deal(deal_file))
        target = deal_file.with_suffix(".md")
        target.write_bytes(render(contract, "md"))
        print(f"written: {target}")


if __name__ == "__main__":
    main()
