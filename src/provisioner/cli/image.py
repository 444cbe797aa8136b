"""`provisioner image`: build golden Linux images from the registry's image profiles.

Registered by the main CLI as `provisioner image`; also runnable as `python -m provisioner.cli.image`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from provisioner.cli.params import output_file
from provisioner.errors import ProvisionerError
from provisioner.image import BuildRequest, ImageError, check_request, prepare_chroot, release_chroot
from provisioner.image.record import recorded_build

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Build golden Linux images (debootstrap + linux_client in a chroot).")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
DEMO_REGISTRY = Path("inventories/demo/registry")

RegistryOpt = Annotated[Path, typer.Option("--registry", help="The registry directory (holds org.yml).")]
MirrorOpt = Annotated[str | None, typer.Option("--mirror", help="Debian mirror (default: $PROVISIONER_DEBIAN_MIRROR, else apt's).")]


def _fail(exc: ImageError) -> typer.Exit:
    for problem in exc.problems:
        err.print(f"[red]error:[/red] {problem}")
    return typer.Exit(2)


@app.command()
def build(
    profile: Annotated[str, typer.Argument(help="A Linux image profile from org.yml `images`.")],
    out_file: Annotated[
        Path,
        typer.Option("--out", help="The image to write, e.g. linux-standard.tar.zst; the manifest goes beside it.", callback=output_file),
    ],
    registry: RegistryOpt = DEMO_REGISTRY,
    mirror: MirrorOpt = None,
    work_dir: Annotated[Path | None, typer.Option("--work-dir", help="Build here instead of a temporary directory.")] = None,
    keep_work: Annotated[bool, typer.Option("--keep-work", help="Keep the unpacked root and build.log.")] = False,
    apt_proxy: Annotated[str | None, typer.Option("--build-apt-proxy", help="apt proxy for the build itself (default: direct).")] = None,
    extra_vars: Annotated[list[str] | None, typer.Option("--extra-vars", "-e", help="ansible-playbook -e, e.g. @vault.yml.")] = None,
    vault_password_file: Annotated[Path | None, typer.Option("--vault-password-file", help="For vault-referenced secrets.")] = None,
) -> None:
    """Debootstrap, apply linux_client in image mode, clean up, and write FILE.tar.zst and FILE.manifest.json."""
    args = [a for v in (extra_vars or []) for a in ("-e", v)]
    if vault_password_file is not None:
        args += ["--vault-password-file", str(vault_password_file.absolute())]
    request = BuildRequest(
        registry_dir=registry,
        profile=profile,
        out=out_file.absolute(),
        mirror=mirror,
        work_dir=work_dir.absolute() if work_dir else None,
        keep_work=keep_work,
        build_apt_proxy=apt_proxy,
        ansible_args=tuple(args),
    )
    try:
        run_id, result = recorded_build(request=request, progress=lambda msg: err.print(f"[dim]{msg}[/dim]"))
    except ImageError as exc:
        raise _fail(exc) from exc
    info = result.manifest.tarball
    out.print(
        f"{result.tarball}: {info.size} bytes, sha256 {info.sha256}, {len(result.manifest.packages)} packages, "
        f"{result.manifest.duration_seconds}s"
    )
    out.print(f"manifest: {result.manifest_file}")
    out.print(f"recorded as run {run_id} (provisioner show {run_id})")


@app.command()
def check(
    profile: Annotated[str, typer.Argument(help="A Linux image profile from org.yml `images`.")],
    registry: RegistryOpt = DEMO_REGISTRY,
    mirror: MirrorOpt = None,
) -> None:
    """Run the checks `build` runs before debootstrap (profile, package names against the mirror's index)."""
    try:
        checked = check_request(
            request=BuildRequest(registry_dir=registry, profile=profile, out=Path("check.tar.zst").absolute(), mirror=mirror)
        )
    except ImageError as exc:
        raise _fail(exc) from exc
    out.print(f"{profile}: ok ({len(checked.image.packages)} packages found on {checked.mirror}, {checked.arch})")


@app.command(hidden=True)
def rootfs(
    dest: Annotated[Path, typer.Argument(help="Where to put a mounted copy of the cached debootstrap base.")],
    release: Annotated[str, typer.Option("--release")] = "bookworm",
    mirror: MirrorOpt = None,
) -> None:
    """Prepare a chroot for tests (molecule create): cached base copied to DEST, /proc and /dev/pts mounted."""
    try:
        prepare_chroot(dest=dest.absolute(), release=release, mirror=mirror)
    except ImageError as exc:
        raise _fail(exc) from exc
    out.print(str(dest.absolute()))


@app.command(hidden=True)
def unmount(
    root: Annotated[Path, typer.Argument(help="A chroot made by `rootfs`.")],
    remove: Annotated[bool, typer.Option("--remove", help="Also delete it.")] = False,
) -> None:
    """Undo `rootfs` (molecule destroy)."""
    try:
        release_chroot(root=root.absolute(), remove=remove)
    except ImageError as exc:
        raise _fail(exc) from exc


def main() -> None:
    """Standalone entry point (the main CLI registers `app` as `provisioner image`)."""
    try:
        app()
    except ProvisionerError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
