"""The SSH server: the same router for automation clients and classrooms (asyncssh only here)."""
