"""SSH benchmarks (DESIGN.md §9, the SSH issue): `iosxe-sim serve` beside FakeNOS.

Usage: python bench/bench_ssh.py [--commands 30] [--sessions 100] [--idle 1000]

1. Per command: scrapli's IOSXEDriver (paramiko transport, the peer's own) opens a session and
   sends `show version` --commands times to iosxe-sim and to FakeNOS's `cisco_ios` platform (a
   paramiko server replaying canned text; `pip install fakenos`, benchmark-only). Medians of the
   open time and of the command latency, and the ratio (budget: iosxe-sim >= 30x faster a command).
2. Concurrency: --sessions scrapli asyncssh sessions at once, each open + 5 show commands + close
   (budget < 5 s), with the median command latency.
3. Memory: --idle idle SSH shells held open; the server's RSS growth per session (budget <= 40 KiB).
4. Server share: `show crypto session detail` with 10 connected clients through the vty line
   discipline, in process (budget <= 2 ms).
Exit status: 0 all budgets met, 1 a budget missed. Both servers run as child processes of this one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from iosxe_sim.device import Device, default_config_text  # noqa: E402
from iosxe_sim.server.line import LineDiscipline  # noqa: E402

RATIO_BUDGET, CONCURRENT_BUDGET_S, IDLE_BUDGET_KIB, SERVER_SHARE_BUDGET_MS = 30.0, 5.0, 40.0, 2.0
READY = re.compile(r"port (\d+)")
FAKENOS = """
import sys, time
from fakenos import FakeNOS
inventory = {"hosts": {"R1": {"username": "user", "password": "user", "port": int(sys.argv[1]),
                              "platform": "cisco_ios"}}}
net = FakeNOS(inventory)
net.start()
print("ready", flush=True)
while True:
    time.sleep(3600)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_iosxe_sim(folder: Path) -> tuple[subprocess.Popen[str], int]:
    config = folder / "bench.cfg"  # the default device with enough vty lines for the crowd
    config.write_text(default_config_text().replace("line vty 0 4", "line vty 0 1869"))
    process = subprocess.Popen(
        [sys.executable, "-m", "iosxe_sim", "serve", "--port", "0", "--config", str(config),
         "--startup", str(folder / "startup"), "--host-key", str(folder / "key")],
        stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if (found := READY.search(line)) is not None:
            return process, int(found.group(1))
    raise RuntimeError("iosxe-sim serve did not start")


def start_fakenos() -> tuple[subprocess.Popen[str], int] | None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", FAKENOS, str(port)], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        print("FakeNOS is not installed (pip install fakenos): its column stays empty")
        return None
    return process, port


def per_command(port: int, user: str, password: str, commands: int) -> tuple[float, float]:
    """Median seconds to open a scrapli session, and per `show version`."""
    from scrapli.driver.core import IOSXEDriver

    started = time.perf_counter()
    with IOSXEDriver(host="127.0.0.1", port=port, auth_username=user, auth_password=password,
                     auth_secondary=password, auth_strict_key=False, transport="paramiko",
                     timeout_ops=30) as conn:
        opened = time.perf_counter() - started
        times = []
        for _ in range(commands):
            tick = time.perf_counter()
            conn.send_command("show version")
            times.append(time.perf_counter() - tick)
    return opened, statistics.median(times)


async def crowd(port: int, sessions: int) -> tuple[float, float]:
    """Seconds for `sessions` scrapli asyncssh sessions at once, and their median command latency."""
    from scrapli.driver.core import AsyncIOSXEDriver

    latencies: list[float] = []

    async def one() -> None:
        async with AsyncIOSXEDriver(host="127.0.0.1", port=port, auth_username="admin", auth_password="admin",
                                    auth_strict_key=False, transport="asyncssh", timeout_ops=60,
                                    timeout_transport=60, timeout_socket=60) as conn:
            for command in ("show version", "show clock", "show crypto session", "show users",
                            "show crypto ikev2 stats reconnect"):
                tick = time.perf_counter()
                await conn.send_command(command)
                latencies.append(time.perf_counter() - tick)

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(sessions)))
    return time.perf_counter() - started, statistics.median(latencies)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def idle_growth(port: int, pid: int, count: int) -> float:
    """KiB of server RSS per idle SSH shell, `count` of them held open at once."""
    import asyncssh

    async def shell() -> tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientProcess[bytes]]:
        conn = await asyncssh.connect("127.0.0.1", port, username="admin", password="admin",
                                      known_hosts=None, client_keys=None, preferred_auth="password")
        process = await conn.create_process(term_type="vt100", encoding=None)
        await process.stdout.read(64)  # the prompt: the session exists
        return conn, process

    warm = [await shell() for _ in range(20)]  # first-use allocations are not per session
    await asyncio.sleep(1)
    before = rss_kib(pid)
    opened = []
    for start in range(0, count, 50):
        opened += await asyncio.gather(*(shell() for _ in range(min(50, count - start))))
    await asyncio.sleep(1)
    after = rss_kib(pid)
    for conn, _ in opened + warm:
        conn.close()
    await asyncio.gather(*(conn.wait_closed() for conn, _ in opened + warm))
    return (after - before) / count


def server_share(runs: int = 200) -> float:
    """Median ms the server spends on `show crypto session detail` with 10 clients connected."""
    config = default_config_text().replace("192.168.20.5 192.168.20.10", "192.168.20.5 192.168.20.250")
    device = Device(config_text=config, seed=1)
    for number in range(10):
        device.execute(f"lab client pc{number} address 10.106.69.{number + 10}")
        device.execute(f"lab client pc{number} connect")
    line = LineDiscipline(device.open_session("vty 0", "admin", "127.0.0.1"))
    line.feed("terminal length 0\r")
    times = []
    for _ in range(runs):
        tick = time.perf_counter()
        out = line.feed("show crypto session detail\r")
        times.append(time.perf_counter() - tick)
    assert out.count("Interface: Virtual-Access") == 10
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commands", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--idle", type=int, default=1000)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        ours, port = start_iosxe_sim(Path(folder))
        peer = start_fakenos()
        try:
            opened, command = per_command(port, "admin", "admin", args.commands)
            print(f"{'work':<44}{'iosxe-sim':>14}{'FakeNOS':>14}{'ratio':>9}")
            if peer is not None:
                peer_opened, peer_command = per_command(peer[1], "user", "user", args.commands)
                ratio = peer_command / command
                ok &= ratio >= RATIO_BUDGET
                print(f"{'scrapli open (paramiko), median':<44}{opened * 1000:>11.1f} ms{peer_opened * 1000:>11.1f} ms"
                      f"{peer_opened / opened:>8.1f}x")
                print(f"{'scrapli show version, median':<44}{command * 1000:>11.2f} ms{peer_command * 1000:>11.1f} ms"
                      f"{ratio:>8.1f}x  (budget >= {RATIO_BUDGET:.0f}x)")
            else:
                print(f"{'scrapli show version, median':<44}{command * 1000:>11.2f} ms")
            total, latency = asyncio.run(crowd(port, args.sessions))
            ok &= total < CONCURRENT_BUDGET_S
            print(f"{args.sessions} concurrent sessions x 5 commands: {total:.2f} s (budget < {CONCURRENT_BUDGET_S:.0f} s), "
                  f"median command {latency * 1000:.1f} ms")
            growth = asyncio.run(idle_growth(port, ours.pid, args.idle))
            ok &= growth <= IDLE_BUDGET_KIB
            print(f"memory per idle SSH session ({args.idle} open): {growth:.1f} KiB (budget <= {IDLE_BUDGET_KIB:.0f} KiB)")
        finally:
            for process in (ours, peer[0] if peer else None):
                if process is not None:
                    process.send_signal(signal.SIGTERM)
                    try:
                        process.wait(timeout=20)
                    except subprocess.TimeoutExpired:
                        os.kill(process.pid, signal.SIGKILL)
    share = server_share()
    ok &= share <= SERVER_SHARE_BUDGET_MS
    print(f"server share of `show crypto session detail`, 10 sessions: {share:.2f} ms "
          f"(budget <= {SERVER_SHARE_BUDGET_MS:.0f} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
