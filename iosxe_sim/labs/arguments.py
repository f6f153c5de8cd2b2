"""The arguments of ``iosxe-sim lab ...``: argparse only, so building the CLI parser stays cheap
(``iosxe-sim lint`` must not load the simulator to parse its command line).
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `lab` subcommands (cli.py calls this when it builds its parser)."""
    labs = parser.add_subparsers(dest="lab_command", metavar="{list,show,start,check,serve}", required=True)
    listing = labs.add_parser("list", help="list the built-in labs (or the labs in FOLDER)")
    listing.add_argument("folder", nargs="?", metavar="FOLDER", help="a folder of lab files")
    show = labs.add_parser("show", help="check a lab and print its briefing and objectives")
    show.add_argument("lab", metavar="LAB", help="built-in lab name, or path of a lab file or folder")
    _variant(show)
    start = labs.add_parser("start", help="open the shell with the lab loaded")
    start.add_argument("lab", metavar="LAB", help="built-in lab name, or path of a lab file or folder")
    _variant(start)
    start.add_argument(
        "--realtime", action="store_true", help="let the wall clock drive time (default: virtual)"
    )
    start.add_argument(
        "--timeline", metavar="FILE", help="on exit, write the lab timeline as SVG (- prints it)"
    )
    start.add_argument(
        "--record",
        metavar="FILE",
        help="record every line typed (with the lab's hash and the student id) to hand in",
    )
    start.add_argument(
        "--resume", action="store_true", help="continue from the state `write memory` saved last time"
    )
    start.add_argument("--state", metavar="FILE", help="where `write memory` saves the lab's state")
    start.add_argument("--bootflash", metavar="DIR",
                       help="a folder as the lab device's bootflash: (exported captures land there)")
    start.add_argument("--exam", action="store_true", help="exam mode: no hints, `lab check` without details")
    start.add_argument(
        "--time-limit", metavar="DURATION", help="exam time limit on the wall clock (45m, 1h30m)"
    )
    check = labs.add_parser(
        "check", help="grade a student's session (exit 0 all objectives met, 1 not, 2 error)"
    )
    check.add_argument("lab", metavar="LAB", help="built-in lab name, or path of a lab file or folder")
    _variant(check)
    given = check.add_mutually_exclusive_group()
    given.add_argument(
        "--script",
        metavar="FILE",
        help="CLI lines or a recording to replay on a fresh lab (- for stdin); a folder grades every "
        "file in it into one gradebook",
    )
    given.add_argument("--config", metavar="FILE", help="a saved running-config to grade")
    check.add_argument(
        "--format", choices=("text", "json", "csv"), default="text", help="report format (csv: gradebooks)"
    )
    check.add_argument(
        "--exam", action="store_true", help="report only what passed, not each check's details"
    )
    check.add_argument("--timeline", metavar="FILE", help="write the lab timeline as SVG (- prints it)")
    check.add_argument("--transcript", metavar="FILE", help="write the console transcript (- prints it)")
    _serve(labs)


def _serve(labs: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from iosxe_sim.server.options import add_server_options

    serve = labs.add_parser("serve", help="a lab for a room: each SSH login gets a lab device, graded live")
    serve.add_argument("lab", metavar="LAB", help="built-in lab name, or path of a lab file or folder")
    add_server_options(serve)
    serve.add_argument("--password", default="lab", help="the class password (default: lab)")
    serve.add_argument("--gradebook", metavar="FILE",
                       help="the gradebook, written again as students progress (JSON, or CSV for *.csv)")
    serve.add_argument("--seed", type=int, metavar="N", help="draw the students' variants from N")
    serve.add_argument("--max-students", type=int, default=40, metavar="N", help="desks in the room (default 40)")
    serve.add_argument("--idle-timeout", type=float, default=30.0, metavar="MINUTES",
                       help="close a terminal idle this long; the desk keeps its work (default 30)")
    serve.add_argument("--exam", action="store_true", help="exam mode: no hints, `lab check` without details")


def _variant(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--student", metavar="ID", help="the student's variant of the lab (its [variables] drawn from ID)"
    )
    parser.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help="with --student: draw the variants from N (default: the lab's seed)",
    )
