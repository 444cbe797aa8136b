"""Entry point of the lab process: ``python -m provisioner.lab.serve --state-dir DIR [--persist]``.

The device list, passwords included, arrives as JSON on stdin (an inherited pipe), never on the
command line. The process logs to stderr, which ``start_lab`` points at ``<state_dir>/lab/lab.log``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from pathlib import Path

from provisioner.lab.models import LabDeviceSpec, LabEndpoint, LabError
from provisioner.lab.paths import LabPaths
from provisioner.lab.server import LabServer, serve


def _read_request() -> tuple[list[LabDeviceSpec], list[LabEndpoint]]:
    data = json.loads(sys.stdin.read())
    sys.stdin.close()
    specs = [LabDeviceSpec(**d) for d in data["devices"]]
    endpoints = [LabEndpoint(**e) for e in data["endpoints"]]
    return specs, endpoints


async def _main(*, state_dir: Path, persist: bool) -> None:
    specs, endpoints = _read_request()
    server = LabServer(specs=specs, endpoints=endpoints, paths=LabPaths(state_dir), persist=persist)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, server.stopped.set)
    await serve(server=server)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="provisioner.lab.serve")
    parser.add_argument("--state-dir", type=Path, required=True)
    parser.add_argument("--persist", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
    try:
        asyncio.run(_main(state_dir=args.state_dir, persist=args.persist))
    except LabError as error:
        logging.getLogger("provisioner.lab.serve").error("%s", error)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
