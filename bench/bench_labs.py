"""Lab benchmark (issue 12, scale of the labs): many clients connecting at lab start, a long clock
advance, each beside the same work on a bare Device (no lab journal), so the ratio shows what the
lab layer costs.

Usage: python bench/bench_labs.py [--clients 1000,2000,5000] [--runs 3] [--days 365]

1. Lab start: a lab with N [[client]] sections, each connecting at 0 (real crypto), pool widened to
   N addresses; wall time of LabSession(lab) vs the same `lab client` lines typed on a bare Device.
2. Long advance: one connected client, the clock advanced --days days in steps of one year at most
   (`lab clock advance` takes up to 366 days); wall time per client-year, lab vs bare Device; the
   journal's length afterwards (it is bounded).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from ipaddress import IPv4Address
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iosxe_sim.device import Device, default_config_text
from iosxe_sim.labs.loader import load_lab
from iosxe_sim.labs.runtime import LabSession

FIRST_CLIENT, POOL_START = IPv4Address("100.64.0.1"), IPv4Address("10.0.0.1")
YEAR = 365 * 86400


def gateway(clients: int) -> str:
    last = IPv4Address(int(POOL_START) + clients + 1)
    return default_config_text().replace(
        "ip local pool ACPPOOL 192.168.20.5 192.168.20.10", f"ip local pool ACPPOOL {POOL_START} {last}"
    )


def lab_text(clients: int) -> str:
    parts = ['[lab]\ntitle = "scale"\nlevel = "advanced"\ndescription = "scale"\n',
             "[device]\nconfig = \"gateway.cfg\"\n"]
    for n in range(clients):
        parts.append(f'[[client]]\nname = "c{n}"\naddress = "{IPv4Address(int(FIRST_CLIENT) + n)}"\n')
    for n in range(clients):
        parts.append(f'[[timeline]]\nclient = "c{n}"\naction = "connect"\n')
    parts.append('[[objective]]\ntitle = "t"\n[[objective.check]]\nkind = "lint"\n')
    return "".join(parts)


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def bare_start(clients: int) -> None:
    device = Device(config_text=gateway(clients), seed=1)
    device.realtime = False
    for n in range(clients):
        address = IPv4Address(int(FIRST_CLIENT) + n)
        device.execute(f"lab client c{n} user test password cisco address {address}")
    for n in range(clients):
        device.execute(f"lab client c{n} connect")


def advance(device: Device, days: int) -> None:
    left = days * 86400
    while left > 0:
        step = min(left, 366 * 86400)
        out = device.execute(f"lab clock advance {step}")
        assert out.startswith("Clock advanced"), out
        left -= step
        device.pending_log()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1000,2000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        print("clients  lab start (median)  bare device  ratio")
        for clients in (int(c) for c in args.clients.split(",")):
            Path(folder, "gateway.cfg").write_text(gateway(clients), encoding="utf-8")
            Path(folder, "lab.toml").write_text(lab_text(clients), encoding="utf-8")
            lab = load_lab(str(Path(folder, "lab.toml")))
            sessions: list[LabSession] = []
            runs = (timed(lambda lab=lab, kept=sessions: kept.append(LabSession(lab))) for _ in range(args.runs))
            lab_s = statistics.median(runs)
            up = len(sessions[-1].device.gateway.crypto_sessions())
            assert up == clients, f"{up} of {clients} sessions up"
            sessions.clear()
            bare_s = statistics.median(timed(lambda n=clients: bare_start(n)) for _ in range(args.runs))
            print(f"{clients:7d}  {lab_s:16.3f} s  {bare_s:9.3f} s  {lab_s / bare_s:5.2f}")
        Path(folder, "gateway.cfg").write_text(gateway(1), encoding="utf-8")
        Path(folder, "lab.toml").write_text(lab_text(1), encoding="utf-8")
        lab = load_lab(str(Path(folder, "lab.toml")))
        years = args.days * 86400 / YEAR
        session = LabSession(lab)
        lab_s = timed(lambda: advance(session.device, args.days))
        journal = len(session.journal.entries)
        device = Device(config_text=gateway(1), seed=1)
        device.realtime = False
        device.execute("lab client c0 address 100.64.0.1")
        device.execute("lab client c0 connect")
        bare_s = timed(lambda: advance(device, args.days))
        print(
            f"long advance: {lab_s / years:.3f} s per client-year in a lab, {bare_s / years:.3f} s on a "
            f"bare device ({lab_s / bare_s:.2f}x); journal {journal} entries"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
