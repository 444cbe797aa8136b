"""Image builds are recorded like rollouts: who built which profile, when, from which commit, and what came out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from provisioner.image.build import BuildRequest, BuildResult, Progress, build_image
from provisioner.image.errors import ImageError
from provisioner.image.manifest import manifest_path
from provisioner.image.playbook import project_root
from provisioner.records import RecordStore, default_db_path
from provisioner.records.models import NewRun, Options, RunStatus
from provisioner.records.procinfo import current
from provisioner.rollout import context

PLAYBOOK = "playbooks/linux_clients.yml"


def recorded_build(
    *, request: BuildRequest, progress: Progress, db: Path | None = None, build: Callable[..., BuildResult] = build_image
) -> tuple[int, BuildResult]:
    """Build the image inside a run record: `refused` if a check fails before debootstrap, else `failed` or `successful`."""
    store = RecordStore(path=db or default_db_path())
    try:
        run_id = store.start_run(run=_new_run(request))
        return run_id, _build(store=store, run_id=run_id, request=request, progress=progress, build=build)
    finally:
        store.close()


def _new_run(request: BuildRequest) -> NewRun:
    options = Options(
        playbook=PLAYBOOK,
        inventory=(f"image:{request.profile}",),
        extra_vars={"image_profile": request.profile, "image_out": str(request.out)},
    )
    return NewRun(
        operator=context.operator(),
        source=context.source(cwd=project_root(), registry_digest=None, registry_path=str(request.registry_dir)),
        trigger=context.trigger(onboarding=False),
        options=options,
        process=current(),
        artifacts_dir=str(manifest_path(tarball=request.out).parent),
    )


def _build(*, store: RecordStore, run_id: int, request: BuildRequest, progress: Progress, build: Callable[..., BuildResult]) -> BuildResult:
    started: list[str] = []

    def track(message: str) -> None:
        started.append(message)
        progress(message)

    try:
        result = build(request=request, progress=track)
    except ImageError as exc:
        status: RunStatus = "failed" if started else "refused"
        message = f"image {request.profile}: {status}"
        store.finish_run(run_id=run_id, status=status, exit_code=1 if started else 2, message=message, errors=exc.problems)
        raise
    except BaseException:
        store.finish_run(run_id=run_id, status="interrupted", exit_code=3, message=f"image {request.profile}: interrupted")
        raise
    info = result.manifest.tarball
    summary = (
        f"image {request.profile}: {result.tarball} ({info.size} bytes, sha256 {info.sha256}, {len(result.manifest.packages)} packages)"
    )
    store.finish_run(run_id=run_id, status="successful", exit_code=0, message=summary)
    return result
