"""`ip local pool` address allocation: lowest free address first, released exactly once.

Ranges come from the running-config at allocation time; an allocation outlives a config change
(the address stays held until its session ends), as on IOS. Each range keeps a hint (no address
below it is free), so allocating stays O(1) amortised with thousands of sessions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address

from iosxe_sim.config.views import PoolRange


@dataclass(frozen=True)
class Lease:
    pool: str
    address: IPv4Address
    holder: str  # the session's interface, e.g. Virtual-Access1
    range_key: tuple[str, int, int] = ("", 0, 0)


class AddressPools:
    def __init__(self) -> None:
        self._leases: dict[IPv4Address, Lease] = {}
        self._taken: set[int] = set()
        self._hints: dict[tuple[str, int, int], int] = {}

    def allocate(self, pool: str, ranges: Sequence[PoolRange], holder: str) -> IPv4Address | None:
        """The lowest free address of the pool's ranges (in config order), or None when exhausted."""
        for pool_range in ranges:
            key = (pool, int(pool_range.start), int(pool_range.end))
            value = max(self._hints.get(key, key[1]), key[1])
            while value <= key[2] and value in self._taken:
                value += 1
            self._hints[key] = value
            if value <= key[2]:
                address = IPv4Address(value)
                self._taken.add(value)
                self._leases[address] = Lease(pool, address, holder, key)
                self._hints[key] = value + 1
                return address
        return None

    def move(self, address: IPv4Address, holder: str) -> None:
        """The address now belongs to another interface (a reconnected session's new one)."""
        lease = self._leases[address]
        self._leases[address] = Lease(lease.pool, address, holder, lease.range_key)

    def release(self, address: IPv4Address) -> None:
        lease = self._leases.pop(address, None)
        if lease is None:
            raise KeyError(f"{address} is not allocated")
        value = int(address)
        self._taken.discard(value)
        if lease.range_key in self._hints:
            self._hints[lease.range_key] = min(self._hints[lease.range_key], value)

    def leases(self, pool: str | None = None) -> list[Lease]:
        found = [lease for lease in self._leases.values() if pool is None or lease.pool == pool]
        return sorted(found, key=lambda lease: lease.address)

    def in_use(self, address: IPv4Address) -> bool:
        return address in self._leases

    def __len__(self) -> int:
        return len(self._leases)
