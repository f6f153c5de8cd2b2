"""Training labs: lab files (a starting gateway, clients, a story, objectives), a runner, a grader.

``loader.load_lab(name_or_path)`` reads and validates a lab; ``runtime.LabSession`` plays it on a
:class:`~iosxe_sim.device.Device`; ``grader`` replays a student's session and checks the objectives;
``cli.run_lab`` is ``iosxe-sim lab``. Importing this package imports nothing else (the shell loads
``labs.commands`` with the other command handlers).
"""

from __future__ import annotations
