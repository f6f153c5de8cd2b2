"""Example configs, labs and the default device (data): shipped as iosxe_sim.examples."""
