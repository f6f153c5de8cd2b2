"""Grammar files (data): shipped inside the package as iosxe_sim.grammars."""
