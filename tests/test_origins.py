"""io/origins.py: where a row's values came from, worked out only when asked, and sent to a
worker as the row's numbers only."""

import pickle

from aicontract.io.origins import Origins

LAYOUT = ((0, ("contract_no",), "A"), (2, ("party_a", "name"), "C"), (3, ("party_b", "name"), "D"),
          (5, ("funding", "total"), "F"))
LISTS = (("拨付方式", ("funding", "instalments"), (("percent", "B"), ("days", "D")), (7, 9)),)


def test_origins_of_a_row_written_out():
    origins = Origins("合同", 4, 3, LAYOUT, LISTS)
    assert dict(origins) == {
        ("contract_no",): ("合同", 4, "A"), ("party_a", "name"): ("合同", 4, "C"),  # D and F are beyond its 3 cells
        ("funding", "instalments", 0, "percent"): ("拨付方式", 7, "B"),
        ("funding", "instalments", 0, "days"): ("拨付方式", 7, "D"),
        ("funding", "instalments", 1, "percent"): ("拨付方式", 9, "B"),
        ("funding", "instalments", 1, "days"): ("拨付方式", 9, "D")}
    assert origins.get(("funding", "total")) is None
    assert len(origins) == 6


def test_sent_as_numbers_and_worked_out_again():
    origins = Origins("deals.csv", 12, 6, LAYOUT)
    assert origins[("funding", "total")] == ("deals.csv", 12, "F")  # worked out here…
    copy = pickle.loads(pickle.dumps(origins))
    assert copy._known is None  # …but not sent
    assert copy == {("contract_no",): ("deals.csv", 12, "A"), ("party_a", "name"): ("deals.csv", 12, "C"),
                    ("party_b", "name"): ("deals.csv", 12, "D"), ("funding", "total"): ("deals.csv", 12, "F")}
