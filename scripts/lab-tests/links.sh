#!/usr/bin/env bash
# Lab test: LAN links with zero configuration — discovery, liveness, restart, roaming.
#
#                         namespace sw<ID>-hub
#                     ┌──────────── br0 ────────────┐
#                     │              │              │
#                 a: eth0        b: eth0        c: eth0 (IPv4 only)
#              10.77.0.1/24   10.77.0.2/24   10.77.0.3/24  ──(d)──▶ 10.77.1.3/24
#              10.77.1.1/24   10.77.1.2/24   + route 10.77.0.0/24 dev eth0
#
# Agents run with defaults (no config file): keepalive 1 s, down after 3 missed, beacons 1 s.
#   (a) the three find each other within 2 s, and `neighbors --json` on each lists the other
#       two as up with an RTT;
#   (b) c is killed (SIGKILL): a and b mark it down within 3 keepalive intervals (measured);
#   (c) c restarts with the same key file: every link comes back;
#   (d) c moves to another subnet on the same bridge: a and b keep it as the same neighbour,
#       on the same session (handshake count unchanged), with the new address as its endpoint —
#       the link roamed after c's first authenticated packet from the new address.
# c has IPv6 off so that its links are IPv4 links, which the move in (d) actually changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/lab.sh
source scripts/lib/lab.sh

lab_require_root
lab_binary debug
lab_init
echo "lab links: id $LAB_ID, binary $SKYWIRE_BIN"

keepalive_ms=1000
dead_after=3

lab_bridge br0
for node in a b c; do lab_node "$node"; done
lab_attach a br0 eth0 10.77.0.1/24
lab_attach b br0 eth0 10.77.0.2/24
lab_attach c br0 eth0 10.77.0.3/24 noipv6
ip -n "$(lab_ns a)" addr add 10.77.1.1/24 brd + dev eth0
ip -n "$(lab_ns b)" addr add 10.77.1.2/24 brd + dev eth0

everyone_sees_everyone() {
    lab_sees a b c && lab_sees b a c && lab_sees c a b
}

# (a) discovery with no configuration.
first_start=$(lab_now_ms)
lab_start a
lab_start b
last_start=$(lab_now_ms)
lab_start c
if lab_wait 10 everyone_sees_everyone; then
    since_last=$(($(lab_now_ms) - last_start))
    since_first=$(($(lab_now_ms) - first_start))
    detail="$(lab_seconds "$since_last") s after the last agent started ($(lab_seconds "$since_first") s after the first)"
    if [ "$since_last" -le 2000 ]; then
        lab_pass "(a) three agents found each other with no config in $detail; each lists the other two up with an RTT"
    else
        lab_fail "(a) three agents found each other, but only $detail (limit 2 s)"
    fi
else
    lab_fail "(a) the agents did not all see each other within 10 s"
    lab_show_logs
fi
for node in a b c; do
    echo "  $node $(lab_addr "$node")"
done
lab_ctl a neighbors | sed 's/^/  a> /'

# (b) a killed node is marked down within dead_after keepalive intervals. The times come from
# the agents' own log lines ("neighbor skn1... down"), not from polling.
c_address=$(lab_addr c)
killed=$(lab_now_ms)
lab_stop c KILL
c_gone() { lab_sees_down a c && lab_sees_down b c; }
limit=$((dead_after * keepalive_ms))
if lab_wait 10 c_gone; then
    a_down=$(($(lab_event_ms a "neighbor $c_address down") - killed))
    b_down=$(($(lab_event_ms b "neighbor $c_address down") - killed))
    if [ "$a_down" -le "$limit" ] && [ "$b_down" -le "$limit" ]; then
        lab_pass "(b) c killed: a marked it down after $(lab_seconds "$a_down") s, b after $(lab_seconds "$b_down") s (limit $dead_after x ${keepalive_ms} ms)"
    else
        lab_fail "(b) c killed: a marked it down after $a_down ms, b after $b_down ms (limit $limit ms)"
    fi
else
    lab_fail "(b) c killed: not marked down by both a and b within 10 s"
fi

# (c) restart with the same key: the links come back.
restarted=$(lab_now_ms)
lab_start c
if [ "$(lab_addr c)" != "$c_address" ]; then
    lab_fail "(c) c came back with another address: $(lab_addr c), was $c_address"
elif lab_wait 10 everyone_sees_everyone; then
    lab_pass "(c) c restarted with the same key ($c_address): links back after $(lab_seconds $(($(lab_now_ms) - restarted))) s"
else
    lab_fail "(c) after c restarted, the links did not all come back within 10 s"
    lab_show_logs
fi

# (d) roaming: c moves to 10.77.1.3/24.
for observer in a b; do
    eval "${observer}_handshakes=\$(lab_link_field $observer c handshakes)"
    eval "${observer}_endpoint=\$(lab_link_field $observer c endpoint)"
done
echo "  before the move: a sees c at $a_endpoint (handshakes $a_handshakes), b at $b_endpoint (handshakes $b_handshakes)"
c_ns=$(lab_ns c)
moved=$(lab_now_ms)
ip -n "$c_ns" addr flush dev eth0
ip -n "$c_ns" addr add 10.77.1.3/24 brd + dev eth0
ip -n "$c_ns" route add 10.77.0.0/24 dev eth0

roamed_to_new_address() {
    local observer
    for observer in a b; do
        [ "$(lab_link_field "$observer" c endpoint)" = "10.77.1.3:6555" ] || return 1
        lab_sees "$observer" c || return 1
    done
}
if lab_wait 10 roamed_to_new_address; then
    roam_ms=$LAB_WAITED_MS
    a_after=$(lab_link_field a c handshakes)
    b_after=$(lab_link_field b c handshakes)
    a_up_for=$(lab_link_field a c up_for_ms)
    since_move=$(($(lab_now_ms) - moved))
    if [ "$a_after" = "$a_handshakes" ] && [ "$b_after" = "$b_handshakes" ] \
        && "$LAB_PYTHON" -c "import sys; sys.exit(0 if float('$a_up_for') > $since_move else 1)" \
        && lab_sees c a b; then
        lab_pass "(d) c moved to 10.77.1.3: same neighbour, same session (handshakes a $a_after, b $b_after), endpoint 10.77.1.3:6555 after $(lab_seconds "$roam_ms") s; link up throughout"
    else
        lab_fail "(d) c roamed, but handshakes a $a_handshakes→$a_after, b $b_handshakes→$b_after, a's link up for ${a_up_for} ms (move ${since_move} ms ago)"
    fi
else
    lab_fail "(d) a and b did not see c at 10.77.1.3:6555 within 10 s (a: $(lab_link_field a c endpoint || true), b: $(lab_link_field b c endpoint || true))"
    lab_show_logs
fi
lab_ctl a neighbors | sed 's/^/  a> /'

lab_result
