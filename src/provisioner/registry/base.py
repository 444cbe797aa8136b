"""The base model: frozen, and unknown keys are errors (a typo must never be ignored)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from provisioner.registry.types import VarName


class Model(BaseModel):
    """A registry object: frozen, strict about unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SecretRef(Model):
    """Where a secret lives: an Ansible vault variable or an environment variable, never the value."""

    vault: VarName | None = None
    env: VarName | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> SecretRef:
        if (self.vault is None) == (self.env is None):
            raise ValueError("give exactly one of 'vault: <variable>' or 'env: <VARIABLE>'")
        return self

    def expression(self) -> str:
        """The Jinja expression that Ansible resolves at run time."""
        if self.vault is not None:
            return "{{ " + self.vault + " }}"
        return "{{ lookup('ansible.builtin.env', '" + str(self.env) + "') }}"
