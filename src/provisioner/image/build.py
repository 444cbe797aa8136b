"""`provisioner image build`: check, debootstrap (cached), apply linux_client in a chroot, clean, pack, manifest."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from provisioner.image.apt_index import IndexSource, host_arch, missing, package_names
from provisioner.image.errors import ImageError
from provisioner.image.finish import InstalledPackage, clean_root, installed_packages, pack
from provisioner.image.manifest import Manifest, manifest_path, package_entries, role_source, tarball_info, write_manifest
from provisioner.image.mirror import debian_mirror
from provisioner.image.playbook import apply_role, chroot_inventory, project_root
from provisioner.image.profile import device_image, linux_profile
from provisioner.image.rootfs import (
    BaseSpec,
    chroot_mounted,
    copy_base,
    ensure_base,
    mount_chroot,
    remove_tree,
    require_tools,
    unmount_chroot,
)
from provisioner.paths import state_dir
from provisioner.registry.images import LinuxImage
from provisioner.registry.load import Registry, load_registry

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildRequest:
    """What to build and where."""

    registry_dir: Path
    profile: str
    out: Path
    mirror: str | None = None
    work_dir: Path | None = None
    keep_work: bool = False
    build_apt_proxy: str | None = None
    ansible_args: tuple[str, ...] = ()
    cache_dir: Path = field(default_factory=lambda: state_dir() / "cache")


@dataclass(frozen=True)
class Checked:
    """A request that passed every check before debootstrap."""

    registry: Registry
    image: LinuxImage
    mirror: str
    arch: str


@dataclass(frozen=True)
class BuildResult:
    """The tarball and manifest written."""

    tarball: Path
    manifest_file: Path
    manifest: Manifest


def check_request(*, request: BuildRequest, known_packages: Callable[[IndexSource], set[str]] | None = None) -> Checked:
    """Every check that needs no debootstrap: registry, profile, packages, output path. ImageError lists all problems."""
    registry = load_registry(request.registry_dir).require()
    image = linux_profile(registry=registry, name=request.profile)
    mirror = debian_mirror(override=request.mirror)
    source = IndexSource(mirror=mirror, suite=image.release, arch=host_arch())
    lookup = known_packages or (lambda s: package_names(source=s, cache_dir=request.cache_dir / "apt-index"))
    problems = [
        f"{registry.org_file}: images.{request.profile}.packages: '{name}' is not in {image.distribution} {image.release} "
        f"({'/'.join(source.components)}, {source.arch}) on {mirror} (fix: correct the name or remove it)"
        for name in missing(wanted=image.packages, known=lookup(source))
    ]
    problems += _output_problems(request.out)
    if problems:
        raise ImageError(problems)
    return Checked(registry=registry, image=image, mirror=mirror, arch=source.arch)


def _output_problems(out: Path) -> list[str]:
    if not out.name.endswith(".tar.zst"):
        return [f"--out {out}: the image is a .tar.zst (fix: name it e.g. {out.name}.tar.zst)"]
    if not out.parent.is_dir():
        return [f"--out {out}: directory {out.parent} does not exist (fix: create it first)"]
    return []


def build_image(*, request: BuildRequest, progress: Progress = lambda _msg: None) -> BuildResult:
    """Build the image; nothing is debootstrapped unless every check passed."""
    started = time.monotonic()
    require_tools("debootstrap", "chroot", "tar", "mount")
    checked = check_request(request=request)
    work = request.work_dir or Path(tempfile.mkdtemp(prefix=f"image-{request.profile}-", dir=_work_parent(request)))
    work.mkdir(parents=True, exist_ok=True)
    log = work / "build.log"
    root = work / "root"
    try:
        progress(f"base: debootstrap {checked.image.release} (cached under {request.cache_dir / 'rootfs'}), log {log}")
        base = ensure_base(
            spec=BaseSpec(release=checked.image.release, mirror=checked.mirror, arch=checked.arch), cache_dir=request.cache_dir, log=log
        )
        copy_base(base=base, dest=root)
        progress(f"role: applying linux_client in image mode to {root}")
        packages = _configure(request=request, checked=checked, root=root, work=work, log=log)
        progress(f"pack: {request.out}")
        packed = pack(root=root, out=request.out)
    finally:
        if not request.keep_work:
            remove_tree(root)
            shutil.rmtree(work, ignore_errors=True)
    manifest = Manifest(
        profile=request.profile,
        distribution=checked.image.distribution,
        release=checked.image.release,
        arch=checked.arch,
        mirror=checked.mirror,
        profile_packages=list(checked.image.packages),
        packages=package_entries(packages=packages),
        role=role_source(project=project_root()),
        registry_digest=checked.registry.digest,
        tarball=tarball_info(packed=packed),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        duration_seconds=round(time.monotonic() - started, 1),
    )
    path = manifest_path(tarball=request.out)
    write_manifest(manifest=manifest, path=path)
    return BuildResult(tarball=request.out, manifest_file=path, manifest=manifest)


def _work_parent(request: BuildRequest) -> Path:
    parent = request.cache_dir.parent / "image-work"
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _configure(*, request: BuildRequest, checked: Checked, root: Path, work: Path, log: Path) -> list[InstalledPackage]:
    project = project_root()
    inventory = work / "inventory.yml"
    inventory.write_text(
        chroot_inventory(host=f"image-{request.profile}", root=root, device_image=device_image(name=request.profile, image=checked.image)),
        encoding="utf-8",
    )
    with chroot_mounted(root=root, apt_proxy=request.build_apt_proxy):
        apply_role(project=project, inventory=inventory, log=log, extra_args=request.ansible_args)
        packages = installed_packages(root=root)
        clean_root(root=root)
    missing_after = [name for name in checked.image.packages if name not in {p.name for p in packages}]
    if missing_after:
        raise ImageError([f"the role ran but these profile packages are not installed: {', '.join(missing_after)} (see {log})"])
    return packages


def prepare_chroot(*, dest: Path, release: str = "bookworm", mirror: str | None = None, cache_dir: Path | None = None) -> Path:
    """A mounted copy of the cached base at `dest` (for molecule and by-hand tests); undo with release_chroot."""
    require_tools("debootstrap", "chroot", "mount")
    cache = cache_dir or state_dir() / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    spec = BaseSpec(release=release, mirror=debian_mirror(override=mirror), arch=host_arch())
    base = ensure_base(spec=spec, cache_dir=cache, log=cache / f"debootstrap-{spec.key()}.log")
    copy_base(base=base, dest=dest)
    mount_chroot(root=dest)
    return dest


def release_chroot(*, root: Path, remove: bool = False) -> None:
    """Unmount a prepared chroot, and remove it with `remove`."""
    if remove:
        remove_tree(root)
    else:
        unmount_chroot(root=root)
