"""Lifetimes over days of virtual time: SAs rekey at their soft lifetime (before the hard one), a
rekey renews SPIs and the remaining lifetime only, and the per-flow counters that
`show crypto session detail`, `show crypto ipsec sa` and `show crypto ikev2 session detailed`
print stay cumulative and agree with each other across every rekey."""

from __future__ import annotations

import re

from engine_fixtures import configure, gateway_of, make_device

from iosxe_sim.device import Device
from iosxe_sim.engine.events import ChildRekeyed
from iosxe_sim.engine.liveness import REKEY_JITTER, REKEY_MARGIN, soft_kilobytes, soft_seconds

DAY = 86400


def _lab(device: Device) -> None:
    device.execute("lab client pc1 address 10.106.69.1")
    assert "connected" in device.execute("lab client pc1 connect")


def _session_detail(device: Device) -> tuple[int, int, int, int]:
    """(packets decrypted, packets encrypted, KB left inbound, KB left outbound)."""
    text = device.execute("show crypto session detail")
    inbound = re.search(r"Inbound:  #pkts dec'ed (\d+) drop \d+ life \(KB/Sec\) (\d+)/\d+", text)
    outbound = re.search(r"Outbound: #pkts enc'ed (\d+) drop \d+ life \(KB/Sec\) (\d+)/\d+", text)
    assert inbound and outbound, text
    return int(inbound[1]), int(outbound[1]), int(inbound[2]), int(outbound[2])


def _ipsec_sa(device: Device) -> tuple[int, int, str, str]:
    """(#pkts decaps, #pkts encaps, inbound spi, outbound spi)."""
    text = device.execute("show crypto ipsec sa")
    decaps = re.search(r"#pkts decaps: (\d+)", text)
    encaps = re.search(r"#pkts encaps: (\d+)", text)
    spis = re.findall(r"      spi: (0x[0-9A-F]+)\(", text)
    assert decaps and encaps and len(spis) == 2, text
    return int(decaps[1]), int(encaps[1]), spis[0], spis[1]


def _ikev2_child_spis(device: Device) -> tuple[str, str]:
    text = device.execute("show crypto ikev2 session detailed")
    found = re.search(r"ESP spi in/out: (0x[0-9A-F]+)/(0x[0-9A-F]+)", text)
    assert found, text
    return found[1], found[2]


def test_child_and_ike_sas_rekey_at_their_soft_lifetime_for_three_days() -> None:
    device = make_device()
    _lab(device)
    gateway = gateway_of(device)
    [sa] = gateway.ike_sas()
    ike_spis, child_spis = [sa.local_spi], [sa.child_sas[0].spi_in]
    numbers = (sa.tunnel_id, sa.session_id, sa.ce_id, sa.remote_id)
    clock = device.clock
    while clock.now < 3 * DAY:
        clock.advance(60)
        [sa] = gateway.ike_sas()
        if sa.local_spi != ike_spis[-1]:
            ike_spis.append(sa.local_spi)
        if sa.child_sas[0].spi_in != child_spis[-1]:
            child_spis.append(sa.child_sas[0].spi_in)
        # never allowed to reach the hard lifetime: the remaining seconds stay above the margin
        assert clock.now - sa.created_at < sa.lifetime - REKEY_MARGIN + 60
        child = sa.child_sas[0]
        assert clock.now - child.created_at < child.lifetime_seconds - REKEY_MARGIN + 60
    # a child SA lives 3,560-3,570 s: 72-73 rekeys in three days; the IKE SA 86,360-86,370 s: 3
    assert 72 <= len(child_spis) - 1 <= 73 and len(ike_spis) - 1 == 3
    assert len(device.gateway.events.of_type(ChildRekeyed)) == len(child_spis) - 1
    assert len(set(child_spis)) == len(child_spis) and len(set(ike_spis)) == len(ike_spis)
    [sa] = gateway.ike_sas()
    assert (sa.tunnel_id, sa.session_id, sa.ce_id, sa.remote_id) == numbers  # nothing else changed


def test_soft_lifetime_is_a_jittered_margin_before_the_hard_one() -> None:
    dues = {soft_seconds(3600, spi) for spi in range(1000, 1100)}
    assert dues == set(range(3600 - REKEY_MARGIN - REKEY_JITTER, 3600 - REKEY_MARGIN + 1))
    assert soft_kilobytes(4608000) == 4147200 and soft_kilobytes(2560) == 2304


def test_counters_are_per_flow_and_the_three_shows_agree_across_rekeys() -> None:
    device = make_device()
    configure(device, "crypto ipsec profile AnyConnect-EAP", "set security-association lifetime kilobytes 2560")
    _lab(device)
    sent = 0
    seen_spis = set()
    for _day in range(2):
        for _hour in range(24):
            assert "sent and answered" in device.execute("lab client pc1 traffic 200 size 1400")
            sent += 200
            device.execute("lab clock advance 1h")
            decrypted, encrypted, kb_in, kb_out = _session_detail(device)
            decaps, encaps, spi_in, spi_out = _ipsec_sa(device)
            assert decrypted == encrypted == decaps == encaps == sent
            assert _ikev2_child_spis(device) == (spi_in, spi_out)
            seen_spis.add(spi_in)
            assert soft_kilobytes(2560) // 10 < kb_in <= 2560 and kb_in == kb_out
    # 200 x 1400 bytes an hour reaches the 2,304 KB soft threshold every ~8 hours, and the
    # seconds lifetime rekeys every hour: far more SAs than one, and the counters never fell
    assert len(seen_spis) > 40


def test_kilobyte_soft_threshold_rekeys_and_resets_only_the_kilobytes() -> None:
    device = make_device()
    configure(device, "crypto ipsec profile AnyConnect-EAP", "set security-association lifetime kilobytes 2560")
    _lab(device)
    [sa] = gateway_of(device).ike_sas()
    before = sa.child_sas[0]
    # the 1,686th packet of 1,400 bytes passes 2,304 KB (90 % of 2,560): the rekey happens then
    device.execute("lab client pc1 traffic 1685 size 1400")
    assert sa.child_sas[0] is before and _session_detail(device)[2] == 2560 - 1685 * 1400 // 1024
    device.execute("lab client pc1 traffic 1 size 1400")
    after = sa.child_sas[0]
    assert after.spi_in != before.spi_in and after.conn_id_in != before.conn_id_in
    assert (after.bytes_decrypted, after.packets_decrypted, after.created_at) == (0, 1686, device.clock.now)
    assert (after.lifetime_kb, after.lifetime_seconds, after.encryption) == (
        before.lifetime_kb, before.lifetime_seconds, before.encryption)
    assert _session_detail(device) == (1686, 1686, 2560, 2560)


def test_dart_preferences_follow_the_seeds_order_and_list() -> None:
    from iosxe_sim.engine.dart import SEED_PREFERENCES_HEAD, SEED_PREFERENCES_TAIL

    device = make_device()
    _lab(device)
    log = device.execute("lab show client pc1 log")
    dump = log[log.index("Current Preference Settings:\n"):].split("\n\n")[0].splitlines()[1:]
    names = [line.split(":")[0] for line in dump]
    seed = [name for name, _ in SEED_PREFERENCES_HEAD + SEED_PREFERENCES_TAIL]
    assert [n for n in names if n in seed] == seed  # all of them, in the seed's order
    assert names[:12] == seed[:12] and names[-4:] == seed[-4:]  # the profile's others where it snips
    assert "AutoReconnectBehavior: ReconnectAfterResume" in dump and dump[-1] == "PublicProxyServerAddress:"
