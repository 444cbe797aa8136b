"""What is a secret: redaction of extra vars, env references, vault values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from provisioner.netconfig.masking import MASK
from provisioner.rollout.secrets import build_masker, env_references, extra_var_secrets, redact, secret_env_values
from provisioner.rollout.vault import decrypt, vault_values


def test_extra_vars_with_secret_looking_keys_are_redacted() -> None:
    data = {"site": "x", "db_password": "p1", "nested": {"api_token": "t1", "ok": [1, {"psk": "k"}]}}
    assert redact(data) == {"site": "x", "db_password": MASK, "nested": {"api_token": MASK, "ok": [1, {"psk": MASK}]}}
    assert sorted(extra_var_secrets(data)) == ["k", "p1", "t1"]


def test_env_variables_referenced_by_the_inventory_are_secrets(tmp_path: Path) -> None:
    (tmp_path / "org.yml").write_text("snmp:\n  auth_password: {env: SNMP_AUTH}\n")
    (tmp_path / "hosts.yml").write_text("x: \"{{ lookup('ansible.builtin.env', 'SW_PW') }}\"\ny: \"{{ lookup('env', 'OTHER') }}\"\n")
    assert env_references(paths=[tmp_path]) == {"SNMP_AUTH", "SW_PW", "OTHER"}
    values = secret_env_values(names={"SW_PW"}, env={"SW_PW": "one1", "HOME": "/root", "MY_TOKEN": "two2"})
    assert sorted(values) == ["one1", "two2"]


def _ansible_vault(*args: str, cwd: Path) -> str:
    tool = str(Path(sys.executable).parent / "ansible-vault")
    return subprocess.run([tool, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_vault_files_and_inline_values_are_decrypted_for_masking(tmp_path: Path) -> None:
    (tmp_path / "pw").write_text("vault-pass-1\n")
    folder = tmp_path / "group_vars" / "all"
    folder.mkdir(parents=True)
    (folder / "vault.yml").write_text("vault_snmp: VaultValue-1\n")
    _ansible_vault("encrypt", "--vault-password-file", "pw", "group_vars/all/vault.yml", cwd=tmp_path)
    (folder / "inline.yml").write_text(
        _ansible_vault("encrypt_string", "--vault-password-file", "pw", "Inline-Value-2", "--name", "x", cwd=tmp_path)
    )
    assert sorted(vault_values(roots=[tmp_path], password="vault-pass-1")) == ["Inline-Value-2", "VaultValue-1"]
    assert vault_values(roots=[tmp_path], password="wrong") == []
    assert decrypt(text="not a vault", password="x") is None
    masker = build_masker(scan=[], var_roots=[tmp_path], vault_password="vault-pass-1", extra_vars={"token": "tok-3"})
    assert masker.mask("VaultValue-1 Inline-Value-2 vault-pass-1 tok-3").count(MASK) == 4


def test_the_fast_path_agrees_with_the_masker_on_secret_syntax() -> None:
    from provisioner.netconfig.masking import Masker
    from provisioner.rollout.secrets import mask_text

    masker = Masker().with_values(["Known-Value-1"])
    for line in (
        "username admin secret 0 Abc",
        "snmp-server community Pub1 RO",
        "password manager user-name x plaintext Pw",
        "hash $1$salt$abcdefgh",
        "x Known-Value-1 y",
        "plain text with nothing",
        "Key 7 0822455D0A16",
    ):
        assert mask_text(masker, line) == masker.mask(line)
