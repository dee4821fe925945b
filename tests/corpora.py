"""The shared test corpora (XSS payloads, naughty strings): an extra, not a requirement.

They live beside the repository (`../shared/corpora`) or wherever REJOINDER_CORPORA points.
A fresh clone has neither, and its `make test` must still pass: the suite's own security
tests (tests/discussion/test_markup_properties.py) generate their hostile input with
Hypothesis. Tests marked `corpora` run the shared lists on top when they are present; when
they are not, those tests are skipped and the run ends by saying so. CI sets
REQUIRE_CORPORA=1, which turns a missing corpus into a failure instead.
"""

import os
from pathlib import Path

import pytest

BESIDE_REPO = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


def find_corpora(beside_repo: Path = BESIDE_REPO) -> Path | None:
    if beside_repo.is_dir():
        return beside_repo
    from_env = os.environ.get("REJOINDER_CORPORA")
    if from_env and Path(from_env).is_dir():
        return Path(from_env)
    return None


def required() -> bool:
    return os.environ.get("REQUIRE_CORPORA") == "1"


def missing_reason(beside_repo: Path = BESIDE_REPO) -> str:
    from_env = os.environ.get("REJOINDER_CORPORA")
    return (
        f"shared test corpora not found (looked for {beside_repo} and "
        f"$REJOINDER_CORPORA={from_env!r})"
    )


def corpora_dir(beside_repo: Path = BESIDE_REPO) -> Path:
    """The corpora's folder; a test marked `corpora` only runs when it exists, so reaching
    the failure below means REQUIRE_CORPORA=1 and no corpora: the run must fail."""
    found = find_corpora(beside_repo)
    if found is None:
        pytest.fail(
            f"{missing_reason(beside_repo)}; put them beside the repository or set "
            "REJOINDER_CORPORA",
            pytrace=False,
        )
    return found
