from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
#: The full public set next to the repository (large city files are not committed).
SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "pabulib"


@pytest.fixture
def data_dir() -> Path:
    return DATA


def shared_file(name: str) -> Path:
    path = SHARED / f"{name}.pb"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
