"""Allocate site subnets from a zone's pool: the lowest free block that overlaps nothing in use."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from ipaddress import IPv4Network

from provisioner.errors import ProvisionerError


class PoolExhaustedError(ProvisionerError):
    """The zone's pool has no free block of the requested size."""


class SubnetAllocator:
    """Hands out free /prefix blocks of one pool, lowest first, skipping every used range."""

    def __init__(self, *, pool: str, prefix: int, used: Iterable[str] = ()) -> None:
        self.pool = IPv4Network(pool)
        self.prefix = prefix
        self._size = 1 << (32 - prefix)
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._cursor = int(self.pool.network_address)
        for net in used:
            self._mark(IPv4Network(net))

    def _mark(self, net: IPv4Network) -> None:
        """Add a used range, merging it with its neighbours so the ranges stay disjoint and sorted."""
        start, end = int(net.network_address), int(net.broadcast_address)
        lo = bisect.bisect_left(self._ends, start - 1)
        hi = bisect.bisect_right(self._starts, end + 1)
        if lo < hi:
            start, end = min(start, self._starts[lo]), max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]

    def _overlap_end(self, start: int, end: int) -> int | None:
        """The end of the used range overlapping [start, end], if any (ranges are disjoint)."""
        index = bisect.bisect_left(self._ends, start)
        if index < len(self._starts) and self._starts[index] <= end:
            return self._ends[index]
        return None

    def allocate(self) -> str:
        """The next free block, marked as used."""
        last = int(self.pool.broadcast_address)
        candidate = self._cursor
        while candidate + self._size - 1 <= last:
            blocked = self._overlap_end(candidate, candidate + self._size - 1)
            if blocked is None:
                net = IPv4Network((candidate, self.prefix))
                self._mark(net)
                self._cursor = candidate + self._size
                return str(net)
            candidate = (blocked // self._size + 1) * self._size
        raise PoolExhaustedError(f"pool {self.pool} has no free /{self.prefix} left (fix: widen the pool in org.yml)")
