"""`show running-config interface IF` and `show derived-config interface Virtual-AccessN`.

Both print IOS's header (`Building configuration...`, a blank, `Current|Derived configuration :
N bytes`), then `!`, the interface block and `end`; N counts the bytes from `!` to `end`'s newline
(public captures of `show derived-config`, e.g. a Cisco dCloud lab guide's C9300 output).
A FlexVPN Virtual-Access is cloned from its Virtual-Template: the template's lines with
`type tunnel` dropped, `tunnel source`/`tunnel destination` set to the two IKE endpoints and
`no tunnel protection ipsec initiate` added, as the derived configuration in Cisco's FlexVPN
configuration guide shows. Line order is the template's, the endpoints placed around
`tunnel mode` as there.
"""

from __future__ import annotations

from ipaddress import IPv4Address


def render_interface_config(lines: list[str], derived: bool) -> str:
    body = "!\n" + "".join(line + "\n" for line in lines) + "end\n"
    label = "Derived" if derived else "Current"
    return "Building configuration...\n\n%s configuration : %d bytes\n%s" % (label, len(body.encode()), body)


def virtual_access_lines(
    name: str, template_lines: list[str], local: IPv4Address, remote: IPv4Address
) -> list[str]:
    """The Virtual-Access's derived lines from its template's nvgen lines (first line: header)."""
    lines = ["interface %s" % name]
    for line in template_lines[1:]:
        if line.startswith(" tunnel mode"):
            lines += [" tunnel source %s" % local, line, " tunnel destination %s" % remote]
        elif line.startswith((" tunnel source", " tunnel destination")):
            continue
        else:
            lines.append(line)
    if any(line.startswith(" tunnel protection") for line in lines):
        lines.append(" no tunnel protection ipsec initiate")
    return lines
