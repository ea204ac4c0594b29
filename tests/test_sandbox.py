"""The sandbox itself, the last line of defence behind the load-time checks: texts that reach
the engine directly (as they would if a load-time check had a gap) cannot reach Python's
internals, run unbounded work, or format their way to an object's attributes."""

import pytest
from jinja2.exceptions import SecurityError

from aicontract.library.limits import LimitExceeded
from aicontract.library.textenv import TRUSTED_ENGINE, TextEngine

FIRM = TextEngine(trusted=False)


@pytest.mark.parametrize("text", [
    "{{ name|attr('__class__') }}",
    "{{ name.__class__ }}",
    "{{ name.__class__.__mro__[1].__subclasses__() }}",
    "{{ '{0.__class__}'.format(name) }}",
])
def test_internals_are_out_of_reach(text):
    with pytest.raises(SecurityError):
        FIRM.fill(text, {"name": "江州市政务服务和数据管理局"})


@pytest.mark.parametrize("text, reason", [
    ("{{ 'a' * 100000000 }}", "repetition to 100000000 characters / 重复过多"),
    ("{{ 10 ** 100000 }}", "exponent 100000 too large / 指数过大"),
    ("{{ '%s' % name }}", "%-formatting of text is not allowed"),
    ("{% for a in items %}{% for b in items %}{% for c in items %}x{% endfor %}{% endfor %}{% endfor %}",
     "took longer than 2.0 s / 超出时间限制|text longer than"),
])
def test_unbounded_work_is_refused(text, reason):
    with pytest.raises(LimitExceeded, match=reason):
        FIRM.fill(text, {"name": "甲方", "items": list(range(3000))})


def test_the_bundled_engine_is_the_trusted_one_and_firms_get_the_sandbox():
    assert TRUSTED_ENGINE.trusted and not FIRM.trusted
    assert FIRM.fill("{{ name }}须于{{ days }}日内", {"name": "乙方", "days": 15}) == "乙方须于15日内"
