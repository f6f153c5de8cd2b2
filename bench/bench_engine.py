"""Engine benchmark (DESIGN.md §9): a reconnect storm with real crypto, its crypto floor, renders, memory.

Usage: python bench/bench_engine.py [--clients 10000] [--runs 3] [--seed 1] [--floor-handshakes 2000]
           [--render-runs 5] [--no-memory]

1. Storm, --runs times on a fresh default device (pool ACPPOOL widened to --clients addresses): all
   clients connect (group 19 negotiated, real ECDH + SKEYSEED/prf+ on both sides, EAP-AnyConnect),
   sleep; the clock advances 60 s (DPD 45 s + 5 retries 2 s apart: dead at 57 s) so every session
   goes inactive; all resume and reconnect with the session token (PSK AUTH). The garbage
   collector is set up as iosxe-sim's shell, run and serve set it after boot (iosxe_sim/heap.py).
   CPU and wall time of the engine calls per phase, the garbage collector's share, RSS growth;
   results and stats N/N/0 checked.
2. Crypto floor: the same cryptography/hmac calls in a tight loop (both sides' P-256 key, ECDH,
   SKEYSEED + prf+ with HMAC-SHA-512; both ends' AUTH payloads made and verified - keyed by
   SK_pi / SK_pr after EAP in a connect, by the session token in a reconnect; every IKE_AUTH
   message encrypted, MACed, checked and decrypted - 10 for a connect, 2 for a reconnect - and
   both ends' child SA KEYMAT). The default device authenticates itself with an RSA-2048
   signature (`authentication local rsa-sig`, DESIGN.md §9's floor assumes it): the floor's gateway
   signs its AUTH (PKCS#1 v1.5, SHA-1) in a connect and a reconnect, and its client verifies the
   signature and the certificate's CA signature (the CA key over its TBS octets, as the client's
   chain check does); rows without signatures for reference.
3. Render with N active sessions through device.execute (CPU time): `show crypto session detail`
   (< 1 s) and `show crypto ikev2 stats reconnect` (< 1 ms), beside str.format floors (same text,
   checked).
4. Memory per idle session: tracemalloc around N connects on one more fresh device (gateway and
   client objects alike), with the top allocating files.
Rates are computed from the process's CPU time (time.process_time), for the storm and the floor
alike: the storm is single-threaded and CPU-bound, and CPU time leaves out the time the process
waits for a core on a shared machine, which swings wall-clock rates by 2x. Wall-clock rates are
printed beside them.
Budgets (CPU-based): >= 1,000 connects/s and >= 1,000 reconnects/s in one process (one core),
group 19, each at least half its crypto floor (within 2x).
Exit status: 0 all budgets met, 1 a budget missed, 2 a connect, reconnect or check failed.
"""
from __future__ import annotations

import argparse
import gc
import hmac
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cryptography
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.x509.oid import NameOID

from iosxe_sim.device import Device
from iosxe_sim.engine.client import ConnectResult, SecureClient
from iosxe_sim.engine.handshake import start_initiator
from iosxe_sim.engine.ikev2_crypto import DhGroup
from iosxe_sim.engine.messages import offer_proposals
from iosxe_sim.engine.negotiation import ANYCONNECT_IKE_OFFER as OFFER
from iosxe_sim.engine.randomness import RandomSource
from iosxe_sim.engine.state import AuthMethod, CryptoSession
from iosxe_sim.heap import settle_after_boot

T = TypeVar("T")
RATE_BUDGET = 1_000.0  # connects/s and reconnects/s, one core
FLOOR_RATIO_BUDGET = 0.5  # ours/floor: within 2x of the crypto floor
DETAIL_BUDGET_S, STATS_BUDGET_S = 1.0, 0.001
USER, PASSWORD = "test", "cisco"  # the default device's local user
FIRST_CLIENT, POOL_START = IPv4Address("100.64.0.1"), IPv4Address("10.0.0.1")
P256 = ec.SECP256R1()
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
KEYMAT = 3 * 64 + 2 * 32 + 2 * 64  # SK_d SK_ai SK_ar (SHA-512), SK_ei SK_er (AES-256), SK_pi SK_pr
SK_PI, SK_PR = slice(4 * 64, 5 * 64), slice(5 * 64, 6 * 64)
PROPOSALS = offer_proposals(OFFER.encryption, OFFER.prf, OFFER.integrity, OFFER.groups)
ENDPOINTS = ((IPv4Address("192.168.1.10"), 50000), (IPv4Address("10.106.45.225"), 500))
MESSAGE_1 = len(start_initiator(RandomSource(1), PROPOSALS, DhGroup.ECP_256, ENDPOINTS).request.raw)
SK_MESSAGES = {False: 10, True: 2}  # IKE_AUTH messages of a connect (5 exchanges) / a reconnect
SK_PLAINTEXT = 256  # octets of payloads per protected message (the CP reply is larger, EAP smaller)
CHILD_KEYMAT = 2 * (32 + 48)  # AES-256 + HMAC-SHA-384 keys, both directions


class BenchError(Exception):
    """The engine did not do the work being timed; the message says what went wrong."""


GC_SECONDS = [0.0, 0.0]  # CPU time spent in the cyclic garbage collector; start of the running pass


def gc_hook(phase: str, info: dict[str, int]) -> None:
    now = time.process_time()
    if phase == "start":
        GC_SECONDS[1] = now
    else:
        GC_SECONDS[0] += now - GC_SECONDS[1]


@dataclass
class Timing:
    """One timed action: CPU seconds of this process, wall seconds, CPU seconds in the collector."""

    cpu: float
    wall: float
    gc: float


def timed(action: Callable[[], T]) -> tuple[T, Timing]:
    """The action's result and its timing."""
    gc_before, wall, cpu = GC_SECONDS[0], time.perf_counter(), time.process_time()
    result = action()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return result, Timing(cpu, wall, GC_SECONDS[0] - gc_before)


def rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def fresh_device(seed: int, clients: int) -> tuple[Device, list[SecureClient]]:
    device = Device(seed=seed)
    pool = f"ip local pool ACPPOOL {POOL_START} {IPv4Address(int(POOL_START) + clients - 1)}"
    for line in ("configure terminal", "no ip local pool ACPPOOL", pool, "end"):
        output = device.execute(line)
        if output and not output.startswith("Enter configuration"):
            raise BenchError(f"{line!r} was refused: {output.strip()}")
    settle_after_boot()  # as iosxe-sim shell / run / serve do once the device is booted
    return device, [SecureClient(device.gateway, f"pc{i}", FIRST_CLIENT + i, seed=seed) for i in range(clients)]


def expect_all(results: Sequence[ConnectResult | None], reconnected: bool, what: str) -> None:
    bad = [r for r in results if r is None or not r.ok or r.reconnected != reconnected]
    if bad:
        raise BenchError(f"{len(bad)} of {len(results)} {what}s failed, first: {bad[0]}")


@dataclass
class Storm:
    connect: Timing
    expire: Timing
    reconnect: Timing
    rss_growth: int


def storm(seed: int, n: int, keep: list[Device]) -> Storm:
    """One storm on a fresh device; the device is left in `keep` for the render part."""
    device, clients = fresh_device(seed, n)
    gateway = device.gateway
    gc.collect()
    rss = rss_bytes()
    connected, connect = timed(lambda: [c.connect(USER, PASSWORD) for c in clients])
    rss = rss_bytes() - rss
    expect_all(connected, False, "connect")
    groups = {s.ike_sa.algorithms.dh_group for s in gateway.crypto_sessions()}
    if groups != {DhGroup.ECP_256}:
        raise BenchError(f"negotiated DH groups {sorted(groups)}, expected group 19 only")
    if {s.ike_sa.algorithms.auth_sign for s in gateway.crypto_sessions()} != {AuthMethod.RSA}:
        raise BenchError("the gateway does not sign with RSA, as the floor assumes")
    for client in clients:
        client.sleep()
    _, expire = timed(lambda: device.clock.advance(60.0))
    if gateway.reconnect_capable_counts() != (0, n):
        raise BenchError(f"after DPD, (active, inactive) = {gateway.reconnect_capable_counts()}")
    resumed, reconnect = timed(lambda: [c.resume() for c in clients])
    expect_all(resumed, True, "reconnect")
    stats = device.execute("show crypto ikev2 stats reconnect")
    if [line.rpartition(": ")[2] for line in stats.splitlines()[:5]] != [str(n), str(n), "0", str(n), "0"]:
        raise BenchError(f"show crypto ikev2 stats reconnect says:\n{stats}")
    keep[:] = [device]
    return Storm(connect, expire, reconnect, rss)


# -- crypto floor -------------------------------------------------------------------------------------
def p256_key(rng: random.Random) -> tuple[ec.EllipticCurvePrivateKey, bytes]:
    key = ec.derive_private_key(1 + rng.randrange(P256_ORDER - 1), P256)
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return key, point[1:]


def ecdh(key: ec.EllipticCurvePrivateKey, peer: bytes) -> bytes:
    return key.exchange(ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(P256, b"\x04" + peer))


def sk_keys(ni: bytes, nr: bytes, g_ir: bytes, spis: bytes) -> bytes:
    """SKEYSEED = prf(Ni | Nr, g^ir), then prf+ to KEYMAT octets (RFC 7296 §2.13-2.14)."""
    skeyseed, seed = hmac.digest(ni + nr, g_ir, "sha512"), ni + nr + spis
    stream, block, counter = b"", b"", 1
    while len(stream) < KEYMAT:
        block = hmac.digest(skeyseed, block + seed + bytes([counter]), "sha512")
        stream, counter = stream + block, counter + 1
    return stream[:KEYMAT]


def psk_auth(token: bytes, message: bytes, nr: bytes, sk_pi: bytes, id_body: bytes) -> bytes:
    octets = message + nr + hmac.digest(sk_pi, id_body, "sha512")
    return hmac.digest(hmac.digest(token, b"Key Pad for IKEv2", "sha512"), octets, "sha512")


def prf_plus(key: bytes, seed: bytes, length: int) -> bytes:
    stream, block, counter = b"", b"", 1
    while len(stream) < length:
        block = hmac.digest(key, block + seed + bytes([counter]), "sha512")
        stream, counter = stream + block, counter + 1
    return stream[:length]


def sk_message(sk_e: bytes, sk_a: bytes, iv: bytes, plain: bytes) -> None:
    """One protected message: AES-256-CBC + HMAC-SHA-512-256 by the sender, checked and
    decrypted by the receiver (RFC 7296 §3.14)."""
    encryptor = Cipher(algorithms.AES(sk_e), modes.CBC(iv)).encryptor()
    message = bytes(32) + iv + encryptor.update(plain) + encryptor.finalize()
    icv = hmac.digest(sk_a, message, "sha512")[:32]
    if not hmac.compare_digest(icv, hmac.digest(sk_a, message, "sha512")[:32]):
        raise BenchError("floor: ICV does not verify")
    decryptor = Cipher(algorithms.AES(sk_e), modes.CBC(iv)).decryptor()
    decryptor.update(message[48:]) + decryptor.finalize()


def psk_auth_both_ends(sender: bytes, receiver: bytes, message: bytes, nonce: bytes, sk: slice,
                       token: bytes | None, id_body: bytes) -> None:
    """One AUTH keyed by a shared secret, made by its sender and verified by its receiver (RFC 7296
    §2.15-2.16): over RealMessage | Nonce | prf(SK_px, ID'); keyed by the session token in a
    reconnect, by SK_pi / SK_pr after EAP."""
    made = psk_auth(token or sender[sk], message, nonce, sender[sk], id_body)
    if not hmac.compare_digest(made, psk_auth(token or receiver[sk], message, nonce, receiver[sk], id_body)):
        raise BenchError("floor: an AUTH does not verify")


@dataclass
class Pki:
    """The gateway's RSA-2048 key and certificate, issued by a CA whose certificate the client
    trusts (as the default device's trustpoint IKEv2-TP and the lab CA)."""

    key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    ca: x509.Certificate

    @classmethod
    def make(cls) -> Pki:
        ca_key, key = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
        ca = _certificate("lab CA", ca_key.public_key(), "lab CA", ca_key)
        return cls(key, _certificate("gateway", key.public_key(), "lab CA", ca_key), ca)

    def signed_auth(self, keys_r: bytes, keys_i: bytes, message: bytes, ni: bytes, id_body: bytes) -> None:
        """The gateway signs RealMessage2 | Ni | prf(SK_pr, IDr') (AUTH method 1: PKCS#1 v1.5,
        SHA-1); the client verifies it with the certificate's key and the certificate with the CA's."""
        octets = message + ni + hmac.digest(keys_r[SK_PR], id_body, "sha512")
        signature = self.key.sign(octets, padding.PKCS1v15(), hashes.SHA1())
        octets = message + ni + hmac.digest(keys_i[SK_PR], id_body, "sha512")
        self.certificate.public_key().verify(signature, octets, padding.PKCS1v15(), hashes.SHA1())  # type: ignore[union-attr]
        cert = self.certificate
        self.ca.public_key().verify(cert.signature, cert.tbs_certificate_bytes,  # type: ignore[union-attr]
                                    cert.signature_algorithm_parameters, cert.signature_hash_algorithm)


def _certificate(subject: str, public: rsa.RSAPublicKey, issuer: str, signer: rsa.RSAPrivateKey) -> x509.Certificate:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(public)
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=3650))
        .sign(signer, hashes.SHA256())
    )


def floor_handshake(rng: random.Random, reconnect: bool, pki: Pki | None) -> None:
    ni, nr, spis, message = rng.randbytes(32), rng.randbytes(32), rng.randbytes(16), rng.randbytes(MESSAGE_1)
    client, ke_i = p256_key(rng)
    gateway, ke_r = p256_key(rng)
    keys_r = sk_keys(ni, nr, ecdh(gateway, ke_i), spis)
    keys_i = sk_keys(ni, nr, ecdh(client, ke_r), spis)
    idi, idr = b"\x0b\x00\x00\x00" + rng.randbytes(18), b"\x01\x00\x00\x00" + rng.randbytes(4)
    token = rng.randbytes(32) if reconnect else None
    psk_auth_both_ends(keys_i, keys_r, message, nr, SK_PI, token, idi)  # the client's AUTH
    if pki is not None:
        pki.signed_auth(keys_r, keys_i, message, ni, idr)
    if pki is None or not reconnect:  # the gateway's AUTH keyed by the token, or by SK_pr after EAP
        psk_auth_both_ends(keys_r, keys_i, message, ni, SK_PR, token, idr)
    sk_e, sk_a, plain = keys_i[192:224], keys_i[64:128], rng.randbytes(SK_PLAINTEXT)
    for _ in range(SK_MESSAGES[reconnect]):
        sk_message(sk_e, sk_a, rng.randbytes(16), plain)
    for keys in (keys_i, keys_r):  # each end's child SA KEYMAT = prf+(SK_d, Ni | Nr)
        prf_plus(keys[:64], ni + nr, CHILD_KEYMAT)


def floor_rate(count: int, reconnect: bool, pki: Pki | None, runs: int = 3) -> tuple[float, float]:
    """Median handshakes per CPU second and per wall second."""
    rng = random.Random(1)
    loops = [timed(lambda: [floor_handshake(rng, reconnect, pki) for _ in range(count)])[1] for _ in range(runs)]
    return statistics.median(count / t.cpu for t in loops), statistics.median(count / t.wall for t in loops)


# -- render floors --------------------------------------------------------------------------------------
DETAIL_FLOOR = (
    "Interface: {}\nProfile: {}\nUptime: {:02d}:{:02d}:{:02d}\nSession status: {:<14}\n"
    "Peer: {} port {} fvrf: (none) ivrf: (none)\n      Phase1_id: {}\n      Desc: (none)\n"
    "  Session ID: {}  \n  IKEv2 SA: local {}/{} remote {}/{} Active \n"
    "          Capabilities:DNR connid:{} lifetime:{:02d}:{:02d}:{:02d}\n"
    "  IPSEC FLOW: permit ip 0.0.0.0/0.0.0.0 host {} \n        Active SAs: 2, origin: crypto map\n"
    "        Inbound:  #pkts dec'ed {} drop {} life (KB/Sec) {}/{}\n"
    "        Outbound: #pkts enc'ed {} drop {} life (KB/Sec) {}/{}\n\n"
)
STATS_FLOOR = (
    "Total incoming reconnect connection: {}\nSuccess reconnect connection: {}\n"
    "Failed reconnect connection: {}\nReconnect capable active session count: {}\n"
    "Reconnect capable inactive session count: {}\n\n\n"
)


def detail_floor(sessions: Sequence[CryptoSession], now: float) -> str:
    parts = []
    for s in sessions:
        sa, child = s.ike_sa, s.ike_sa.child_sas[0]
        up, life = int(now - s.created_at), sa.lifetime - int(now - sa.created_at)
        left = int(child.lifetime_seconds - (now - child.created_at))
        ident = sa.remote_id.value
        phase1 = ident.encode().hex().upper() if sa.remote_id.is_session_id else ident
        kb_in = child.lifetime_kb - child.bytes_decrypted // 1024
        kb_out = child.lifetime_kb - child.bytes_encrypted // 1024
        parts.append(DETAIL_FLOOR.format(
            s.interface, s.profile, up // 3600, up // 60 % 60, up % 60, s.status.value, sa.remote_addr,
            sa.remote_port, phase1, sa.session_id, sa.local_addr, sa.local_port, sa.remote_addr,
            sa.remote_port, sa.tunnel_id, life // 3600, life // 60 % 60, life % 60,
            child.remote_selector.start, child.packets_decrypted, child.drops_in, kb_in, left,
            child.packets_encrypted, child.drops_out, kb_out, left))
    return "".join(parts)


def median_time(action: Callable[[], object], runs: int) -> float:
    """Median CPU seconds."""
    return statistics.median(timed(action)[1].cpu for _ in range(runs))


def render(device: Device, n: int, runs: int) -> tuple[float, float]:
    """Print the render rows; return the medians of the two shows."""
    gateway, now = device.gateway, device.clock.now
    detail = device.execute("show crypto session detail")
    if not detail.endswith(detail_floor(gateway.crypto_sessions(), now)) or detail.count("\nInterface:") != n:
        raise BenchError("show crypto session detail does not list every session as the floor does")
    detail_s = median_time(lambda: device.execute("show crypto session detail"), runs)
    floor_s = median_time(lambda: detail_floor(gateway.crypto_sessions(), now), runs)
    stats_s = median_time(lambda: device.execute("show crypto ikev2 stats reconnect"), 201)
    st, table = gateway.reconnect_stats, gateway.table
    counts = (st.total_incoming, st.success, st.failed, len(table.active), len(table.inactive))
    stats_floor_s = median_time(lambda: STATS_FLOOR.format(*counts), 201)
    print(f"render with {n:,} active sessions, device.execute, CPU time (median of {runs}; of 201 for the stats):")
    print(f"  show crypto session detail         {detail_s * 1e3:8.1f} ms  {len(detail):,} B;"
          f" str.format floor {floor_s * 1e3:.1f} ms ({detail_s / floor_s:.1f}x)")
    print(f"  show crypto ikev2 stats reconnect  {stats_s * 1e6:8.1f} us  str.format floor"
          f" {stats_floor_s * 1e6:.1f} us")
    return detail_s, stats_s


def memory(seed: int, n: int) -> None:
    _, clients = fresh_device(seed, n)  # the clients keep the device alive
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    expect_all([c.connect(USER, PASSWORD) for c in clients], False, "connect")
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    top = tracemalloc.take_snapshot().statistics("filename")[:4]
    tracemalloc.stop()
    where = ", ".join(f"{Path(t.traceback[0].filename).name} {t.size / n / 1024:.1f}" for t in top)
    print(f"memory per idle session (tracemalloc, gateway + client): {grown / n / 1024:.1f} KiB; top: {where}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=10_000, help="clients in the storm (default 10000)")
    ap.add_argument("--runs", type=int, default=3, help="storms, each on a fresh device (default 3)")
    ap.add_argument("--seed", type=int, default=1, help="device and client seed (default 1)")
    ap.add_argument("--floor-handshakes", type=int, default=2_000, help="per floor run (default 2000)")
    ap.add_argument("--render-runs", type=int, default=5, help="renders of the detail show (default 5)")
    ap.add_argument("--no-memory", dest="memory", action="store_false", help="skip the tracemalloc pass")
    args = ap.parse_args(argv)
    if min(args.clients, args.runs, args.floor_handshakes, args.render_runs) < 1:
        ap.error("counts must be positive")
    n, keep, storms = args.clients, list[Device](), list[Storm]()
    gc.callbacks.append(gc_hook)
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores, cryptography {cryptography.__version__};"
          f" {n:,} clients, {args.runs} storms, each on a fresh device")
    print("storm: rates per CPU second of this process (wall-clock rates in brackets); gc = collector's CPU share")
    print(f"{'run':>6} {'connect':>8} {'conn/s':>7} {'(wall)':>7} {'gc':>4} {'DPD 60s':>8} {'reconnect':>9}"
          f" {'reconn/s':>8} {'(wall)':>7} {'gc':>4} {'RSS/session':>11}")
    try:
        for run in range(1, args.runs + 1):
            keep.clear()
            gc.unfreeze()
            gc.collect()  # the last storm's device dies before the next one is built
            s = storm(args.seed, n, keep)
            storms.append(s)
            c, r = s.connect, s.reconnect
            print(f"{run:>6} {c.cpu:>7.2f}s {n / c.cpu:>7.0f} {n / c.wall:>7.0f} {c.gc / c.cpu:>4.0%}"
                  f" {s.expire.cpu:>7.2f}s {r.cpu:>8.2f}s {n / r.cpu:>8.0f} {n / r.wall:>7.0f}"
                  f" {r.gc / r.cpu:>4.0%} {s.rss_growth / n / 1024:>7.1f} KiB")
        connects = statistics.median(n / s.connect.cpu for s in storms)
        reconnects = statistics.median(n / s.reconnect.cpu for s in storms)
        connects_wall = statistics.median(n / s.connect.wall for s in storms)
        reconnects_wall = statistics.median(n / s.reconnect.wall for s in storms)
        print(f"{'median':>6} {'':>8} {connects:>7.0f} {connects_wall:>7.0f} {'':>4} {'':>8} {'':>9}"
              f" {reconnects:>8.0f} {reconnects_wall:>7.0f}")
        count = args.floor_handshakes
        pki = Pki.make()
        print(f"crypto floor, both sides, one core (median of 3 x {count:,} handshakes), per CPU second (wall);"
              " the storm's gateway signs (rsa-sig), so its floor does too:")
        floors: dict[str, tuple[float, float]] = {}
        for name, reconnect, signing, ours, ours_wall in (
                ("connect", False, pki, connects, connects_wall),
                ("reconnect", True, pki, reconnects, reconnects_wall),
                ("connect, pre-shared only", False, None, connects, connects_wall),
                ("reconnect, pre-shared only", True, None, reconnects, reconnects_wall)):
            rate, rate_wall = floors[name] = floor_rate(count, reconnect, signing)
            print(f"  {name:<27} {rate:>7.0f}/s ({rate_wall:>5.0f}/s)   ours/floor {ours / rate:.2f}"
                  f" ({ours_wall / rate_wall:.2f})")
        detail_s, stats_s = render(keep[0], n, args.render_runs)
        keep.clear()
        if args.memory:
            gc.unfreeze()
            gc.collect()
            memory(args.seed, n)
    except BenchError as exc:
        print(f"FAILED: {exc}")
        return 2
    budgets = [
        (f">= {RATE_BUDGET:,.0f} connects/s/core (group 19)", f"{connects:,.0f}/s", connects >= RATE_BUDGET),
        (f">= {RATE_BUDGET:,.0f} reconnects/s/core", f"{reconnects:,.0f}/s", reconnects >= RATE_BUDGET),
        ("connects within 2x of their crypto floor", f"{connects / floors['connect'][0]:.2f} of it",
         connects >= FLOOR_RATIO_BUDGET * floors["connect"][0]),
        ("reconnects within 2x of their crypto floor", f"{reconnects / floors['reconnect'][0]:.2f} of it",
         reconnects >= FLOOR_RATIO_BUDGET * floors["reconnect"][0]),
        ("show crypto session detail < 1 s", f"{detail_s * 1e3:.0f} ms", detail_s < DETAIL_BUDGET_S),
        ("show crypto ikev2 stats reconnect < 1 ms", f"{stats_s * 1e6:.0f} us", stats_s < STATS_BUDGET_S),
    ]
    for label, value, met in budgets:
        print(f"budget: {label}: {value} {'PASS' if met else 'FAIL'}")
    return 0 if all(met for _, _, met in budgets) else 1


if __name__ == "__main__":
    sys.exit(main())
