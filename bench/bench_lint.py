"""Whole-process benchmark of `iosxe-sim lint` against ciscoconfparse2, and of its startup (DESIGN.md §9).

Usage: python bench/bench_lint.py [--sizes 1000,10000,100000] [--runs 5] [--runs-large 3] [--seed 1]
           [--no-peer] [--startup | --no-startup] [--startup-runs 20] [--ours "iosxe-sim"]
           [--peer-python PATH]

For each size it writes a generated FlexVPN head-end config to bench/out/ (checked by
check_config.py first), then times fresh processes, alternating the two sides:
  ours: python -m iosxe_sim lint FILE --format json   (exit 0 clean or 1 findings; 2 is a failure)
  peer: python bench/peer_ciscoconfparse2.py FILE     (parse + find `crypto ikev2 profile` with `reconnect`)
Each run is reaped with os.wait4, whose rusage gives that one process's peak RSS. Medians are
reported with the ratio peer/ours. The startup part times `iosxe-sim lint` on a small config
(examples/seed-gateway.cfg, or a small generated one) against bare `python -c pass`.
Exit status: 0 all budgets met, 1 a budget missed, 2 our tool or the peer failed or is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))

import check_config
import gen_config

SPEEDUP_BUDGET = 5.0  # ours must be >= 5x faster than ciscoconfparse2 at >= 100k lines
RSS_BUDGET_MIB = 150.0
STARTUP_BUDGET_S = 0.250
LARGE = 100_000
OURS = [sys.executable, "-m", "iosxe_sim"]  # --ours replaces it
PEER_PYTHON = [sys.executable]  # --peer-python replaces it
NOTED: set[Path] = set()  # configs on which our linter's findings were already shown


@dataclass
class Run:
    seconds: float
    max_rss_mib: float
    returncode: int
    stdout: str
    stderr: str


class BenchError(Exception):
    """A side of the benchmark did not do its work; the message says why."""


def run_once(argv: list[str]) -> Run:
    """Run argv in a fresh process from the repository root; time it and read its own peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, cwd=REPO, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        except OSError as exc:
            raise BenchError(f"cannot run {argv[0]}: {exc}") from None
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, text, errors)


def parse_json(text: str) -> object:
    """One JSON document, or JSON lines; raise ValueError if neither (empty output included)."""
    try:
        return json.loads(text)
    except ValueError:
        documents = [json.loads(line) for line in text.splitlines() if line.strip()]
        if not documents:
            raise
        return documents


def ours_argv(path: Path) -> list[str]:
    return [*OURS, "lint", str(path), "--format", "json"]


def peer_argv(path: Path) -> list[str]:
    return [*PEER_PYTHON, str(BENCH / "peer_ciscoconfparse2.py"), str(path)]


def validate_ours(run: Run, path: Path) -> None:
    if run.returncode not in (0, 1):
        raise BenchError(f"iosxe-sim lint {path.name} exited {run.returncode}:\n{run.stderr[-2000:]}")
    try:
        findings = parse_json(run.stdout)
    except ValueError:
        raise BenchError(
            f"iosxe-sim lint {path.name} printed no JSON (exit {run.returncode}):\n"
            f"{(run.stderr or run.stdout)[-2000:]}"
        ) from None
    if run.returncode == 1 and path not in NOTED:
        NOTED.add(path)
        print(
            f"  note: iosxe-sim lint reports findings on {path.name}, which should be clean: "
            f"{json.dumps(findings)[:300]}"
        )


def validate_peer(run: Run, path: Path, expected: int) -> None:
    if run.returncode != 0:
        raise BenchError(f"peer on {path.name} exited {run.returncode}:\n{run.stderr[-2000:]}")
    found = len(json.loads(run.stdout)["reconnect_profiles"])
    if found != expected:
        raise BenchError(f"peer found {found} reconnect profiles in {path.name}, expected {expected}")


def make_config(lines: int, seed: int) -> tuple[Path, int]:
    """Write and sanity-check a generated config; return its path and its reconnect-profile count."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"flexvpn-{lines}.cfg"
    text = gen_config.generate(lines, seed)
    path.write_text(text, encoding="ascii")
    report = check_config.check(text)
    if report.errors:
        raise BenchError(f"generated {path} is inconsistent: {report.errors[:5]}")
    return path, report.reconnect_profiles


def bench_sizes(args: argparse.Namespace) -> tuple[bool, bool]:
    """Print the size table; return (budgets met, every side worked)."""
    print(f"lint: whole process, median of {args.runs} runs ({args.runs_large} at >= {LARGE:,} lines)")
    print(f"{'lines':>8} {'ours':>9} {'peer':>9} {'peer/ours':>10} {'ours RSS':>10} {'peer RSS':>10}")
    sides = {"ours": True, "peer": args.peer}
    ok, ratio_at_large, worst_rss = True, None, None
    for size in args.sizes:
        path, expected = make_config(size, args.seed)
        timed: dict[str, list[Run]] = {"ours": [], "peer": []}
        for _ in range(args.runs_large if size >= LARGE else args.runs):
            for side in ("peer", "ours"):
                if not sides[side]:
                    continue
                try:
                    if side == "peer":
                        run = run_once(peer_argv(path))
                        validate_peer(run, path, expected)
                    else:
                        run = run_once(ours_argv(path))
                        validate_ours(run, path)
                    timed[side].append(run)
                except BenchError as exc:
                    print(f"{size:>8} {side} FAILED: {exc}")
                    sides[side] = False
        ours, peer = timed["ours"], timed["peer"]
        ours_s = statistics.median(r.seconds for r in ours) if ours else None
        peer_s = statistics.median(r.seconds for r in peer) if peer else None
        rss = max(r.max_rss_mib for r in ours) if ours else None
        cells = [
            f"{ours_s:.3f}s" if ours else "-",
            f"{peer_s:.3f}s" if peer else "-",
            "-",
            f"{rss:.1f} MiB" if ours else "-",
            f"{max(r.max_rss_mib for r in peer):.1f} MiB" if peer else "-",
        ]
        if ours_s is not None and peer_s is not None:
            cells[2] = f"{peer_s / ours_s:.1f}x"
            ratio_at_large = peer_s / ours_s if size >= LARGE else ratio_at_large
        if rss is not None:
            worst_rss = max(worst_rss or 0.0, rss)
        print(f"{size:>8} " + " ".join(f"{c:>{w}}" for c, w in zip(cells, (9, 9, 10, 10, 10))))
    if ratio_at_large is not None:
        met = ratio_at_large >= SPEEDUP_BUDGET
        ok &= met
        print(
            f"budget: >= {SPEEDUP_BUDGET:.0f}x faster than ciscoconfparse2 at >= {LARGE:,} lines: "
            f"{ratio_at_large:.1f}x {'PASS' if met else 'FAIL'}"
        )
    else:
        print(f"budget: speedup at >= {LARGE:,} lines not checked (needs both sides at such a size)")
    if worst_rss is not None:
        met = worst_rss < RSS_BUDGET_MIB
        ok &= met
        print(f"budget: peak RSS < {RSS_BUDGET_MIB:.0f} MiB: {worst_rss:.1f} MiB {'PASS' if met else 'FAIL'}")
    return ok, sides["ours"] and sides["peer"] == args.peer


def bench_startup(args: argparse.Namespace) -> tuple[bool, bool]:
    """Time `iosxe-sim lint` on a small config against bare `python -c pass`."""
    seed_cfg = REPO / "examples" / "seed-gateway.cfg"
    path = seed_cfg if seed_cfg.exists() else make_config(400, args.seed)[0]
    bare = [run_once([sys.executable, "-c", "pass"]) for _ in range(args.startup_runs)]
    try:
        ours = []
        for _ in range(args.startup_runs):
            ours.append(run_once(ours_argv(path)))
            validate_ours(ours[-1], path)
    except BenchError as exc:
        print(f"startup: FAILED: {exc}")
        return False, False
    ours_s = statistics.median(r.seconds for r in ours)
    bare_s = statistics.median(r.seconds for r in bare)
    met = ours_s < STARTUP_BUDGET_S
    print(
        f"startup: iosxe-sim lint {path.relative_to(REPO)} median {ours_s * 1000:.0f} ms, "
        f"bare python {bare_s * 1000:.0f} ms (median of {args.startup_runs})"
    )
    print(
        f"budget: startup < {STARTUP_BUDGET_S * 1000:.0f} ms: {ours_s * 1000:.0f} ms "
        + ("PASS" if met else "FAIL")
    )
    return met, True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[1_000, 10_000, 100_000],
        help="comma-separated line counts (default 1000,10000,100000)",
    )
    ap.add_argument("--runs", type=int, default=5, help="timed runs per side and size (default 5)")
    ap.add_argument("--runs-large", type=int, default=3, help=f"runs at >= {LARGE:,} lines (default 3)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--no-peer", dest="peer", action="store_false", help="skip ciscoconfparse2")
    part = ap.add_mutually_exclusive_group()
    part.add_argument("--startup", action="store_true", help="run only the startup benchmark")
    part.add_argument("--no-startup", action="store_true", help="skip the startup benchmark")
    ap.add_argument("--startup-runs", type=int, default=20, help="runs per side for startup (default 20)")
    ap.add_argument(
        "--ours",
        type=shlex.split,
        default=None,
        help='command to run instead of "python -m iosxe_sim" (e.g. iosxe-sim)',
    )
    ap.add_argument(
        "--peer-python",
        default=sys.executable,
        help="interpreter for the peer, e.g. a separate venv's (ciscoconfparse2 pins its dependencies)",
    )
    args = ap.parse_args(argv)
    OURS[:] = args.ours or OURS
    PEER_PYTHON[:] = [args.peer_python]
    probe = [args.peer_python, "-c", "import ciscoconfparse2"]
    if (
        args.peer
        and not args.startup
        and subprocess.run(probe, check=False, capture_output=True).returncode != 0
    ):
        print(
            f"ciscoconfparse2 is the peer of this benchmark and {args.peer_python} cannot import it: "
            "pip install ciscoconfparse2 (or pass --no-peer)",
            file=sys.stderr,
        )
        return 2
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores")
    results = []
    if not args.startup:
        results.append(bench_sizes(args))
    if not args.no_startup:
        results.append(bench_startup(args))
    if not all(worked for _, worked in results):
        return 2
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
