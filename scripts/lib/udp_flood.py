#!/usr/bin/env python3
"""Hostile UDP for the flood lab test (scripts/lab-tests/flood.sh).

  udp_flood.py capture IFACE PORT SECONDS OUT      save link-protocol payloads seen on IFACE
  udp_flood.py send HOST PORT COUNT SEEDS [RATE]   send COUNT hostile datagrams to HOST:PORT

`capture` reads every frame on IFACE with a raw packet socket (needs root) and keeps the UDP
payloads to or from PORT whose first byte is a message type (1-4): real beacons, handshakes
and transport packets. `send` mixes, in equal parts:
  - random bytes of random length (0-1500),
  - a valid type byte (1-4) with a plausible length for that type and random contents
    (transport packets get a well-formed 16-byte header: type, epoch, zero flags, random index
    and counter),
  - mutations of the captured packets: verbatim replays, bit flips, truncations, extensions,
    byte substitutions, header-only changes.
Datagrams go out from 16 sockets (16 source ports) at RATE per second (default: as fast as
possible). Prints one summary line.
"""
import errno
import os
import random
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003


def capture(iface, port, seconds, out):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(ETH_P_ALL))
    s.bind((iface, 0))
    s.settimeout(0.2)
    seeds = []
    deadline = time.time() + seconds
    while time.time() < deadline and len(seeds) < 512:
        try:
            frame = s.recv(65535)
        except socket.timeout:
            continue
        payload = udp_payload(frame, port)
        if payload and payload[0] in (1, 2, 3, 4):
            seeds.append(payload)
    with open(out, "wb") as f:
        for p in seeds:
            f.write(struct.pack("!H", len(p)) + p)
    kinds = {t: sum(1 for p in seeds if p[0] == t) for t in (1, 2, 3, 4)}
    print("captured %d packets (beacons %d, initiations %d, responses %d, transport %d)"
          % (len(seeds), kinds[1], kinds[2], kinds[3], kinds[4]))


def udp_payload(frame, port):
    if len(frame) < 14:
        return None
    ethertype = struct.unpack("!H", frame[12:14])[0]
    if ethertype == 0x0800:
        ip = frame[14:]
        if len(ip) < 20 or ip[9] != 17:
            return None
        udp = ip[(ip[0] & 0x0F) * 4:]
    elif ethertype == 0x86DD:
        ip = frame[14:]
        if len(ip) < 40 or ip[6] != 17:
            return None
        udp = ip[40:]
    else:
        return None
    if len(udp) < 8:
        return None
    sport, dport, length = struct.unpack("!HHH", udp[:6])
    if port not in (sport, dport):
        return None
    return bytes(udp[8:length])


def load_seeds(path):
    seeds = []
    with open(path, "rb") as f:
        data = f.read()
    i = 0
    while i + 2 <= len(data):
        n = struct.unpack("!H", data[i:i + 2])[0]
        seeds.append(data[i + 2:i + 2 + n])
        i += 2 + n
    return [s for s in seeds if s]


def random_bytes(rng, n):
    return rng.getrandbits(8 * n).to_bytes(n, "big") if n else b""


def typed(rng):
    kind = rng.randint(1, 4)
    if kind == 1:  # beacon: header + key + seq + port + endpoints + signature
        n = rng.choice([52 + 64, 52 + 7 + 64, 52 + 19 * 8 + 64, rng.randint(1, 400)])
        return bytes([1, 1, 0, 0]) + random_bytes(rng, n - 4) if n > 4 else bytes([1])
    if kind == 2:  # initiation: 8-byte envelope + 111..1200 bytes of Noise
        return bytes([2, 0, 0, 0]) + random_bytes(rng, 4 + rng.randint(0, 1300))
    if kind == 3:  # response: 12-byte envelope + 50.. bytes
        return bytes([3, 0, 0, 0]) + random_bytes(rng, 8 + rng.randint(0, 300))
    # transport: type, epoch, flags 0, receiver index, counter, ciphertext, tag
    header = struct.pack("!BBHIQ", 4, rng.randint(0, 3), 0, rng.getrandbits(32), rng.getrandbits(64))
    return header + random_bytes(rng, rng.randint(0, 1400))


def mutate(rng, seed):
    p = bytearray(seed)
    how = rng.randint(0, 5)
    if how == 0:
        return bytes(p)  # verbatim replay
    if how == 1:
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(p))
            p[i] ^= 1 << rng.randrange(8)
        return bytes(p)
    if how == 2:
        return bytes(p[:rng.randrange(len(p))])
    if how == 3:
        return bytes(p) + random_bytes(rng, rng.randint(1, 200))
    if how == 4:
        for _ in range(rng.randint(1, 16)):
            p[rng.randrange(len(p))] = rng.getrandbits(8)
        return bytes(p)
    # header-only change: keep the body, rewrite one of the first 16 bytes
    i = rng.randrange(min(16, len(p)))
    p[i] = rng.getrandbits(8)
    return bytes(p)


def send(host, port, count, seeds_path, rate):
    rng = random.Random(int.from_bytes(os.urandom(8), "big"))
    seeds = load_seeds(seeds_path) if os.path.exists(seeds_path) else []
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets = []
    for _ in range(16):
        s = socket.socket(family, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
        sockets.append(s)
    counts = {"random": 0, "typed": 0, "mutated": 0}
    start = time.time()
    for i in range(count):
        choice = rng.randrange(3)
        if choice == 2 and seeds:
            data, kind = mutate(rng, rng.choice(seeds)), "mutated"
        elif choice == 1:
            data, kind = typed(rng), "typed"
        else:
            data, kind = random_bytes(rng, rng.randint(0, 1500)), "random"
        while True:
            try:
                sockets[i % 16].sendto(data, (host, port))
                break
            except OSError as error:
                if error.errno not in (errno.ENOBUFS, errno.EAGAIN):
                    raise
                time.sleep(0.001)
        counts[kind] += 1
        if rate and i % 100 == 99:
            ahead = (i + 1) / rate - (time.time() - start)
            if ahead > 0:
                time.sleep(ahead)
    took = time.time() - start
    print("sent %d datagrams in %.2f s (%d/s): %d random, %d typed, %d mutated from %d captured"
          % (count, took, count / took if took else 0, counts["random"], counts["typed"],
             counts["mutated"], len(seeds)))


def main():
    if sys.argv[1] == "capture":
        capture(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
    elif sys.argv[1] == "send":
        rate = int(sys.argv[6]) if len(sys.argv) > 6 else 0
        send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], rate)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
