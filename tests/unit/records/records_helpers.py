"""Build records for tests."""

from __future__ import annotations

from provisioner.records import NewRun, Operator, Options, ProcessId, Source, WavePlan
from provisioner.records.procinfo import current


def new_run(*, sites: tuple[str, ...] = ("alpha", "beta"), process: ProcessId | None = None) -> NewRun:
    waves = tuple(WavePlan(index=i, name=f"wave {i + 1}", sites=(s,), hosts=(f"{s}-sw1",), host_sites=(s,)) for i, s in enumerate(sites))
    return NewRun(
        operator=Operator(user="alice", os_user="alice", machine="m"),
        source=Source(commit="abc", dirty=False, registry_digest="d"),
        trigger="cli",
        options=Options(playbook="site.yml", sites=sites, extra_vars={"x": 1}),
        process=process or current(),
        waves=waves,
        sites=sites,
    )
