"""`show logging`: the logging settings, then the buffered log.

Layout from public captures of IOS/IOS-XE `show logging` (a CSR1000v 16.8 `dohost 'show log'`
transcript in a DevNet guestshell tutorial, and an IOS router's full output in a CCNA lab
write-up; both keep the indents below). Counts the emulator does not keep separately (console,
trap) are the buffer's: every message goes to all of them here. The disabled form of the buffer
line is EMULATOR-DEFINED.
"""

from __future__ import annotations

from iosxe_sim.logbuffer import LEVEL_NAMES, LogBuffer


def render_logging(buffer: LogBuffer, enabled: bool) -> str:
    logged = buffer.logged
    if enabled:
        buffer_line = (
            # "    Buffer logging:  level debugging, 27 messages logged, xml disabled,"
            "    Buffer logging:  level %s, %d messages logged, xml disabled,\n"
            "                    filtering disabled\n" % (LEVEL_NAMES[buffer.level], logged)
        )
    else:
        buffer_line = "    Buffer logging:  disabled, xml disabled,\n                    filtering disabled\n"
    head = (
        "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns,"
        " xml disabled, filtering disabled)\n"
        "\n"
        "No Active Message Discriminator.\n"
        "\n\n\n"
        "No Inactive Message Discriminator.\n"
        "\n\n"
        "    Console logging: level debugging, %d messages logged, xml disabled,\n"
        "                     filtering disabled\n"
        "    Monitor logging: level debugging, 0 messages logged, xml disabled,\n"
        "                     filtering disabled\n" % logged
        + buffer_line
        + "    Exception Logging: size (4096 bytes)\n"
        "    Count and timestamp logging messages: disabled\n"
        "    Persistent logging: disabled\n"
        "\n"
        "No active filter modules.\n"
        "\n"
        # "    Trap logging: level informational, 30 message lines logged"
        "    Trap logging: level informational, %d message lines logged\n"
        "        Logging Source-Interface:       VRF Name:\n"
        "\n" % logged
    )
    if not enabled:
        return head
    # "Log Buffer (4096 bytes):"
    return head + "Log Buffer (%d bytes):\n\n" % buffer.size + "".join(buffer.lines)
