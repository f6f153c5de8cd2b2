"""Peer workload for bench_lint.py: ciscoconfparse2 parses configs and finds the reconnect profiles.

Usage: python bench/peer_ciscoconfparse2.py FILE [FILE ...]

Prints one JSON object per file, one per line: {"ikev2_profiles": N, "reconnect_profiles": [names...]}.
Benchmark-only dependency: `pip install ciscoconfparse2`.
"""

from __future__ import annotations

import json
import sys

try:
    from ciscoconfparse2 import CiscoConfParse
except ImportError:
    sys.exit("ciscoconfparse2 is not installed: pip install ciscoconfparse2")


def main(paths: list[str]) -> int:
    for path in paths:
        parse = CiscoConfParse(path, syntax="ios")
        profiles = parse.find_objects(r"^crypto ikev2 profile ")
        reconnect = parse.find_parent_objects([r"^crypto ikev2 profile ", r"^\s+reconnect(\s|$)"])
        names = [obj.text.split()[3] for obj in reconnect]
        print(json.dumps({"ikev2_profiles": len(profiles), "reconnect_profiles": names}))
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
