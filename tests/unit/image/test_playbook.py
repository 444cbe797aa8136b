from __future__ import annotations

from pathlib import Path

import yaml

from provisioner.image.playbook import chroot_inventory, project_root
from provisioner.image.profile import device_image
from provisioner.registry import load_registry


class _UnsafeLoader(yaml.SafeLoader):
    pass


_UnsafeLoader.add_constructor("!unsafe", lambda loader, node: ("UNSAFE", loader.construct_scalar(node)))  # type: ignore[arg-type]


def test_inventory_is_one_chroot_host_with_registry_strings_unsafe(registry_dir: Path, tmp_path: Path) -> None:
    registry = load_registry(registry_dir).require()
    image = device_image(name="linux-tiny", image=registry.org.images["linux-tiny"])  # type: ignore[arg-type]
    text = chroot_inventory(host="image-linux-tiny", root=tmp_path, device_image=image)
    host = yaml.load(text, Loader=_UnsafeLoader)["all"]["children"]["role_linux_client"]["hosts"]["image-linux-tiny"]
    assert host["ansible_connection"] == "community.general.chroot"
    assert host["ansible_host"] == str(tmp_path)
    assert host["linux_client_mode"] == "image"
    assert host["device_image"]["name"] == ("UNSAFE", "linux-tiny")
    assert host["device_image"]["packages"] == [("UNSAFE", "nano"), ("UNSAFE", "less")]
    assert host["device_image"]["lightdm"]["hide_user_list"] is True


def test_project_root_finds_the_checkout() -> None:
    root = project_root()
    assert (root / "roles/linux_client/tasks/main.yml").is_file()
