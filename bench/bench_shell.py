"""Shell benchmarks (DESIGN.md §9): start-up to the first prompt, and `?`/Tab latency.

Usage: python bench/bench_shell.py [--runs 10] [--lines 100000]

1. Start-up: the installed `iosxe-sim` (or `python -m iosxe_sim`) is started under a real
   pseudo-terminal (pexpect) on the default device; the time until its first prompt appears is
   measured, median of --runs, beside bare `python -c pass` under the same pty.
2. `?` and Tab: a device booted from a generated --lines running-config answers `?` and Tab for
   typical partial lines in every mode the shell reaches; median and worst latency per kind,
   budget < 50 ms each.
Exit status: 0 all budgets met, 1 a budget missed.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import gen_config

from iosxe_sim.device import Device

LATENCY_BUDGET_MS = 50.0
PARTIAL_LINES = [  # (config lines that reach the mode, partial line typed at its prompt)
    ((), "show crypto "),
    ((), "sh cry ses "),
    ((), "show running-config | "),
    ((), "lab client pc1 r"),
    (("configure terminal",), "crypto ikev2 "),
    (("configure terminal", "crypto ikev2 profile AnyConnect-EAP"), "reconnect "),
    (("configure terminal", "crypto ikev2 profile AnyConnect-EAP"), "au"),
    (("configure terminal", "interface Virtual-Template10 type tunnel"), "tunnel protection ipsec "),
    (("configure terminal", "ip access-list extended BENCH"), "10 permit tcp any host 10.1.1.1 "),
]


def _first_prompt(command: list[str], marker: str) -> float:
    start = time.perf_counter()
    child = pexpect.spawn(command[0], command[1:], encoding="utf-8", timeout=30, env={"TERM": "xterm"})
    child.expect_exact(marker)
    elapsed = time.perf_counter() - start
    child.terminate(force=True)
    return elapsed


def startup(runs: int) -> float:
    script = shutil.which("iosxe-sim")
    with tempfile.TemporaryDirectory() as folder:
        base = [script] if script else [sys.executable, "-m", "iosxe_sim"]
        ours = base + ["--startup", str(Path(folder) / "startup-config")]
        times = [_first_prompt(ours, "sal_c8kv#") for _ in range(runs)]
    bare = [_first_prompt([sys.executable, "-c", "print('ready')"], "ready") for _ in range(runs)]
    median, floor = statistics.median(times), statistics.median(bare)
    print(f"start-up to first prompt: median {median * 1000:.0f} ms (bare python {floor * 1000:.0f} ms, "
          f"median of {runs})")
    return median


def latency(lines: int) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.cfg"
        path.write_text(gen_config.generate(lines, seed=1))
        started = time.perf_counter()
        device = Device(config_text=path.read_text(), seed=1)
        booted = time.perf_counter() - started
    gc.collect()
    gc.freeze()  # as `iosxe-sim shell` does after boot (cli._shell)
    print(f"device booted from a {lines:,}-line running-config in {booted:.2f} s")
    ok = True
    for kind, action in (("?", device.console.help), ("Tab", device.console.complete)):
        samples = []
        for setup, partial in PARTIAL_LINES:
            if device.console.editor is not None:
                device.console.leave_config()
            for line in setup:
                device.execute(line)
            for _ in range(20):
                start = time.perf_counter()
                action(partial)
                samples.append((time.perf_counter() - start) * 1000)
        median, worst = statistics.median(samples), max(samples)
        verdict = "PASS" if worst < LATENCY_BUDGET_MS else "FAIL"
        ok &= verdict == "PASS"
        print(f"{kind:>3} latency: median {median:.2f} ms, worst {worst:.2f} ms "
              f"(budget < {LATENCY_BUDGET_MS:.0f} ms) {verdict}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--lines", type=int, default=100_000)
    args = parser.parse_args()
    startup(args.runs)
    return 0 if latency(args.lines) else 1


if __name__ == "__main__":
    raise SystemExit(main())
