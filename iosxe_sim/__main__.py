"""``python -m iosxe_sim`` is the ``iosxe-sim`` command."""

from iosxe_sim.cli import entry

entry()
