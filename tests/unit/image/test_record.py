"""Image builds land in the rollout records: refused before debootstrap, failed after, or successful."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from provisioner.image.build import BuildRequest
from provisioner.image.errors import ImageError
from provisioner.image.record import recorded_build
from provisioner.records import RecordStore


def _request(tmp_path: Path) -> BuildRequest:
    return BuildRequest(registry_dir=tmp_path, profile="linux-tiny", out=tmp_path / "linux-tiny.tar.zst")


def _status(db: Path, run_id: int) -> tuple[str, str | None]:
    store = RecordStore(path=db)
    try:
        record = store.get(run_id=run_id)
        assert record is not None
        return record.summary.status, record.summary.message
    finally:
        store.close()


def test_check_failure_is_recorded_as_refused(tmp_path: Path) -> None:
    def refuse(*, request: BuildRequest, progress: Any) -> Any:
        raise ImageError(["org.yml: images: no profile 'linux-tiny'"])

    db = tmp_path / "records.db"
    with pytest.raises(ImageError):
        recorded_build(request=_request(tmp_path), progress=lambda _m: None, db=db, build=refuse)
    assert _status(db, 1)[0] == "refused"


def test_failure_after_debootstrap_is_recorded_as_failed(tmp_path: Path) -> None:
    def fail_late(*, request: BuildRequest, progress: Any) -> Any:
        progress("base: debootstrap bookworm")
        raise ImageError(["ansible-playbook failed, see build.log"])

    db = tmp_path / "records.db"
    with pytest.raises(ImageError):
        recorded_build(request=_request(tmp_path), progress=lambda _m: None, db=db, build=fail_late)
    assert _status(db, 1)[0] == "failed"


def test_success_records_the_tarball_and_its_digest(tmp_path: Path) -> None:
    tarball = SimpleNamespace(size=1234, sha256="ab" * 32)
    result = SimpleNamespace(tarball=tmp_path / "linux-tiny.tar.zst", manifest=SimpleNamespace(tarball=tarball, packages=["nano", "less"]))

    def succeed(*, request: BuildRequest, progress: Any) -> Any:
        progress("base: debootstrap bookworm")
        return result

    db = tmp_path / "records.db"
    run_id, returned = recorded_build(request=_request(tmp_path), progress=lambda _m: None, db=db, build=succeed)
    assert returned is result
    status, message = _status(db, run_id)
    assert status == "successful"
    assert message is not None
    assert "ab" * 32 in message
    assert "2 packages" in message
