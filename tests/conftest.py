import shutil

import pytest

from helpers import ROOT


@pytest.fixture
def library_copy(tmp_path):
    """A writable copy of the bundled clause library."""
    target = tmp_path / "clause_library"
    shutil.copytree(ROOT / "clause_library", target)
    return target
