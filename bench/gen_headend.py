"""The `headend` and `many-first-words` profiles of gen_config.py (stdlib only).

`headend` is a FlexVPN head-end as real ones are spread: per tenant a VRF, a dot1Q sub-interface,
a Loopback and a Virtual-Template, remote-access and site-to-site IKEv2 (authorization policy,
profiles, keyring with peers, proposal, policy), IPsec transform set and profiles, AAA method
lists and RADIUS servers, static routes, a BGP VRF address family, prefix lists and route maps;
PKI certificate chains in hex, lines and banners. No block kind holds more than 25% of the lines
and about 40% of them are real IOS commands iosxe-sim does not model (VRFs, BGP, RADIUS servers,
`ip route vrf`, certificate chains, `encapsulation dot1Q` ...). `many-first-words` is a config of
a few hundred distinct real IOS commands (global and interface), repeated with varying arguments.
Every name referenced is defined, so a correct linter reports no error.
"""

from __future__ import annotations

import random

B64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
HEX = "0123456789ABCDEF"
UNITS = ("CORP", "ENG", "SALES", "OPS", "FIN", "HR", "LAB", "PARTNER", "NOC", "GUEST")


def lines(text: str) -> list[str]:
    """Templates are written one config line per `|`, to keep this file short."""
    return text.split("|")


HEAD = lines(
    "! Last configuration change at 09:14:22 UTC Tue Mar 11 2025 by admin|!|version 17.16"
    "|service timestamps debug datetime msec localtime show-timezone"
    "|service timestamps log datetime msec localtime show-timezone|service password-encryption"
    "|service call-home|no service pad|platform qfp utilization monitor load 80"
    "|platform punt-keepalive disable-kernel-core|platform console serial|!|hostname HUB-{hub}|!"
    "|boot-start-marker|boot system bootflash:packages.conf|boot-end-marker|!"
    "|logging buffered 51200 warnings|logging console critical|no logging console"
    "|enable secret 9 {secret}|!|aaa new-model|!|aaa session-id common|clock timezone CET 1 0"
    "|clock summer-time CEST recurring last Sun Mar 2:00 last Sun Oct 3:00|!|ip domain name example.com"
    "|ip name-server 10.0.0.53 10.0.0.54|ip dhcp bootp ignore|login on-success log|!"
    "|subscriber templating|multilink bundle-name authenticated|!"
    "|vrf definition Mgmt-intf| !| address-family ipv4| exit-address-family| !| address-family ipv6"
    "| exit-address-family"
)
VRF = lines(
    "vrf definition {t}| description tenant {t}| rd 65000:{n}| !| address-family ipv4"
    "|  route-target export 65000:{n}|  route-target import 65000:{n}| exit-address-family"
)
RADIUS = lines(
    "radius server RAD-{n}| address ipv4 10.0.10.{n} auth-port 1812 acct-port 1813| timeout 5"
    "| retransmit 2| key 7 {key7}"
)
RADIUS_GROUP = lines(
    "aaa group server radius RG-{k}| server name RAD-{a}| server name RAD-{b}"
    "| ip radius source-interface Loopback0| deadtime 5"
)
AAA = lines(
    "aaa authentication login AC-AUTHEN-{t} group RG-{k} local|aaa authorization network AC-AUTHOR-{t} local"
    "|aaa accounting network AC-ACCT-{t} start-stop group RG-{k}"
)
TRUSTPOINT = lines(
    "crypto pki trustpoint TP-VPN-{n}| enrollment terminal| serial-number none| fqdn vpn{n}.example.com"
    "| subject-name cn=vpn{n}.example.com,o=Example| revocation-check none| rsakeypair TP-VPN-{n} 2048"
)
AUTHOR_POLICY = lines(
    "crypto ikev2 authorization policy {t}-AUTHOR| pool {t}-POOL| dns 10.{a}.0.53 10.{a}.0.54"
    "| netmask 255.255.255.0| banner Welcome to {t}| def-domain {d}| route set interface"
    "| route set access-list {t}-SPLIT| session-lifetime 86400"
)
PROPOSAL = lines(
    "crypto ikev2 proposal PROP-{t}| encryption aes-gcm-256 aes-gcm-128| prf sha512 sha384| group 21 20 19"
)
POLICY = lines("crypto ikev2 policy POL-{t}| match fvrf any| match address local {addr}| proposal PROP-{t}")
KEYRING_PEER = lines(
    " peer SITE-{t}-{p}|  description branch {p} of {t}|  address 100.{hi}.{lo}.{p} 255.255.255.255"
    "|  pre-shared-key 6 {psk}"
)
RA_PROFILE = lines(
    "crypto ikev2 profile RA-{t}| description remote access {t}| match identity remote key-id {keyid}"
    "| match address local {addr}| identity local fqdn vpn-{n}.example.com| authentication local rsa-sig"
    "| authentication remote anyconnect-eap aggregate| pki trustpoint TP-VPN-{tp}| dpd 60 2 on-demand"
    "| aaa authentication anyconnect-eap AC-AUTHEN-{t}"
    "| aaa authorization group anyconnect-eap list AC-AUTHOR-{t} {t}-AUTHOR"
    "| aaa authorization user anyconnect-eap cached| aaa accounting anyconnect-eap AC-ACCT-{t}"
    "| ivrf {t}| virtual-template {n} mode auto| anyconnect profile {t}-ACP"
)
S2S_PROFILE = lines(
    "crypto ikev2 profile S2S-{t}| description site to site {t}| match fvrf any"
    "| match identity remote address 100.{hi}.{lo}.0 255.255.255.0| identity local address {addr}"
    "| authentication remote pre-share| authentication local pre-share| keyring local KR-{t}"
    "| lifetime 28800| dpd 30 5 periodic| ivrf {t}"
)
IPSEC = lines(
    "crypto ipsec profile RA-{t}-IPSEC| set transform-set {ts}| set pfs group21| set ikev2-profile RA-{t}|!"
    "|crypto ipsec profile S2S-{t}-IPSEC| set security-association lifetime seconds 28800"
    "| set transform-set {ts}| set ikev2-profile S2S-{t}"
)
TRANSFORM_SETS = lines(
    "crypto ipsec transform-set TS-GCM256 esp-gcm 256| mode tunnel|!"
    "|crypto ipsec transform-set TS-AES256 esp-aes 256 esp-sha384-hmac| mode tunnel|!"
    "|crypto ipsec transform-set TS-AES128 esp-aes esp-sha256-hmac| mode transport"
)
SUBINTERFACE = lines(
    "interface GigabitEthernet2.{vlan}| description {t} customer hand-off vlan {vlan}| encapsulation dot1Q {vlan}"
    "| vrf forwarding {t}| ip address 172.{b}.{c}.{host} 255.255.255.252| no ip redirects| no ip unreachables"
    "| no ip proxy-arp| ip mtu 1400| ip tcp adjust-mss 1360| ip flow monitor FM-IN input| load-interval 30"
    "| bfd interval 300 min_rx 300 multiplier 3| service-policy output PM-{t}-SHAPE"
)
LOOPBACK = lines("interface Loopback{lo}| description RA head-end address {t}| ip address {addr} 255.255.255.255")
TEMPLATE = lines(
    "interface Virtual-Template{n} type tunnel| description {t} remote access| vrf forwarding {t}"
    "| ip unnumbered Loopback{lo}| ip mtu 1400| ip tcp adjust-mss 1360| tunnel mode ipsec ipv4"
    "| tunnel protection ipsec profile RA-{t}-IPSEC"
)
SPLIT_ACL = lines("ip access-list standard {t}-SPLIT| 10 permit 10.{a}.0.0 0.0.255.255| 20 permit 10.{a}.128.0 0.0.127.255")
PREFIX_ROUTE_MAP = lines(
    "ip prefix-list PL-{t} seq 5 permit 10.{a}.0.0/16 le 24|ip prefix-list PL-{t} seq 10 deny 0.0.0.0/0 le 32|!"
    "|route-map RM-{t}-OUT permit 10| match ip address prefix-list PL-{t}| set community 65000:{n} additive"
    "|route-map RM-{t}-OUT deny 20"
)
INTERFACES_FIXED = lines(
    "flow record FR-IN| match ipv4 source address| match ipv4 destination address| collect counter bytes long|!"
    "|flow monitor FM-IN| record FR-IN| cache timeout active 60|!|class-map match-any CM-VOICE| match dscp ef|!"
    "|policy-map PM-CHILD| class CM-VOICE|  priority percent 20| class class-default|  fair-queue|!"
    "|interface Loopback0| description router-id| ip address 10.255.0.1 255.255.255.255|!"
    "|interface GigabitEthernet1| description WAN uplink| ip address 203.0.113.10 255.255.255.0"
    "| ip nat outside| negotiation auto| no mop enabled| no mop sysid|!"
    "|interface GigabitEthernet2| description tenant trunk| no ip address| negotiation auto| no mop enabled|!"
    "|interface GigabitEthernet3| description OOB management| vrf forwarding Mgmt-intf"
    "| ip address 192.168.255.10 255.255.255.0| negotiation auto"
)
TAIL = lines(
    "ip forward-protocol nd|no ip http server|ip http authentication local|ip http secure-server"
    "|ip ssh version 2|ip scp server enable|ip route 0.0.0.0 0.0.0.0 203.0.113.1"
    "|ip route vrf Mgmt-intf 0.0.0.0 0.0.0.0 192.168.255.1|!|logging trap informational"
    "|logging source-interface Loopback0|logging host 10.0.20.1|logging host 10.0.20.2|!"
    "|snmp-server community N0c-RO RO|snmp-server location DC1 rack 12|snmp-server contact noc@example.com"
    "|snmp-server enable traps ipsec tunnel start|snmp-server enable traps ike tunnel start|!"
    "|control-plane|!|banner exec ^C|HUB: {tenants} tenants|^C|banner login ^C|Authorized access only."
    "|Disconnect now if you are not authorized.|^C|banner motd ^C|*** Maintenance window Sun 02:00-04:00 UTC ***"
    "|^C|!|line con 0| exec-timeout 15 0| logging synchronous| stopbits 1|line aux 0| no exec"
    "|line vty 0 4| access-class VTY-ACL in| exec-timeout 15 0| login local| transport input ssh"
    "|line vty 5 15| access-class VTY-ACL in| login local| transport input ssh|!"
    "|ntp source Loopback0|ntp server 10.0.0.123 prefer|ntp server 10.0.0.124|!|netconf-yang|restconf"
)
OBJECT_GROUP = lines(
    "object-group network OG-{t}| description servers of {t}| 10.{a}.1.0 255.255.255.0| 10.{a}.2.0 255.255.255.0"
    "| host 10.{a}.3.10| host 10.{a}.3.11"
)
QOS = lines(
    "policy-map PM-{t}-SHAPE| description hand-off shaper {t}| class class-default|  shape average {rate}"
    "|   service-policy PM-CHILD"
)
SLA = lines(
    "ip sla {n}| icmp-echo {peer} source-interface GigabitEthernet2.{vlan}| vrf {t}| frequency 30"
    "|ip sla schedule {n} life forever start-time now|track {n} ip sla {n} reachability"
)
VTY_ACL = lines("ip access-list extended VTY-ACL| 10 permit tcp 10.0.0.0 0.0.255.255 any eq 22| 20 deny ip any any log")


class Headend:
    """A head-end of ``tenants`` tenants (``headend()`` sizes it to a line count)."""

    def __init__(self, seed: int, tenants: int) -> None:
        self.tenants = tenants
        self.rng = random.Random(seed)
        self.out: list[str] = []

    def emit(self, block: list[str], **values: object) -> None:
        """Append one block (formatted with ``values``) and its `!` line."""
        self.out += [line.format(**values) for line in block] + ["!"]

    def secret(self, alphabet: str, count: int) -> str:
        return "".join(self.rng.choices(alphabet, k=count))

    @staticmethod
    def address(i: int) -> str:
        return f"198.18.{i // 250}.{i % 250 + 1}"

    def chain(self, n: int) -> list[str]:
        """`crypto pki certificate chain`: a router certificate and its CA, each ~1 KB of hex."""
        out = [f"crypto pki certificate chain TP-VPN-{n}"]
        for header in (f" certificate {self.secret(HEX, 16)}", " certificate ca 01"):
            out.append(header)
            for _ in range(self.rng.randint(24, 34)):
                out.append("  " + " ".join(self.secret(HEX, 8) for _ in range(8)))
            out.append("  \tquit")
        return out

    def tenant(self, i: int, t: str, tp: int) -> None:
        n, a, lo, addr = i + 1, i % 250, 100 + i, self.address(i)
        hi, low, host = 64 + i // 250, i % 250, (i * 4) % 256 + 1
        self.emit(VRF, t=t, n=n)
        self.emit(AAA, t=t, k=i % 8 + 1)
        self.emit(SPLIT_ACL, t=t, a=a)
        self.emit(OBJECT_GROUP, t=t, a=a)
        self.emit(AUTHOR_POLICY, t=t, a=a, d=f"{t.lower()}.example.com")
        if i % 3 == 0:
            self.emit(PROPOSAL, t=t)
            self.emit(POLICY, t=t, addr=addr)
        peers = [f"crypto ikev2 keyring KR-{t}"]
        for p in range(1, self.rng.randint(2, 5)):
            peers += [line.format(t=t, p=p, hi=hi, lo=low, psk=self.secret(B64, 40)) for line in KEYRING_PEER]
            peers.append(" !")
        self.emit(peers[:-1])
        reconnect = f"| reconnect timeout {self.rng.choice((900, 1800, 3600))}" if i % 2 == 0 else ""
        keyid = "*$AnyConnectClient$*" if i % 4 else f"{t.lower()}-client"
        profile = lines("|".join(RA_PROFILE) + reconnect)
        self.emit(profile, t=t, n=n, addr=addr, tp=tp, keyid=keyid)
        self.emit(S2S_PROFILE, t=t, hi=hi, lo=low, addr=addr)
        self.emit(IPSEC, t=t, ts=("TS-GCM256", "TS-AES256")[i % 2])
        self.emit(QOS, t=t, rate=self.rng.choice((50, 100, 200, 500)) * 1_000_000)
        self.emit(LOOPBACK, t=t, lo=lo, addr=addr)
        self.emit(SUBINTERFACE, t=t, vlan=100 + i, b=16 + i // 16000 % 16, c=(i * 4) // 256 % 250,
                  host=host)
        self.emit(TEMPLATE, t=t, n=n, lo=lo)
        self.emit(SLA, n=n, t=t, peer=self.peer(i), vlan=100 + i)
        self.emit(PREFIX_ROUTE_MAP, t=t, a=a, n=n)

    def render(self) -> str:
        count = self.tenants
        tenants = [f"{UNITS[i % len(UNITS)]}-{i + 1:04d}" for i in range(count)]
        secret = "$9$" + self.secret(B64, 14) + "$" + self.secret(B64, 43)
        self.emit(HEAD, hub=self.rng.randint(1, 9), secret=secret)
        for k in range(1, 9):
            self.emit(RADIUS, n=k, key7=self.secret(HEX, 20))
        for k in range(1, 9):
            self.emit(RADIUS_GROUP, k=k, a=k, b=k % 8 + 1)
        self.emit(["username admin privilege 15 secret 9 " + secret])
        trustpoints = max(1, count // 5)
        for n in range(1, trustpoints + 1):
            self.emit(TRUSTPOINT, n=n)
        self.emit(TRANSFORM_SETS)
        self.emit(INTERFACES_FIXED)
        for i, t in enumerate(tenants):
            self.tenant(i, t, i % trustpoints + 1)
        profiles = [f"crypto vpn anyconnect profile {t}-ACP bootflash:/webvpn/{t}-ACP.xml" for t in tenants]
        self.emit(profiles)
        pools = [f"ip local pool {t}-POOL 10.{128 + i // 250}.{i % 250}.10 10.{128 + i // 250}.{i % 250}.250"
                 for i, t in enumerate(tenants)]
        self.emit(pools)
        routes = []
        for i, t in enumerate(tenants):
            routes += [f"ip route vrf {t} 10.{i % 250}.{k}.0 255.255.255.0 {self.peer(i)}" for k in range(3)]
            routes.append(f"ip route 10.{64 + i // 250}.{i % 250}.0 255.255.255.0 {self.peer(i)}")
        self.emit(routes)
        self.emit(self.bgp(tenants))
        self.emit(VTY_ACL)
        for n in range(1, trustpoints + 1):
            self.emit(self.chain(n))
        self.emit(TAIL, tenants=len(tenants))
        body = "!\n" + "\n".join(self.out) + "\nend\n"
        return f"Building configuration...\n\nCurrent configuration : {len(body.encode())} bytes\n{body}"

    @staticmethod
    def peer(i: int) -> str:
        """The BGP neighbour (and static route gateway) on tenant i's hand-off sub-interface."""
        return f"172.{16 + i // 16000 % 16}.{(i * 4) // 256 % 250}.{(i * 4) % 256 + 2}"

    def bgp(self, tenants: list[str]) -> list[str]:
        out = [
            "router bgp 65000", " bgp router-id 10.255.0.1", " bgp log-neighbor-changes",
            " no bgp default ipv4-unicast",
        ]
        for i, t in enumerate(tenants):
            peer = self.peer(i)
            out += [
                " !", f" address-family ipv4 vrf {t}", "  redistribute static", "  redistribute connected",
                f"  neighbor {peer} remote-as {64512 + i % 1000}", f"  neighbor {peer} description {t} CE",
                f"  neighbor {peer} timers 10 30", f"  neighbor {peer} activate",
                f"  neighbor {peer} route-map RM-{t}-OUT out", " exit-address-family",
            ]
        return out


def headend(target: int, seed: int) -> str:
    """About ``target`` lines: the tenant count is scaled once from a first try."""
    first = Headend(seed, max(2, target // 170))
    text = first.render()
    count = max(2, round(first.tenants * target / text.count("\n")))
    return text if count == first.tenants else Headend(seed, count).render()


# many-first-words: real IOS commands, one template per distinct first word(s); {n} varies per round.
GLOBAL_WORDS = lines(
    "access-list {a} permit 10.{b}.{c}.0 0.0.0.255|alias exec s{n} show ip interface brief"
    "|archive| path bootflash:archive-{n}| maximum 14"
    "|bfd-template single-hop BFD-{n}| interval min-tx 300 min-rx 300 multiplier 3"
    "|call-home| contact-email-addr noc{n}@example.com|cdp timer {r}|clock calendar-valid"
    "|crypto isakmp keepalive {r} 5|crypto keyring KR-ISAKMP-{n}| pre-shared-key address 100.{b}.{c}.1 key k{n}"
    "|crypto logging session|crypto map CM-{n} 10 ipsec-isakmp| set peer 100.{b}.{c}.2| match address {x}"
    "|default-information originate|diagnostic bootup level minimal|dot1x system-auth-control"
    "|errdisable recovery interval {r}|event manager applet EEM-{n}| event timer watchdog time {r}"
    '| action 1.0 syslog msg "tick {n}"|file prompt quiet|hw-module subslot 0/{c} shutdown'
    "|ip arp proxy disable|ip as-path access-list {a} permit ^6{n}_|ip bgp-community new-format"
    "|ip cef load-sharing algorithm universal|ip community-list standard CL-{n} permit 65000:{n}"
    "|ip dhcp excluded-address 10.{b}.{c}.1 10.{b}.{c}.9|ip dns server|ip domain list d{n}.example.com"
    "|ip host h{n}.example.com 10.{b}.{c}.5|ip igmp snooping vlan {v}|ip multicast-routing distributed"
    "|ip name-server vrf V{n} 10.{b}.{c}.53|ip nat pool NAT-{n} 198.51.{c}.1 198.51.{c}.9 netmask 255.255.255.0"
    "|ip prefix-list PFX-{n} seq 5 permit 10.{b}.{c}.0/24|ip radius source-interface Loopback0 vrf V{n}"
    "|ip route vrf V{n} 10.{b}.{c}.0 255.255.255.0 192.0.2.{c}|ip sla {n}| udp-jitter 10.{b}.{c}.1 {p}"
    "|ip ssh time-out {r}|ip tacacs source-interface Loopback0 vrf V{n}|ip tcp synwait-time {r}"
    "|ipv6 route 2001:db8:{n:x}::/48 Null0|ipv6 unicast-routing|key chain KC-{n}| key 1|  key-string 7 0{c}2B"
    "|kron policy-list KP-{n}| cli show version|l2vpn xconnect context XC-{n}| member pseudowire{n}"
    "|lldp timer {r}|logging discriminator D{n} severity drops 7|login block-for {r} attempts 5 within 60"
    "|mac address-table aging-time {r}|memory free low-watermark processor 6{n}"
    "|monitor session {m} source interface Gi1|mpls ldp router-id Loopback0 force"
    "|multilink bundle-name authenticated|netconf-yang feature candidate-datastore"
    "|nhrp map multicast dynamic|ntp peer 10.{b}.{c}.123|object-group network OGN-{n}| host 10.{b}.{c}.7"
    "|object-group service OGS-{n}| tcp eq {p}|parameter-map type inspect PMI-{n}| audit-trail on"
    "|platform hardware throughput level MB {k}|policy-map PM-{n}| class class-default|  shape average {k}000"
    "|privilege exec level {l} show running-config|process cpu threshold type total rising {r} interval 5"
    "|qos queue-softmax-multiplier {r}|radius server R{n}| address ipv4 10.{b}.{c}.12 auth-port 1812 acct-port 1813"
    "|radius-server dead-criteria time 5 tries 3|redundancy| mode sso|rmon event {n} log owner config"
    "|route-map RMAP-{n} permit 10| match ip address prefix-list PFX-{n}|router ospf {n}| router-id 10.{b}.{c}.1"
    "| passive-interface default|router eigrp E{n}| address-family ipv4 unicast autonomous-system {n}"
    "|sampler SAMP-{n}| mode random 1 out-of {k}|scheduler allocate 2000 {k}|sdm prefer advanced"
    "|security passwords min-length {l}|snmp-server community C{n} RO|snmp-server host 10.{b}.{c}.9 version 2c C{n}"
    "|spanning-tree mode rapid-pvst|subscriber templating|system mtu {k}|tacacs server T{n}| address ipv4 10.{b}.{c}.14"
    "|telemetry ietf subscription {n}| encoding encode-kvgpb| filter xpath /process-cpu| stream yang-push"
    "|template T{n}| switchport mode access|track {n} interface GigabitEthernet1 line-protocol"
    "|udld aggressive|vlan {v}| name VLAN-{n}|vtp mode transparent|wsma agent exec| profile WSMA-{n}"
    "|zone security Z{n}| description zone {n}|zone-pair security ZP-{n} source Z{n} destination self"
    "|device-tracking policy DT-{n}| security-level glean|cts role-based enforcement vlan-list {v}"
    "|ethernet cfm domain D{n} level {l}|voice service voip| allow-connections sip to sip"
    "|dial-peer voice {n} voip| destination-pattern 9{n}T|controller T1 0/{c}/0| framing esf"
    "|pnp profile PNP-{n}| transport https ipv4 10.{b}.{c}.50 port 443"
    "|exception crashinfo file bootflash:crash-{n}|service tcp-keepalives-in|ntp server 10.{b}.{c}.123"
    "|snmp-server location rack {n}|username u{n} privilege 1 secret 9 $9$abcdefghijklmn${n}"
    "|ip local pool P{n} 10.{c}.{b}.1 10.{c}.{b}.100"
    "|ip access-list extended X{n}| 10 permit udp any any eq {p}| 20 deny tcp host 10.{b}.{c}.1 any"
    "|ip access-list standard S{n}| 10 permit 10.{b}.{c}.0 0.0.0.255"
)
INTERFACE_WORDS = lines(
    "interface GigabitEthernet{slot}.{v}| description round {n}| encapsulation dot1Q {v}"
    "| ip address 10.{b}.{c}.1 255.255.255.0| ip helper-address 10.{b}.{c}.250| ip access-group X{n} in"
    "| ip ospf cost {r}| ip pim sparse-mode| ip policy route-map RMAP-{n}"
    "| ip verify unicast source reachable-via rx| ip flow monitor FM{n} input| ip nat inside"
    "| ip virtual-reassembly in| ip igmp version 3| ipv6 address 2001:db8:{n:x}::1/64| ipv6 enable"
    "| standby {m} ip 10.{b}.{c}.254| standby {m} priority 110| vrrp {m} address-family ipv4"
    "| service-policy input PM-{n}| bfd interval 300 min_rx 300 multiplier 3| mtu {k}| keepalive 10"
    "| hold-queue 4096 in| carrier-delay msec 0| load-interval 30| bandwidth {k}| delay {r}| cdp enable"
    "| lldp transmit| arp timeout {r}| logging event link-status| snmp trap link-status| no ip redirects"
    "| no ip unreachables| no ip proxy-arp| ip mtu 1400| ip tcp adjust-mss 1360| no shutdown"
)


def many_first_words(target: int, seed: int) -> str:
    """Rounds of every template above, numbered, until about ``target`` lines."""
    rng = random.Random(seed)
    out: list[str] = ["version 17.16", "!", "hostname MANY", "!"]
    n, seen = 0, set()
    while len(out) < target:
        n += 1
        values = {
            "n": n, "a": 1 + n % 99, "b": n // 250 % 250, "c": n % 250, "r": rng.randint(10, 600),
            "k": rng.randint(1000, 9000), "p": rng.randint(1024, 65000), "v": 2 + n % 4000,
            "m": 1 + n % 255, "l": 1 + n % 14, "x": 100 + n % 100, "slot": 1 + n // 4000,
        }
        for template in (GLOBAL_WORDS, INTERFACE_WORDS):
            for line in template:
                text = line.format(**values)
                if not line.startswith(" "):
                    keep = text not in seen  # a command without arguments is written once
                    seen.add(text)
                    out += ["!"] if keep else []
                out += [text] if keep else []
    out = out[: max(target - 8, 4)]
    while out[-1].startswith(" "):
        out.pop()
    body = "!\n" + "\n".join(out) + "\nend\n"
    return f"Building configuration...\n\nCurrent configuration : {len(body.encode())} bytes\n{body}"
