#!/usr/bin/env bash
# Lab test: routes and end-to-end pings across a chain of five agents with zero configuration.
#
#                               namespace sw<ID>-hub
#        br1              br2              br3              br4
#     ┌───┴───┐        ┌───┴───┐        ┌───┴───┐        ┌───┴───┐
#    n1      n2 ────── n2     n3 ────── n3     n4 ────── n4     n5
#   eth0    eth0      eth1   eth0      eth1   eth0      eth1   eth0
#  .1.1     .1.2      .2.2   .2.3      .3.3   .3.4      .4.4   .4.5     (10.77.<bridge>.<node>/24)
#
# Each node shares a LAN only with its direct neighbours (no IP forwarding anywhere), so n1
# reaches n5 only through the mesh: n1 → n2 → n3 → n4 → n5, four hops.
#   (a) every agent finds exactly its direct neighbours;
#   (b) the topology converges: n1 gets an answer from n5 (polled with 1-ping requests, 30 s);
#   (c) `skywire ping <n5>` from n1: 3 of 3 answered, hops=4;
#   (d) `skywire routes --json` on n1 lists the route to n5 with 4 hops; n3 relays at least one
#       route (transit_routes ≥ 1) and has none of its own.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/lab.sh
source scripts/lib/lab.sh

lab_require_root
lab_binary debug
lab_init
echo "lab chain: id $LAB_ID, binary $SKYWIRE_BIN"

nodes=(n1 n2 n3 n4 n5)
for node in "${nodes[@]}"; do lab_node "$node"; done
for bridge in 1 2 3 4; do
    lab_bridge "br$bridge"
    left=n$bridge right=n$((bridge + 1))
    # The left node's second interface (eth1), except n1 whose only interface is eth0.
    if [ "$bridge" = 1 ]; then left_if=eth0; else left_if=eth1; fi
    lab_attach "$left" "br$bridge" "$left_if" "10.77.$bridge.$bridge/24"
    lab_attach "$right" "br$bridge" eth0 "10.77.$bridge.$((bridge + 1))/24"
done

started=$(lab_now_ms)
for node in "${nodes[@]}"; do lab_start "$node"; done
for node in "${nodes[@]}"; do echo "  $node $(lab_addr "$node")"; done

# (a) each node sees exactly its neighbours in the chain.
neighbours_of() {
    case $1 in
        n1) echo n2 ;;
        n5) echo n4 ;;
        *) local i=${1#n}; echo "n$((i - 1)) n$((i + 1))" ;;
    esac
}
# only_neighbours NODE: NODE lists its chain neighbours as up, and no other node at all.
only_neighbours() {
    local node=$1 peer
    # shellcheck disable=SC2046
    lab_sees "$node" $(neighbours_of "$node") || return 1
    local expected
    expected=$(for peer in $(neighbours_of "$node"); do lab_addr "$peer"; done | sort | tr '\n' ' ')
    local listed
    listed=$(lab_ctl "$node" neighbors --json | "$LAB_PYTHON" -c \
        'import json,sys; print(" ".join(sorted(n["address"] for n in json.load(sys.stdin)["neighbors"])))')
    [ "$listed " = "$expected" ]
}
chain_linked() {
    local node
    for node in "${nodes[@]}"; do only_neighbours "$node" || return 1; done
}
if lab_wait 15 chain_linked; then
    lab_pass "(a) each agent found exactly its chain neighbours ($(lab_seconds $(($(lab_now_ms) - started))) s after the first start)"
else
    lab_fail "(a) the chain did not link up as expected within 15 s"
    for node in "${nodes[@]}"; do lab_ctl "$node" neighbors | sed "s/^/  $node> /"; done
    lab_show_logs
fi

# (b) convergence: n1 gets an answer from n5.
n5=$(lab_addr n5)
n1_reaches_n5() { lab_ctl n1 ping "$n5" --count 1 >/dev/null 2>&1; }
if lab_wait 30 n1_reaches_n5; then
    # A ping sent while records are still flooding may wait out its 5 s timeout (n5 cannot
    # answer before it knows a path back), so this time is an upper bound on convergence.
    lab_pass "(b) n1 reached n5 over the mesh $(lab_seconds "$LAB_WAITED_MS") s after the chain linked up ($(lab_seconds $(($(lab_now_ms) - started))) s after the first start, polling with 1-ping requests)"
else
    lab_fail "(b) n1 got no answer from n5 within 30 s"
    lab_ctl n1 ping "$n5" --count 1 || true
    lab_show_logs 25
fi

# (c) three pings, each answered over four hops.
ping_out=$LAB_DIR/ping.out
if lab_ctl n1 ping "$n5" --count 3 >"$ping_out" 2>&1; then ping_status=0; else ping_status=$?; fi
sed 's/^/  n1> /' "$ping_out"
answered=$(grep -c "^reply from $n5: seq=[0-9]* hops=4 rtt=" "$ping_out" || true)
if [ "$ping_status" = 0 ] && [ "$answered" = 3 ]; then
    lab_pass "(c) skywire ping n5 from n1: 3 of 3 answered with hops=4 ($(tail -n 1 "$ping_out"))"
else
    lab_fail "(c) skywire ping n5 from n1: exit $ping_status, $answered of 3 answered with hops=4"
fi

# (d) the routes as n1 and n3 report them.
lab_ctl n1 routes | sed 's/^/  n1> /'
lab_ctl n3 routes | sed 's/^/  n3> /'
n1_route=$(lab_ctl n1 routes --json | "$LAB_PYTHON" -c '
import json, sys
report = json.load(sys.stdin)
routes = [r for r in report["routes"] if r["peer"] == sys.argv[1] and r["status"] in ("up", "setting-up")]
print(" ".join("hops=%s next=%s status=%s" % (r["hops"], r["next_hop"], r["status"]) for r in routes))
' "$n5")
n3_transit=$(lab_ctl n3 routes --json | "$LAB_PYTHON" -c '
import json, sys
report = json.load(sys.stdin)
print(report["transit_routes"], len(report["routes"]))
')
n2=$(lab_addr n2)
if [[ "$n1_route" == *"hops=4 next=$n2 status=up"* ]]; then
    lab_pass "(d) n1's routes list the route to n5: 4 hops, next hop n2, up"
else
    lab_fail "(d) n1's routes to n5: '${n1_route:-none}' (expected hops=4 next=n2 status=up)"
fi
read -r transit own <<<"$n3_transit"
if [ "$transit" -ge 1 ] && [ "$own" = 0 ]; then
    lab_pass "(d) n3 relays $transit transit route(s) and has none of its own"
else
    lab_fail "(d) n3: $transit transit routes, $own of its own (expected ≥ 1 and 0)"
fi

lab_result
