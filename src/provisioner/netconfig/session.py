"""A short-lived CLI session to one device over netmiko (imported lazily)."""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

from provisioner.netconfig.models import DeviceError, DeviceTarget
from provisioner.netconfig.platform_data import net_platform

SHOW_RUN = "show running-config"


class Session(Protocol):
    """What the engine needs from a device: read, push, save, close."""

    def running_config(self) -> str: ...

    def push(self, lines: list[str], revert_minutes: int = 0) -> str: ...

    def save(self) -> str: ...

    def command(self, line: str) -> str: ...

    def commands(self, lines: list[str]) -> str: ...

    def close(self) -> None: ...


class NetmikoSession:
    """Session backed by a netmiko ConnectHandler."""

    def __init__(self, conn: Any, read_timeout: float, error_pattern: str) -> None:
        self._conn = conn
        self._read_timeout = read_timeout
        self._errors = error_pattern

    def running_config(self) -> str:
        try:
            return str(self._conn.send_command(SHOW_RUN, read_timeout=max(self._read_timeout, 30)))
        except Exception as exc:  # any failure means we do not know the device state
            raise DeviceError(f"could not read the running config: {_describe(exc)}") from exc

    def push(self, lines: list[str], revert_minutes: int = 0) -> str:
        """Send config lines; with revert_minutes, under `configure terminal revert timer N` (IOS-XE)."""
        from netmiko.exceptions import ConfigInvalidException

        enter = f"configure terminal revert timer {revert_minutes}" if revert_minutes else None
        try:
            output = str(
                self._conn.send_config_set(
                    lines, error_pattern=self._errors, read_timeout=self._read_timeout, config_mode_command=enter
                )
            )
            self._conn.set_base_prompt()  # the push may have changed the hostname, hence the prompt
            return output
        except ConfigInvalidException as exc:
            raise DeviceError(f"the device rejected a command: {_last_line(str(exc))}") from exc
        except Exception as exc:  # socket closed, read timeout, EOF: the push did not finish
            raise DeviceError(f"the session failed during the push: {_describe(exc)}") from exc

    def save(self) -> str:
        try:
            return str(self._conn.save_config())
        except Exception as exc:  # the running config is right, only the startup copy is stale
            raise DeviceError(f"could not save the config (write memory): {_describe(exc)}") from exc

    def command(self, line: str) -> str:
        """Run one exec-mode command and return its output; raise DeviceError on an error reply."""
        import re

        try:
            output = str(self._conn.send_command(line, read_timeout=self._read_timeout))
        except Exception as exc:
            raise DeviceError(f"'{line}' failed: {_describe(exc)}") from exc
        if re.search(self._errors, output):
            raise DeviceError(f"the device rejected '{line}': {_last_line(output)}")
        return output

    def commands(self, lines: list[str]) -> str:
        """Send exec-mode lines in one go (no prompt wait per line); raise DeviceError on an error reply."""
        from netmiko.exceptions import ConfigInvalidException

        try:
            return str(
                self._conn.send_config_set(
                    lines, enter_config_mode=False, exit_config_mode=False, error_pattern=self._errors, read_timeout=self._read_timeout
                )
            )
        except ConfigInvalidException as exc:
            raise DeviceError(f"the device rejected a command: {_last_line(str(exc))}") from exc
        except Exception as exc:
            raise DeviceError(f"the session failed while sending exec commands: {_describe(exc)}") from exc

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing must never mask the real outcome
            self._conn.disconnect()


def open_netmiko(target: DeviceTarget, timeout: float) -> Session:
    """Connect and prepare the CLI (paging off); raise DeviceError on any failure."""
    from netmiko import ConnectHandler

    params = {
        "device_type": target.netmiko_type,
        "host": target.host,
        "port": target.port,
        "username": target.username,
        "password": target.password,
        "conn_timeout": timeout,
        "auth_timeout": timeout,
        "banner_timeout": timeout,
        "fast_cli": True,
        "allow_agent": False,
        "use_keys": False,
        "ssh_config_file": None,
        **_host_key_params(target),
    }
    try:
        errors = net_platform(target.hier_platform).error_pattern()
        return NetmikoSession(ConnectHandler(**params), read_timeout=timeout, error_pattern=errors)
    except Exception as exc:  # netmiko raises many unrelated types; all mean "no session"
        raise DeviceError(f"could not connect to {target.host}:{target.port}: {_host_key_hint(exc, target)}") from exc


def _host_key_params(target: DeviceTarget) -> dict[str, Any]:
    """Strict host-key checking against the target's known_hosts (paramiko's RejectPolicy), when it has one."""
    if target.known_hosts is None:
        return {}
    return {"ssh_strict": True, "system_host_keys": False, "alt_host_keys": True, "alt_key_file": target.known_hosts}


def _host_key_hint(exc: Exception, target: DeviceTarget) -> str:
    text = _describe(exc)
    if "BadHostKey" in type(exc).__name__ or "does not match" in str(exc):
        return f"HOST-KEY CHANGED: the device's SSH host-key differs from {target.known_hosts}; nothing was sent ({text})"
    if "not found in known_hosts" in str(exc):
        return f"unknown SSH host-key: {target.known_hosts} has none for this device (fix: provisioner hostkeys scan) ({text})"
    return text


def _describe(exc: Exception) -> str:
    """Exception type and its first meaningful line (netmiko appends long advice)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return " / ".join(lines[-3:]) if lines else text
