"""Deterministic generator of IOS-XE FlexVPN head-end running-configs for the benchmarks.

Usage: python bench/gen_config.py --lines 100000 [--profile acl|headend|many-first-words] [--seed N]
           -o FILE [--composition]

The output is a saved `show running-config`: header, `!` separators, one-space indentation, `end`.
Profiles (PROFILES): `acl` (below), `headend` and `many-first-words` (gen_headend.py).
`--composition` prints the share of lines of each block kind (`composition`).

The `acl` profile: per-tenant remote-access stacks (vrf, pool, split ACL, authorization policy, IKEv2 profile, IPsec
profile, Loopback, Virtual-Template) scale with the size; large near-identical ACLs fill the rest up
to the requested line count (exact once it exceeds the fixed part, about 330 lines at two tenants). Every name
referenced is defined, so a correct linter reports no error. `Current configuration : N bytes`
counts the bytes that follow that line. Stdlib only.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_headend

B64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
UNITS = ("CORP", "ENG", "SALES", "OPS", "FIN", "HR", "LAB", "PARTNER", "NOC", "GUEST")
FIRST = ("anna", "bram", "chen", "dana", "emil", "fatima", "gert", "hana", "ivan", "joost", "kim", "lena")
LAST = ("jansen", "devries", "bakker", "visser", "smit", "meijer", "mulder", "bos", "vos", "peters")
TCP_PORTS = ("www", "443", "22", "8443", "3389", "smtp", "domain", "1433")
UDP_PORTS = ("domain", "ntp", "snmp", "syslog", "isakmp", "non500-isakmp", "tftp")
EXTENDED_ACES = (  # with weights 9, 5, 4, 2
    " {seq} permit tcp {net} host 10.1.1.{host} eq {tcp}| {seq} permit udp {net} any eq {udp}"
    "| {seq} deny ip {net} any| {seq} permit icmp {net} any echo-reply"
)
KEY_ID = "match identity remote key-id *$AnyConnectClient$*"
RECONNECT_TIMEOUTS = (600, 900, 1800, 3600, 14400)
TRANSFORM_SETS = ("TS-AES256", "TS-AES128", "TS-GCM256")
TRAPS = (
    "snmp authentication linkdown linkup coldstart warmstart|config|entity|cpu threshold|syslog"
    "|ipsec cryptomap add|ipsec tunnel start|ipsec tunnel stop|ike policy add|ike tunnel start"
    "|ike tunnel stop|bgp|envmon"
)


def block(text: str) -> str:
    """Templates below are written one config line per `|`, to keep this file short."""
    return text.replace("|", "\n")


# Block templates; a `!` line follows each block in the output.
HEAD = block(
    "! Last configuration change at 09:14:22 UTC Tue Mar 11 2025 by admin|!|version 17.16"
    "|service timestamps debug datetime msec|service timestamps log datetime msec|service call-home"
    "|platform qfp utilization monitor load 80|platform punt-keepalive disable-kernel-core"
    "|platform console serial|!|hostname HUB-{hub}|!|boot-start-marker|boot-end-marker|!"
    "|vrf definition Mgmt-intf| !| address-family ipv4| exit-address-family"
)
VRF = block(
    "vrf definition {t}| rd 65000:{n}| !| address-family ipv4|  route-target export 65000:{n}"
    "|  route-target import 65000:{n}| exit-address-family"
)
RADIUS = block(
    "aaa group server radius RAD-ISE-{n}"
    "| server-private 10.0.10.{n} auth-port 1812 acct-port 1813 key 0 Rad1us-{n}"
)
TRUSTPOINT = block(
    "crypto pki trustpoint TP-VPN-{n}| enrollment terminal| subject-name cn=vpn{n}.example.com"
    "| revocation-check none| rsakeypair TP-VPN-{n}|!"
    "|crypto pki certificate chain TP-VPN-{n}| certificate 0{n}"  # enrolled: a router certificate
    "|  30820122 300D0609 2A864886 F70D0101 01050003 82010F00 3082010A 02820101|  \tquit"
)
LICENSE = block("license udi pid C8000V sn 9{serial}|license boot level network-premier addon dna-premier")
AUTHOR_POLICY = block(
    "crypto ikev2 authorization policy {t}-AUTHOR| pool {t}-POOL| netmask 255.255.255.0"
    "| dns 10.0.0.53 10.0.0.54| def-domain {domain}| route set access-list {t}-SPLIT"
)
IKEV2_FIXED = block(
    "crypto ikev2 proposal PROP-CBC-256| encryption aes-cbc-256| integrity sha512 sha384| group 19 14 21|!"
    "|crypto ikev2 proposal PROP-GCM-256| encryption aes-gcm-256| prf sha384| group 19 20|!"
    "|crypto ikev2 policy POL-DEFAULT| match fvrf any| proposal PROP-CBC-256|!"
    "|crypto ikev2 policy POL-GCM| match address local 198.18.0.1| proposal PROP-GCM-256"
)
PROFILE = block(
    "crypto ikev2 profile {t}| description Remote access {t}| {identity}| match address local {address}"
    "| identity local fqdn vpn-{n}.example.com| authentication local rsa-sig"
    "| authentication remote anyconnect-eap aggregate| pki trustpoint TP-VPN-{tp}{dpd}"
    "| aaa authentication anyconnect-eap AC-AUTHEN-{k}"
    "| aaa authorization group anyconnect-eap list AC-AUTHOR-{k} {t}-AUTHOR"
    "| aaa authorization user anyconnect-eap cached| ivrf {t}| virtual-template {n}"
    "| anyconnect profile {t}-ACP{reconnect}"
)
PACKAGES = block(
    "crypto vpn anyconnect bootflash:cisco-secure-client-win-5.1.8.105-webdeploy-k9.pkg sequence 1"
    "|crypto vpn anyconnect bootflash:cisco-secure-client-macos-5.1.8.105-webdeploy-k9.pkg sequence 2"
    "|crypto vpn anyconnect bootflash:cisco-secure-client-linux64-5.1.8.105-webdeploy-k9.pkg sequence 3"
)
IPSEC_FIXED = block(
    "crypto ipsec transform-set TS-AES256 esp-aes 256 esp-sha384-hmac| mode tunnel|!"
    "|crypto ipsec transform-set TS-AES128 esp-aes esp-sha256-hmac| mode tunnel|!"
    "|crypto ipsec transform-set TS-GCM256 esp-gcm 256| mode tunnel"
)
IPSEC_PROFILE = block("crypto ipsec profile {t}-IPSEC| set transform-set {ts}| set ikev2-profile {t}")
INTERFACES_FIXED = block(
    "class-map match-any CM-VOICE| match dscp ef|!|policy-map PM-WAN-OUT| class CM-VOICE"
    "|  priority percent 20| class class-default|  fair-queue|!"
    "|interface Loopback0| ip address 10.255.0.1 255.255.255.255|!"
    "|interface GigabitEthernet1| description WAN uplink| ip address 203.0.113.10 255.255.255.0"
    "| negotiation auto|!"
    "|interface GigabitEthernet2| description LAN core| ip address 10.0.0.1 255.255.255.0| negotiation auto|!"
    "|interface GigabitEthernet3| description OOB management| vrf forwarding Mgmt-intf"
    "| ip address 192.168.255.10 255.255.255.0| negotiation auto"
)
LOOPBACK = block(
    "interface Loopback{lo}| description RA head-end address {t}| ip address {address} 255.255.255.255"
)
VIRTUAL_TEMPLATE = block(
    "interface Virtual-Template{n} type tunnel| description {t}| ip unnumbered Loopback{lo}| ip mtu 1400"
    "| tunnel mode ipsec ipv4| tunnel protection ipsec profile {t}-IPSEC"
)
TAIL = block(
    "logging host 10.0.20.1|logging host 10.0.20.2|!|snmp-server community N0c-RO RO"
    "|snmp-server location DC1 rack 12|snmp-server contact noc@example.com|{traps}"
    "|snmp-server host 10.0.20.1 version 2c N0c-RO|!|banner motd ^C|*** Authorized access only ***"
    "|This system is monitored; disconnect now if you are not authorized.|^C|!"
    "|line con 0| exec-timeout 15 0| stopbits 1|line vty 0 4| exec-timeout 15 0| transport input ssh|!"
    "|ntp server 10.0.0.123|ntp server 10.0.0.124"
).format(traps="\n".join(f"snmp-server enable traps {t}" for t in TRAPS.split("|")))


class Generator:
    """Builds the config as text blocks; `render` puts one `!` line after each block."""

    def __init__(self, target_lines: int, seed: int) -> None:
        self.target = target_lines
        self.rng = random.Random(seed)
        count = max(2, min(4000, target_lines // 400))
        self.tenants = [f"RA-{UNITS[i % len(UNITS)]}-{i + 1:03d}" for i in range(count)]
        self.aaa_pairs = max(1, min(16, count // 10))

    def secret9(self) -> str:
        return "$9$" + "".join(self.rng.choices(B64, k=14)) + "$" + "".join(self.rng.choices(B64, k=43))

    @staticmethod
    def pool_net(i: int) -> str:
        return f"10.{128 + i // 256}.{i % 256}"

    @staticmethod
    def address(i: int) -> str:
        """The head-end address of tenant i, on interface Loopback(100 + i)."""
        return f"198.18.{i // 250}.{i % 250 + 1}"

    def head(self) -> list[str]:
        blocks = [HEAD.format(hub=self.rng.randint(1, 9))]
        blocks += [VRF.format(t=t, n=n) for n, t in enumerate(self.tenants, 1)]
        blocks += [f"enable secret 9 {self.secret9()}", "aaa new-model"]
        blocks += [RADIUS.format(n=n) for n in (1, 2)]
        lists = []
        for k in range(1, self.aaa_pairs + 1):
            method = f"group RAD-ISE-{k % 2 + 1}" if k % 4 == 0 else "local"
            lists += [f"aaa authentication login AC-AUTHEN-{k} {method}"]
            lists += [f"aaa authorization network AC-AUTHOR-{k} {method}"]
        blocks.append("\n".join(lists))
        blocks += [TRUSTPOINT.format(n=n) for n in (1, 2, 3)]
        serial = "".join(self.rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", k=10))
        blocks += [LICENSE.format(serial=serial), "spanning-tree extend system-id"]
        users = [f"username admin secret 9 {self.secret9()}"]
        for n in range(1, max(10, self.target // 25)):
            name = f"{self.rng.choice(FIRST)}.{self.rng.choice(LAST)}{n:05d}"
            if self.rng.random() < 0.6:
                users.append(f"username {name} secret 9 {self.secret9()}")
            else:
                users.append(f"username {name} password 0 Pw{self.rng.randint(100000, 999999)}")
        blocks.append("\n".join(users))
        return blocks

    def crypto(self) -> list[str]:
        blocks = []
        for i, t in enumerate(self.tenants):
            policy = AUTHOR_POLICY.format(t=t, domain=f"{t.lower()}.example.com")
            policy += "\n include-local-lan" if i % 3 == 0 else ""
            blocks.append(policy + ("\n session-lifetime 86400" if i % 5 == 0 else ""))
        blocks.append(IKEV2_FIXED)
        for i, t in enumerate(self.tenants):
            identity = f"match identity remote fqdn domain {t.lower()}.example.com" if i % 4 == 0 else KEY_ID
            timeout = self.rng.choice(RECONNECT_TIMEOUTS)
            reconnect = "" if i % 2 else "\n reconnect" if i % 10 == 4 else f"\n reconnect timeout {timeout}"
            dpd = "\n dpd 45 2 on-demand" if i % 3 == 1 else ""
            opts = {"identity": identity, "dpd": dpd, "reconnect": reconnect, "address": self.address(i)}
            blocks.append(PROFILE.format(t=t, n=i + 1, tp=i % 3 + 1, k=i % self.aaa_pairs + 1, **opts))
        blocks.append("no crypto ikev2 http-url cert")
        profiles = [f"crypto vpn anyconnect profile {t}-ACP bootflash:{t}-ACP.xml" for t in self.tenants]
        blocks += ["\n".join([PACKAGES, *profiles]), IPSEC_FIXED]
        blocks += [IPSEC_PROFILE.format(t=t, ts=TRANSFORM_SETS[i % 3]) for i, t in enumerate(self.tenants)]
        return blocks

    def interfaces_and_routing(self) -> list[str]:
        blocks = [INTERFACES_FIXED]
        blocks += [
            LOOPBACK.format(lo=100 + i, t=t, address=self.address(i)) for i, t in enumerate(self.tenants)
        ]
        for i, t in enumerate(self.tenants):
            blocks.append(VIRTUAL_TEMPLATE.format(n=i + 1, t=t, lo=100 + i))
        peers = [f"10.0.{1 + n // 200}.{1 + n % 200}" for n in range(max(2, self.target // 800))]
        bgp = ["router bgp 65000", " bgp router-id 10.255.0.1", " bgp log-neighbor-changes"]
        for n, p in enumerate(peers):
            bgp += [f" neighbor {p} remote-as {64512 + n % 100}", f" neighbor {p} description peer-{n + 1}"]
            bgp += [f" neighbor {p} update-source Loopback0"]
        bgp += [" !", " address-family ipv4"]
        bgp += [f"  network {self.pool_net(i)}.0 mask 255.255.255.0" for i in range(len(self.tenants))]
        bgp += [f"  neighbor {p} activate" for p in peers] + [" exit-address-family"]
        blocks += ["\n".join(bgp), "no ip http server\nno ip http secure-server"]
        pools = [
            f"ip local pool {t}-POOL {self.pool_net(i)}.10 {self.pool_net(i)}.250"
            for i, t in enumerate(self.tenants)
        ]
        blocks.append("\n".join(pools))
        return blocks

    def acls(self, budget: int) -> list[str]:
        """Per-tenant split-tunnel ACLs, then big near-identical ACLs using `budget` lines (blocks + `!`)."""
        blocks = []
        for i, t in enumerate(self.tenants):
            entries = [
                f" {10 * (k + 1)} permit 10.{i % 128}.{k}.0 0.0.0.255" for k in range(self.rng.randint(3, 20))
            ]
            blocks.append("\n".join([f"ip access-list standard {t}-SPLIT", *entries]))
        rem = budget - sum(b.count("\n") + 2 for b in blocks)
        hi = max(40, self.target // 50)
        serial = 0
        while rem >= 3:
            n = min(self.rng.randint(hi // 8, hi), rem - 2)
            if rem - n - 2 < 3:
                n = rem - 2
            serial += 1
            kind = "standard" if serial % 3 == 0 else "extended"
            entries = [self.ace(kind, k) for k in range(n)]
            blocks.append("\n".join([f"ip access-list {kind} ACL-EDGE-{serial:03d}", *entries]))
            rem -= n + 2
        return blocks

    def ace(self, kind: str, k: int) -> str:
        """Entry k of a big ACL: unique source network, random protocol and port."""
        net = f"{(k >> 16) + 10}.{(k >> 8) & 255}.{k & 255}.0 0.0.0.255"
        if kind == "standard":
            return f" {10 * (k + 1)} permit {net}"
        template = self.rng.choices(EXTENDED_ACES.split("|"), weights=(9, 5, 4, 2))[0]
        tcp, udp = self.rng.choice(TCP_PORTS), self.rng.choice(UDP_PORTS)
        return template.format(seq=10 * (k + 1), net=net, host=1 + k % 50, tcp=tcp, udp=udp)

    def render(self) -> str:
        before = self.head() + self.crypto() + self.interfaces_and_routing()
        fixed = 3 + 1 + sum(b.count("\n") + 2 for b in [*before, TAIL]) + 1
        blocks = [*before, *self.acls(self.target - fixed), TAIL]
        text = "!\n" + "".join(b + "\n!\n" for b in blocks) + "end\n"
        return f"Building configuration...\n\nCurrent configuration : {len(text.encode())} bytes\n{text}"


def acl_heavy(lines: int, seed: int) -> str:
    return Generator(lines, seed).render()


PROFILES: dict[str, Callable[[int, int], str]] = {
    "acl": acl_heavy,
    "headend": gen_headend.headend,
    "many-first-words": gen_headend.many_first_words,
}


def generate(lines: int, seed: int = 1, profile: str = "acl") -> str:
    """Return a config text of about `lines` lines of one profile."""
    return PROFILES[profile](lines, seed)


def kind(root: str) -> str:
    """A top-level line's block kind: its leading keywords (lower-case words, not numbers; at most three)."""
    words = []
    for word in root.split()[:3]:
        if not word.islower() or not word.replace("-", "").isalnum() or word.isdigit():
            break
        words.append(word)
    return " ".join(words) or root.split()[0]


def composition(text: str) -> Counter[str]:
    """Lines per block kind (a block's sub-lines and banner bodies count for its root), `!` and the
    header left out."""
    kinds: Counter[str] = Counter()
    current, banner_end = "", ""
    for line in text.split("\n")[3:]:
        if banner_end:
            banner_end = "" if banner_end in line else banner_end
            kinds[current] += 1
            continue
        if not line.strip() or line.strip() == "!" or line == "end":
            continue
        if not line.startswith(" "):
            current = kind(line)
            if line.startswith("banner ") and line.count("^C") == 1:
                banner_end = "^C"
        kinds[current] += 1
    return kinds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, required=True, help="approximate number of lines to produce")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--profile", choices=sorted(PROFILES), default="acl", help="config mix (default acl)")
    ap.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    ap.add_argument("--composition", action="store_true", help="print the share of each block kind")
    args = ap.parse_args(argv)
    text = generate(args.lines, args.seed, args.profile)
    args.output.write_text(text, encoding="ascii")
    print(f"{args.output}: {text.count(chr(10))} lines, {len(text)} bytes", file=sys.stderr)
    if args.composition:
        kinds = composition(text)
        total = sum(kinds.values())
        for name, count in kinds.most_common(25):
            print(f"{count / total:7.1%} {count:>8} {name}")
        print(f"{len(kinds)} kinds, {total} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
