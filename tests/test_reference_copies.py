from pathlib import Path

import pytest

from tests.conftest import REFERENCE, ROOT

SHARED = ROOT.parent / "shared" / "reference"


@pytest.mark.parametrize("path", sorted(REFERENCE.glob("*.csv")), ids=lambda p: p.name)
def test_copy_equals_shared_reference(path: Path) -> None:
    original = SHARED / path.name
    if not SHARED.exists():
        pytest.skip("../shared/reference is not beside this checkout")
    assert path.read_bytes() == original.read_bytes()
