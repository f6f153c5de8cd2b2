"""What `lab show` checks beyond the file format: the lab played once, as a grader would play it.

The loader checks each field alone; some instructor mistakes only show when the lab runs. The
`[grading] replay` lines are typed on the untouched lab, mode by mode, as `--config` grading and
the final re-test of a `--script` will type them: a line the CLI does not accept
(`lab clok advance 8m`, which would silently fail every student) or a `lab client` command for a
client no section declares is an error. Objectives the untouched lab already meets are reported as
warnings: they score nothing.
"""

from __future__ import annotations

from iosxe_sim.labs.model import Lab
from iosxe_sim.labs.runtime import LabSession
from iosxe_sim.labs.validate import LabError
from iosxe_sim.parser.match import Matched

SYNTAX_ERRORS = ("% Invalid input detected", "% Incomplete command", "% Ambiguous command")
CLIENT_COMMAND = "lab.client"


def check_replay(lab: Lab) -> None:
    """Raise LabError naming the first replay line that is wrong."""
    session = LabSession(lab)
    console = session.device.console
    clients = {client.name for client in lab.clients}
    for number, line in enumerate(lab.replay, 1):
        if not line.strip() or line.lstrip().startswith("!"):
            continue
        where = f"{lab.source}:{lab.replay_line + number}" if lab.replay_line else lab.source
        if console.editor is None:
            result = session.device.matcher.match_line(console.mode, line)
            if isinstance(result, Matched) and result.command.handler.startswith(CLIENT_COMMAND):
                name = str(result.args.get("name"))
                if result.command.handler == CLIENT_COMMAND:
                    clients.add(name)
                elif name not in clients:
                    raise LabError(
                        f"{where}: grading.replay line {number}: no client {name!r} is declared "
                        f"in a [[client]] section ({line.strip()!r})"
                    )
        output = console.execute(line)
        console.pending_log()
        if any(error in output for error in SYNTAX_ERRORS):
            message = next(text for text in output.splitlines() if text.startswith("%"))
            raise LabError(
                f"{where}: grading.replay line {number}: the CLI does not accept {line.strip()!r} ({message})"
            )


def warnings(lab: Lab) -> list[str]:
    """Objectives the untouched lab meets (no free points): each one a line for `lab show`."""
    from iosxe_sim.labs.grader import free_objectives

    free = free_objectives(lab)
    return [
        f"{lab.source}: warning: objective {number} ({objective.id}) is met by the untouched lab, "
        "so it scores nothing: check something the student must change"
        for number, objective in enumerate(lab.objectives, 1)
        if objective.id in free and objective.scored
    ]


def audit(lab: Lab) -> list[str]:
    """Every check `lab show` makes: errors raise LabError, warnings are returned."""
    check_replay(lab)
    return warnings(lab)
