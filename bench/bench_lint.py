"""Whole-process benchmark of `iosxe-sim lint` against ciscoconfparse2 on every config profile, of a
fleet of files, and of start-up (DESIGN.md §9).

Usage: python bench/bench_lint.py [--profiles acl,headend,many-first-words] [--sizes 1000,10000,100000]
           [--runs 5] [--seed 1] [--no-peer] [--only sizes|fleet|findings|startup] [--startup-runs 20]
           [--fleet 200x1000] [--jobs 2] [--findings-runs 3] [--ours "iosxe-sim"] [--peer-python PATH]

For each profile and size it writes a generated config to bench/out/ (checked by check_config.py;
the head-end mix's promises - no block kind over 25% of the lines, >= 30% unmodelled commands - are
checked too), then times fresh processes, alternating the two sides:
  ours: python -m iosxe_sim lint FILE --format json   (exit 0 clean or 1 findings; 2 is a failure)
  peer: python bench/peer_ciscoconfparse2.py FILE     (parse + find `crypto ikev2 profile` with `reconnect`)
Each run is reaped with os.wait4, whose rusage gives that one process's peak RSS. Medians are
reported with the ratio peer/ours. The fleet part lints N generated files (the profiles in turn)
with `iosxe-sim lint --jobs J DIR` against the peer parsing and querying the same files in one
process. The findings part lints a million invalid lines, then 900k lines with 600k dangling
references, in each format (<= 20 s, <= 500 MiB; the process's CPU time is printed beside the
wall-clock time, which other jobs on a shared machine stretch).
The start-up part times `iosxe-sim lint examples/seed-gateway.cfg` against bare
`python -c pass`. Exit status: 0 all budgets met, 1 a budget missed, 2 a side failed or is missing.
ciscoconfparse2 pins its own dependencies: install it in a separate venv and pass --peer-python.
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
STDOUT = OUT / "last-stdout.txt"
# Both sides run from cached bytecode, as after `pip install` (pip compiles the peer's; ours is
# written by the first run): a PYTHONDONTWRITEBYTECODE environment would recompile ours every run.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
sys.path.insert(0, str(BENCH))

import gen_config

SPEEDUP_BUDGET = 5.0  # ours must be >= 5x faster than ciscoconfparse2 at >= 100k lines, every profile
RSS_BUDGET_MIB = 100.0
STARTUP_BUDGET_S = 0.100
LARGE = 100_000
FINDINGS = 1_000_000
FINDINGS_BUDGET_S = 20.0
DANGLING_PROFILES = 300_000  # 900k lines
FINDINGS_RSS_MIB = 500.0
MAX_KIND_SHARE = 0.25  # head-end mix: no block kind above this share of the lines
MIN_UNMODELLED_SHARE = 0.30  # head-end mix: at least this share of lines we do not model
OURS = [sys.executable, "-m", "iosxe_sim"]  # --ours replaces it
PEER_PYTHON = [sys.executable]  # --peer-python replaces it


@dataclass
class Run:
    seconds: float
    max_rss_mib: float
    returncode: int
    stdout: Path  # where its standard output is (until the next run)
    stderr: str  # the end of it
    cpu_seconds: float = 0.0  # user + system: what the run cost, whatever else loads the machine


class BenchError(Exception):
    """A side of the benchmark did not do its work; the message says why."""


def run_once(argv: list[str]) -> Run:
    """Run argv in a fresh process from the repository root; time it and read its own peak RSS.

    Its output goes to bench/out/last-stdout.txt, which this process never reads whole: Linux
    hands a child the parent's peak RSS (across fork and exec), so the parent must stay small.
    """
    OUT.mkdir(exist_ok=True)
    with STDOUT.open("wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, cwd=REPO, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=ENV)
        except OSError as exc:
            raise BenchError(f"cannot run {argv[0]}: {exc}") from None
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        errors = err.read()[-4000:].decode(errors="replace")
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, STDOUT, errors, usage.ru_utime + usage.ru_stime)


SUMMARY = """
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
errors = [d for f in report["files"] for d in f["diagnostics"] if d["severity"] == "error"]
print(json.dumps({"files": len(report["files"]), "counts": report["counts"], "first": errors[:1]}))
"""


def ours_argv(*paths: Path, jobs: int = 1) -> list[str]:
    return [*OURS, "lint", *map(str, paths), "--format", "json", *(["--jobs", str(jobs)] if jobs > 1 else [])]


def peer_argv(*paths: Path) -> list[str]:
    return [*PEER_PYTHON, str(BENCH / "peer_ciscoconfparse2.py"), *map(str, paths)]


def validate_ours(run: Run, files: int) -> None:
    """Our report must be one JSON document with an entry per file and no error."""
    if run.returncode not in (0, 1):
        raise BenchError(f"iosxe-sim lint exited {run.returncode}:\n{run.stderr[-2000:]}")
    read = subprocess.run([sys.executable, "-c", SUMMARY, str(run.stdout)], capture_output=True, text=True, check=False)
    if read.returncode:
        raise BenchError(f"iosxe-sim lint printed no JSON:\n{run.stderr[-2000:]}\n{read.stderr[-2000:]}")
    report = json.loads(read.stdout)
    if report["files"] != files:
        raise BenchError(f"iosxe-sim lint reported {report['files']} files, expected {files}")
    if report["counts"]["error"]:
        raise BenchError(f"iosxe-sim lint finds errors in a config that has none: {report['first']}")


def validate_peer(run: Run, expected: list[int]) -> None:
    """The peer prints one JSON object per file; each must find the reconnect profiles we wrote."""
    if run.returncode != 0:
        raise BenchError(f"peer exited {run.returncode}:\n{run.stderr[-2000:]}")
    found = [len(json.loads(line)["reconnect_profiles"]) for line in run.stdout.read_text().splitlines()]
    if found != expected:
        raise BenchError(f"peer found {found[:5]}... reconnect profiles, expected {expected[:5]}...")


PREPARE = """
import json, sys
from pathlib import Path
profile, lines, seed, path, bench = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]), sys.argv[5]
sys.path.insert(0, bench)
import check_config, gen_config

text = gen_config.generate(lines, seed, profile)
path.write_text(text, encoding="ascii")
report = check_config.check(text)
kinds = gen_config.composition(text)
kind, top = kinds.most_common(1)[0]
facts = {"errors": report.errors[:5], "reconnect": report.reconnect_profiles, "kind": kind,
         "share": top / sum(kinds.values()), "unmodelled": None}
if profile == "headend":
    from iosxe_sim.config.loader import load_config
    from iosxe_sim.config.model import Block
    from iosxe_sim.parser.grammar import default_grammar
    from iosxe_sim.parser.match import default_matcher

    result = load_config(text, default_grammar(), default_matcher())
    pending, kept = list(result.config.items), sum(len(v.lines) for v in result.config.verbatim)
    while pending:
        item = pending.pop()
        if isinstance(item, Block):
            kept += len(item.verbatim)
            pending += item.children
    facts["unmodelled"] = kept / sum(kinds.values())
print(json.dumps(facts))
"""


def make_config(profile: str, lines: int, seed: int, path: Path | None = None) -> tuple[Path, int]:
    """Write and sanity-check a generated config; return its path and its reconnect-profile count.

    Done in a child process: a big heap here would count in every later child's peak RSS (Linux
    keeps the high-water mark across fork and exec). The head-end mix's promises are checked too:
    no block kind over 25% of the lines, at least 30% unmodelled (measured by our loader).
    """
    OUT.mkdir(exist_ok=True)
    path = path or OUT / f"{profile}-{lines}.cfg"
    argv = [sys.executable, "-c", PREPARE, profile, str(lines), str(seed), str(path), str(BENCH)]
    facts = json.loads(subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=True).stdout)
    if facts["errors"]:
        raise BenchError(f"generated {path} is inconsistent: {facts['errors']}")
    if facts["unmodelled"] is not None and lines >= 10_000:
        print(f"  {path.name}: largest kind {facts['kind']!r} {facts['share']:.1%}, "
              f"unmodelled {facts['unmodelled']:.1%}")
        if facts["share"] > MAX_KIND_SHARE or facts["unmodelled"] < MIN_UNMODELLED_SHARE:
            raise BenchError(f"{path.name} is not the promised head-end mix")
    return path, facts["reconnect"]


def median_runs(sides: dict[str, Callable[[], Run]], runs: int) -> dict[str, list[Run]]:
    """Run each side ``runs`` times, alternating; a side that fails is dropped (and said so)."""
    timed: dict[str, list[Run]] = {side: [] for side in sides}
    live = dict(sides)
    for _ in range(runs):
        for side, once in list(live.items()):
            try:
                timed[side].append(once())
            except BenchError as exc:
                print(f"  {side} FAILED: {exc}")
                del live[side]
                timed[side] = []
    return timed


def _row(label: str, timed: dict[str, list[Run]]) -> float | None:
    """Print one table row; return the ratio peer/ours when both sides ran."""
    ours, peer = timed.get("ours", []), timed.get("peer", [])
    ours_s = statistics.median(r.seconds for r in ours) if ours else None
    peer_s = statistics.median(r.seconds for r in peer) if peer else None
    ratio = peer_s / ours_s if ours_s and peer_s else None
    cells = [
        f"{ours_s:.3f}s" if ours_s else "-",
        f"{peer_s:.3f}s" if peer_s else "-",
        f"{ratio:.1f}x" if ratio else "-",
        f"{max(r.max_rss_mib for r in ours):.1f} MiB" if ours else "-",
        f"{max(r.max_rss_mib for r in peer):.1f} MiB" if peer else "-",
    ]
    print(f"{label:>24} " + " ".join(f"{c:>10}" for c in cells))
    return ratio


HEADER = f"{'':>24} {'ours':>10} {'peer':>10} {'peer/ours':>10} {'ours RSS':>10} {'peer RSS':>10}"


def bench_profiles(args: argparse.Namespace) -> tuple[bool, bool]:
    """The profile x size table; return (budgets met, every side worked)."""
    print(f"lint: whole process, median of {args.runs} runs")
    print(HEADER)
    ok, worked = True, True
    for profile in args.profiles:
        for size in args.sizes:
            path, expected = make_config(profile, size, args.seed)
            sides = {"ours": lambda path=path: _ours(path, 1)}
            if args.peer:
                sides["peer"] = lambda path=path, expected=expected: _peer([path], [expected])
            timed = median_runs(sides, args.runs)
            worked &= all(timed.values())
            ratio = _row(f"{profile} {size:,}", timed)
            if size >= LARGE:
                rss = max((r.max_rss_mib for r in timed["ours"]), default=0.0)
                fast = ratio is None or ratio >= SPEEDUP_BUDGET
                small = rss <= RSS_BUDGET_MIB
                ok &= fast and small
                print(f"{'':>24} budget >= {SPEEDUP_BUDGET:.0f}x: {'PASS' if fast else 'FAIL'}, "
                      f"<= {RSS_BUDGET_MIB:.0f} MiB: {'PASS' if small else 'FAIL'}")
    return ok, worked


def _ours(path: Path | list[Path], files: int, jobs: int = 1) -> Run:
    paths = path if isinstance(path, list) else [path]
    run = run_once(ours_argv(*paths, jobs=jobs))
    validate_ours(run, files)
    return run


def _peer(paths: list[Path], expected: list[int]) -> Run:
    run = run_once(peer_argv(*paths))
    validate_peer(run, expected)
    return run


def bench_fleet(args: argparse.Namespace) -> tuple[bool, bool]:
    """N files of L lines in a folder: `lint --jobs J DIR` against the peer over the same files."""
    count, lines = args.fleet
    folder = OUT / f"fleet-{count}x{lines}"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.cfg"):
        stale.unlink()
    profiles = sorted(gen_config.PROFILES)
    made = [
        make_config(profiles[n % len(profiles)], lines, args.seed + n, folder / f"router-{n:04d}.cfg")
        for n in range(count)
    ]
    paths, expected = [p for p, _ in made], [e for _, e in made]
    sides = {"ours": lambda: _ours([folder], count, args.jobs)}
    if args.peer:
        sides["peer"] = lambda: _peer(paths, expected)
    print(f"fleet: {count} files x {lines:,} lines, lint --jobs {args.jobs} DIR, median of {args.runs} runs")
    print(HEADER)
    timed = median_runs(sides, args.runs)
    ratio = _row(f"fleet {count}x{lines:,}", timed)
    met = ratio is None or ratio >= SPEEDUP_BUDGET
    print(f"{'':>24} budget >= {SPEEDUP_BUDGET:.0f}x: {'PASS' if met else 'FAIL'}")
    return met, all(timed.values())


def bench_startup(args: argparse.Namespace) -> tuple[bool, bool]:
    """Time `iosxe-sim lint` on the seed config against bare `python -c pass`."""
    path = REPO / "examples" / "seed-gateway.cfg"
    bare = [run_once([sys.executable, "-c", "pass"]) for _ in range(args.startup_runs)]
    try:
        ours = [_ours(path, 1) for _ in range(args.startup_runs)]
    except BenchError as exc:
        print(f"startup: FAILED: {exc}")
        return False, False
    ours_s = statistics.median(r.seconds for r in ours)
    bare_s = statistics.median(r.seconds for r in bare)
    met = ours_s <= STARTUP_BUDGET_S
    print(
        f"startup: iosxe-sim lint {path.relative_to(REPO)} median {ours_s * 1000:.0f} ms "
        f"({max(r.max_rss_mib for r in ours):.1f} MiB), bare python {bare_s * 1000:.0f} ms "
        f"(median of {args.startup_runs}); budget <= {STARTUP_BUDGET_S * 1000:.0f} ms: "
        + ("PASS" if met else "FAIL")
    )
    return met, True


def bench_findings(args: argparse.Namespace) -> tuple[bool, bool]:
    """A million findings (1M invalid lines, 13 MB) and 600k dangling references (900k lines) in every
    format: time and peak RSS."""
    path = OUT / "million-invalid.cfg"
    with path.open("w", encoding="ascii") as out:  # in pieces: this process must stay small
        out.writelines("invalid line\n" * 1000 for _ in range(FINDINGS // 1000))
    dangling = OUT / "dangling-600k.cfg"
    with dangling.open("w", encoding="ascii") as out:  # 300k IPsec profiles naming 600k undefined blocks
        for start in range(0, DANGLING_PROFILES, 1000):
            out.writelines(f"crypto ipsec profile P{n}\n set transform-set TSX{n}\n set ikev2-profile IKX{n}\n"
                           for n in range(start, start + 1000))
    ok = worked = True
    for label, file in ((f"{FINDINGS:,} invalid lines", path), (f"{2 * DANGLING_PROFILES:,} dangling references",
                                                                  dangling)):
        print(f"findings: {label}, whole process, median of {args.findings_runs} runs")
        for fmt in ("text", "json", "sarif"):
            runs = [run_once([*OURS, "lint", str(file), "--format", fmt]) for _ in range(args.findings_runs)]
            if any(r.returncode != 1 or r.stdout.stat().st_size < FINDINGS for r in runs):
                print(f"{fmt:>8} FAILED: {runs[-1].stderr[-2000:]}")
                worked = False
                continue
            seconds, rss = statistics.median(r.seconds for r in runs), max(r.max_rss_mib for r in runs)
            cpu = statistics.median(r.cpu_seconds for r in runs)
            met = seconds <= FINDINGS_BUDGET_S and rss <= FINDINGS_RSS_MIB
            ok &= met
            print(f"{fmt:>8} {seconds:.2f}s (cpu {cpu:.2f}s) {rss:.1f} MiB {runs[-1].stdout.stat().st_size / 2**20:.0f} MiB written; "
                  f"budget <= {FINDINGS_BUDGET_S:.0f} s, <= {FINDINGS_RSS_MIB:.0f} MiB: {'PASS' if met else 'FAIL'}")
    return ok, worked


def _fleet(text: str) -> tuple[int, int]:
    count, _, lines = text.partition("x")
    return int(count), int(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profiles", type=lambda s: s.split(","), default=sorted(gen_config.PROFILES),
                    help="comma-separated config profiles (default: all)")
    ap.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[1_000, 10_000, 100_000],
                    help="comma-separated line counts (default 1000,10000,100000)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per side and case (default 5)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--no-peer", dest="peer", action="store_false", help="skip ciscoconfparse2")
    ap.add_argument("--only", choices=("sizes", "fleet", "findings", "startup"), help="run one part only")
    ap.add_argument("--findings-runs", type=int, default=3, help="runs per format for a million findings (default 3)")
    ap.add_argument("--startup-runs", type=int, default=20, help="runs per side for startup (default 20)")
    ap.add_argument("--fleet", type=_fleet, default=(200, 1000), help="FILESxLINES (default 200x1000)")
    ap.add_argument("--jobs", type=int, default=2, help="--jobs for the fleet (default 2)")
    ap.add_argument("--ours", type=shlex.split, default=None,
                    help='command to run instead of "python -m iosxe_sim" (e.g. iosxe-sim)')
    ap.add_argument("--peer-python", default=sys.executable,
                    help="interpreter for the peer, e.g. a separate venv's (ciscoconfparse2 pins its dependencies)")
    args = ap.parse_args(argv)
    unknown = set(args.profiles) - set(gen_config.PROFILES)
    if unknown:
        ap.error(f"unknown profile(s) {', '.join(sorted(unknown))}")
    OURS[:] = args.ours or OURS
    PEER_PYTHON[:] = [args.peer_python]
    probe = [args.peer_python, "-c", "import ciscoconfparse2"]
    needs_peer = args.peer and args.only not in ("startup", "findings")
    if needs_peer and subprocess.run(probe, check=False, capture_output=True).returncode:
        print(f"ciscoconfparse2 is the peer of this benchmark and {args.peer_python} cannot import it: "
              "pip install ciscoconfparse2 (or pass --no-peer)", file=sys.stderr)
        return 2
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores")
    run_once([*OURS, "lint", str(REPO / "examples" / "seed-gateway.cfg")])  # writes our bytecode cache
    parts = {"sizes": bench_profiles, "fleet": bench_fleet, "findings": bench_findings, "startup": bench_startup}
    results = [run(args) for name, run in parts.items() if args.only in (None, name)]
    if not all(worked for _, worked in results):
        return 2
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
