"""Each bundled example is an executable spec: it drafts, passes the check, and reproduces its
checked-in sample (examples/<name>.md) exactly. After a deliberate change to clause text,
`python tools/update_samples.py` rewrites the samples; their diff is what a reviewer reads."""

import pytest

from aicontract import draft, load_deal, render

from helpers import EXAMPLES

NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))


def test_every_example_has_a_sample():
    assert NAMES == ["changzhou", "cooperation", "data_processing", "tech_development_ai"]
    assert sorted(p.stem for p in EXAMPLES.glob("*.md")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_example_reproduces_its_sample(name):
    contract, report = draft(load_deal(EXAMPLES / f"{name}.yaml"))
    assert report.ok
    expected = (EXAMPLES / f"{name}.md").read_text(encoding="utf-8")
    assert render(contract, "md").decode("utf-8") == expected
