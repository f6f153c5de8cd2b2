"""`show crypto ikev2 stats exchange|timeout|ext-service|psh` from the engine's tallies.

Grids from the real samples (tests/data/ios-outputs): exchange `%-30s%11s%11s%11s%11s`
(show_crypto_ikev2_stats_exchange__01), timeout `%-28s%13s` between 41-dash rules (…timeout__01),
ext-service `%-40s%11s%11s` with 62-dash rules and 63 around the crypto engine section
(…ext-service__01), psh `label: value` under its banner (…psh__01). The exchange table lists
every exchange type; notify rows appear when one of their counters is not zero (the sample lists
only such rows). The lines of `          ` (ten blanks) and `OTHER COUNTERS` are the sample's.
"""

from __future__ import annotations

from iosxe_sim.engine.tallies import Tallies

_EXCHANGE_ROW = "%-30s%11s%11s%11s%11s\n"
_COLUMNS = ("TX(REQ)", "TX(RES)", "RX(REQ)", "RX(RES)")
_EXCHANGES = ("IKE_SA_INIT", "IKE_AUTH", "CREATE_CHILD_SA", "CREATE_CHILD_SA_IPSEC",
              "CREATE_CHILD_SA_IPSEC_REKEY", "CREATE_CHILD_SA_IKE_REKEY", "INFORMATIONAL")
_ERROR_NOTIFIES = ("INVALID_SPI", "NO_PROPOSAL_CHOSEN", "TS_UNACCEPTABLE", "AUTHENTICATION_FAILED")
_OTHER_NOTIFIES = ("INITIAL_CONTACT", "SET_WINDOW_SIZE", "NAT_DETECTION_SOURCE_IP",
                   "NAT_DETECTION_DESTINATION_IP", "HTTP_CERT_LOOKUP_SUPPORTED", "REKEY_SA", "DPD")
_TEN_BLANKS = " " * 10 + "\n"

_TIMER_RULE = "-" * 41 + "\n"
_TIMERS = ("EXT SERVICE TIMER", "AUTH TIMER", "PACKET MAXIMUM RETRANS TIMER", "DPD MAX RETRANS TIMER")

_SERVICE_SECTIONS = (
    ("AAA OPERATION", 62, ("RECEIVING PSKEY", "AUTHENTICATION USING EAP", "START ACCOUNTING",
                           "STOP ACCOUNTING", "AUTHORIZATION")),
    ("IPSEC OPERATION", 62, ("IPSEC POLICY VERIFICATION", "SA CREATION", "SA DELETION")),
    ("CRYPTO ENGINE OPERATION", 63, ("DH PUBKEY GENERATED", "DH SHARED SECKEY GENERATED",
                                     "SIGNATURE SIGN", "SIGNATURE VERIFY")),
    ("PKI OPERATION", 62, ("VERIFY CERTIFICATE", "FETCHING CERTIFICATE USING HTTP",
                           "FETCHING PEER CERTIFICATE USING HTTP", "GET ISSUERS",
                           "GET CERTIFICATES FROM ISSUERS", "GET DN FROM CERT")),
    ("GKM OPERATION", 62, ("GET_POLICY", "SET_POLICY")),
    ("PPK SKS  OPERATION", 62, ("PPK GET CAP", "PPK GET KEY")),
    ("IKE PREROUTE IDB VERIFICATION OPERATION", 62, ("IKE PREROUTE IDB VERIFICATION",)),
)
_PSH = ("ikev2 psh requested", "ikev2 psh request success", "ikev2 psh return requested",
        "ikev2 psh return success")


def render_stats_exchange(tallies: Tallies, sessions_without_nat: int) -> str:
    counts = tallies.exchanges

    def row(name: str) -> str:
        # "IKE_SA_INIT                            84      19343      20740         83"
        return _EXCHANGE_ROW % (name, *(counts[name, column] for column in _COLUMNS))

    def used(names: tuple[str, ...]) -> list[str]:
        return [row(n) for n in names if any(counts[n, column] for column in _COLUMNS)]

    lines = [_EXCHANGE_ROW % ("EXCHANGE/NOTIFY", *_COLUMNS), "\n", "EXCHANGES\n", "\n"]
    lines += [row(name) for name in _EXCHANGES]
    lines += ["\n", "ERROR NOTIFY\n", "\n", *used(_ERROR_NOTIFIES)]
    lines += ["\n", "OTHER NOTIFY\n", "\n", *used(_OTHER_NOTIFIES)]
    lines += [_TEN_BLANKS, _TEN_BLANKS, "%-30s%11s%11s\n" % ("CONFIG PAYLOAD TYPE", "TX", "RX"), _TEN_BLANKS]
    # "CFG_REQUEST                            83      19340"
    lines.append("%-30s%11d%11d\n" % ("CFG_REQUEST", counts["CFG_REQUEST", "TX"], counts["CFG_REQUEST", "RX"]))
    lines.append("%-30s%11d%11d\n" % ("CFG_REPLY", counts["CFG_REPLY", "TX"], counts["CFG_REPLY", "RX"]))
    lines += [_TEN_BLANKS, _TEN_BLANKS, "OTHER COUNTERS                \n", _TEN_BLANKS]
    # "NO_NAT                              19426"
    lines.append("%-30s%11d\n" % ("NO_NAT", sessions_without_nat))
    return "".join(lines)


def render_stats_timeout(tallies: Tallies) -> str:
    lines = [_TIMER_RULE, "%-28s%13s\n" % ("IKEV2 TIMER", "TIMED OUT"), _TIMER_RULE]
    # "PACKET MAXIMUM RETRANS TIMER         7736"
    lines += ["%-28s%13d\n" % (timer, tallies.timeouts[timer]) for timer in _TIMERS]
    return "".join(lines)


def render_stats_ext_service(tallies: Tallies) -> str:
    lines = []
    for title, rule_width, operations in _SERVICE_SECTIONS:
        rule = "-" * rule_width + "\n"
        lines += [rule, "%-40s%11s%11s\n" % (title, "PASSED", "FAILED"), rule]
        # "AUTHENTICATION USING EAP                      23986          0"
        lines += ["%-40s%11d%11d\n" % (name, tallies.services[name, True], tallies.services[name, False])
                  for name in operations]
    return "".join(lines)


def render_stats_psh(tallies: Tallies) -> str:
    # "------------------IKEV2 PSH STATS----------------------"
    lines = ["------------------IKEV2 PSH STATS----------------------\n", "\n"]
    lines += ["%s: %d\n" % (name, tallies.psh[name]) for name in _PSH]
    return "".join(lines)
