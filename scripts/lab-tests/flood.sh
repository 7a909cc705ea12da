#!/usr/bin/env bash
# Lab test: an agent with two live neighbours survives 100,000 hostile UDP datagrams.
#
#                              namespace sw<ID>-hub
#            ┌───────────── br0 (ageing 0: floods every frame, like a hub) ─────────────┐
#            │                     │                     │                              │
#        x: eth0               a: eth0               b: eth0                        f: eth0
#     10.77.0.10/24          10.77.0.1/24          10.77.0.2/24                  10.77.0.99/24
#     agent under test       neighbour             neighbour                     python3 sender
#
# f first captures real link packets off the wire for a few seconds (beacons, handshakes and
# transport packets between x, a and b; the bridge forwards everything to every port), then
# sends 100,000 datagrams to x's link port: random bytes, random contents behind valid type
# bytes 1-4 (well-formed transport headers included), and mutations of the captured packets
# (replays, bit flips, truncations, extensions). Afterwards x must be alive, answer
# `skywire status`, still have both links up on the same sessions, and count the drops.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/lab.sh
source scripts/lib/lab.sh

count=${FLOOD_COUNT:-100000}

lab_require_root
lab_binary debug
lab_init
echo "lab flood: id $LAB_ID, binary $SKYWIRE_BIN"

lab_bridge br0
ip -n "$LAB_HUB" link set br0 type bridge ageing_time 0
for node in x a b f; do lab_node "$node"; done
lab_attach x br0 eth0 10.77.0.10/24
lab_attach a br0 eth0 10.77.0.1/24
lab_attach b br0 eth0 10.77.0.2/24
lab_attach f br0 eth0 10.77.0.99/24

f_ns=$(lab_ns f)
lab_start x
lab_start a
# Capture while b comes up, so that its handshakes with x and a are among the seeds.
ip netns exec "$f_ns" "$LAB_PYTHON" scripts/lib/udp_flood.py capture eth0 6555 3 "$LAB_DIR/seeds.bin" \
    >"$LAB_DIR/capture.out" &
echo $! >"$LAB_DIR/capture.helper-pid"
sleep 0.5
lab_start b
x_has_both() { lab_sees x a b && lab_sees a x && lab_sees b x; }
if ! lab_wait 10 x_has_both; then
    lab_fail "x, a and b did not link up within 10 s"
    lab_show_logs
    lab_result
    exit 1
fi
echo "  x $(lab_addr x) linked to a and b"

# counter NAME: one of x's status counters.
counter() {
    lab_ctl x status --json | "$LAB_PYTHON" -c "import json,sys; print(json.load(sys.stdin)['counters']['$1'])"
}
drops_before=$(counter drops_total)
in_before=$(counter datagrams_in)
a_handshakes=$(lab_link_field a x handshakes)
b_handshakes=$(lab_link_field b x handshakes)
x_handshakes_a=$(lab_link_field x a handshakes)

wait "$(cat "$LAB_DIR/capture.helper-pid")"
sed 's/^/  f: /' "$LAB_DIR/capture.out"
started=$(lab_now_ms)
ip netns exec "$f_ns" "$LAB_PYTHON" scripts/lib/udp_flood.py send 10.77.0.10 6555 "$count" "$LAB_DIR/seeds.bin" \
    | sed 's/^/  f: /'
sent_ms=$(($(lab_now_ms) - started))

# Let x work through its socket buffer, then look.
settled() { [ "$(counter datagrams_in)" = "${last_in:-}" ] || { last_in=$(counter datagrams_in); false; }; }
lab_wait 20 settled || true
sleep 1

if lab_alive x && lab_answers x; then
    lab_pass "x is alive and answers status after $count hostile datagrams (sent in $(lab_seconds "$sent_ms") s)"
else
    lab_fail "x died or stopped answering during the flood"
    lab_show_logs 30
fi

if lab_sees x a b && lab_sees a x && lab_sees b x; then
    a_after=$(lab_link_field a x handshakes)
    b_after=$(lab_link_field b x handshakes)
    x_after=$(lab_link_field x a handshakes)
    if [ "$a_after" = "$a_handshakes" ] && [ "$b_after" = "$b_handshakes" ] && [ "$x_after" = "$x_handshakes_a" ] \
        && ! grep -q ' down' "$LAB_DIR/x.log"; then
        lab_pass "both links of x stayed up on the same sessions (handshakes a $a_after, b $b_after; no link went down)"
    else
        lab_fail "links are up but were re-established: handshakes a $a_handshakes→$a_after, b $b_handshakes→$b_after, x→a $x_handshakes_a→$x_after"
        grep ' down' "$LAB_DIR/x.log" || true
    fi
else
    lab_fail "x lost a link during the flood"
    lab_show_logs 30
fi

drops=$(($(counter drops_total) - drops_before))
received=$(($(counter datagrams_in) - in_before))
kernel=$(ip netns exec "$(lab_ns x)" awk '/^Udp:/ && $2 ~ /^[0-9]+$/ {print $6}' /proc/net/snmp)
lab_ctl x status --json | "$LAB_PYTHON" -c '
import json, sys
drops = json.load(sys.stdin)["drops"]
print("  x drops by reason: " + ", ".join("%s %d" % (k, v) for k, v in drops.items() if v))'
echo "  x took $received datagrams into the link layer and dropped $drops; the kernel dropped $kernel (receive buffer full)"
# Every hostile datagram that reached the link layer must have been dropped (some may be
# counted twice: none is valid); the kernel may shed some when the sender outpaces the agent.
if [ $((drops + kernel)) -ge $((count * 95 / 100)) ] && [ "$drops" -ge $((received - received / 20)) ]; then
    lab_pass "x counted the flood: $drops drops in the link layer + $kernel in the kernel for $count sent"
else
    lab_fail "x's counters do not account for the flood: $drops drops of $received received, $kernel kernel drops, $count sent"
fi

lab_result
