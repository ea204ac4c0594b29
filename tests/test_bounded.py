"""bounded.py: a memo of two generations keeps what is used again and drops what is not."""

from aicontract.bounded import BoundedMemo


def test_entries_used_again_survive_and_the_rest_age_out():
    memo = BoundedMemo(2)
    memo.put("hot", 1)
    memo.put("a", 2)  # young: hot, a
    memo.put("b", 3)  # full: old = {hot, a}, young = {b}
    assert memo.get("hot") == 1  # moved back to the young generation
    memo.put("c", 4)  # full: old = {b, hot}, young = {c}
    memo.put("d", 5)
    memo.put("e", 6)  # full: old = {c, d}, young = {e}
    assert memo.get("a") is None and memo.get("b") is None
    assert memo.get("hot") is None  # not used for two generations
    assert (memo.get("c"), memo.get("e")) == (4, 6)
    assert len(memo) == 3  # d old; e, c young


def test_never_more_than_two_generations():
    memo = BoundedMemo(3)
    for n in range(100):
        memo.put(n, n)
        assert len(memo) <= 6
    memo.clear()
    assert len(memo) == 0 and memo.get(99) is None
