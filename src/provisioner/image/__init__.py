"""Golden Linux images: debootstrap, the linux_client role in a chroot, a tar.zst and its manifest."""

from __future__ import annotations

from provisioner.image.build import BuildRequest, BuildResult, Checked, build_image, check_request, prepare_chroot, release_chroot
from provisioner.image.errors import ImageError
from provisioner.image.manifest import Manifest, manifest_path

__all__ = [
    "BuildRequest",
    "BuildResult",
    "Checked",
    "ImageError",
    "Manifest",
    "build_image",
    "check_request",
    "manifest_path",
    "prepare_chroot",
    "release_chroot",
]
