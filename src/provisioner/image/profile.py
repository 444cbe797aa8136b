"""Pick a Linux image profile out of the registry and turn it into the role's `device_image`."""

from __future__ import annotations

from typing import Any

from provisioner.image.errors import ImageError
from provisioner.registry.images import LinuxImage
from provisioner.registry.load import Registry

SUPPORTED = {("debian", "bookworm"), ("debian", "trixie")}


def linux_profile(*, registry: Registry, name: str) -> LinuxImage:
    """The Linux profile `name`, or ImageError naming the known ones."""
    images = registry.org.images
    linux = sorted(n for n, i in images.items() if isinstance(i, LinuxImage))
    if name not in images:
        raise ImageError([f"{registry.org_file}: images: no profile '{name}' (Linux profiles: {', '.join(linux) or 'none'})"])
    image = images[name]
    if not isinstance(image, LinuxImage):
        known = ", ".join(linux) or "none"
        what = f"is a {image.os_family} profile, image build makes Linux images"
        raise ImageError([f"{registry.org_file}: images.{name}: {what} (Linux profiles: {known})"])
    if (image.distribution, image.release) not in SUPPORTED:
        supported = ", ".join(f"{d} {r}" for d, r in sorted(SUPPORTED))
        what = f"{image.distribution} {image.release}"
        raise ImageError([f"{registry.org_file}: images.{name}: {what} cannot be built yet (supported: {supported})"])
    return image


def device_image(*, name: str, image: LinuxImage) -> dict[str, Any]:
    """The profile as the inventory gives it to clients (docs/hostvars.md: `device_image`)."""
    return {"name": name, **image.model_dump(mode="json")}
