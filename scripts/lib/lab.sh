# shellcheck shell=bash
# Helpers of the network-namespace lab: scripts/lab and scripts/lab-tests/*.sh source this file.
#
# One lab run, with ID a random suffix so that parallel runs never collide:
#
#     namespace sw<ID>-hub        the switch: bridges br0, br1, ... (no addresses, no agent)
#        │ br0 ── veth <node>-eth0 ─┐
#        │ br1 ── veth <node>-eth1 ─┤
#                                   ▼
#     namespace sw<ID>-<node>     lo, eth0 (eth1, ...) with the lab addresses; one agent
#
# Nothing is created in the host's own network namespace, so lab traffic never leaves the lab.
# Files of a run live in $LAB_DIR (/tmp/skywire-lab-<ID>): per node <node>.key (created by the
# agent on first start), .sock (control socket), .log (its stderr), .pid, .addr (skn1...).
# lab_cleanup (installed as the EXIT trap by lab_init) kills every agent and deletes every
# namespace of the run (and with them their veths and bridges), then the directory.

LAB_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LAB_ROOT="$(cd "$LAB_LIB_DIR/../.." && pwd)"
LAB_KEEP=${LAB_KEEP:-0}
# The distribution's python3 starts faster than shims (pyenv) that may come first on PATH.
if [ -z "${LAB_PYTHON:-}" ]; then
    if [ -x /usr/bin/python3 ]; then LAB_PYTHON=/usr/bin/python3; else LAB_PYTHON=python3; fi
fi
LAB_PASSED=0
LAB_FAILED=0

# lab_log MESSAGE...: a progress line on stderr.
lab_log() { printf '%s\n' "$*" >&2; }

# lab_die MESSAGE...: stop the run (the EXIT trap cleans up).
lab_die() {
    printf 'lab: error: %s\n' "$*" >&2
    exit 1
}

# lab_now_ms: wall-clock milliseconds (bash 5's EPOCHREALTIME, no subprocess).
lab_now_ms() {
    local t=${EPOCHREALTIME/./}
    echo $((t / 1000))
}

# lab_seconds MS: milliseconds as seconds with two decimals.
lab_seconds() { printf '%d.%02d' $(($1 / 1000)) $(($1 % 1000 / 10)); }

# lab_require_root: namespaces need CAP_SYS_ADMIN / CAP_NET_ADMIN.
lab_require_root() {
    [ "$(id -u)" = 0 ] || lab_die "the lab needs root (network namespaces); run it with sudo"
}

# lab_binary CONFIGURATION: sets SKYWIRE_BIN. An explicit $SKYWIRE_BIN is used as it is;
# otherwise the skywire product is built (debug or release) and that binary used, so a fresh
# clone runs what it just built. $LAB_SWIFT_BUILD_FLAGS go to `swift build` (for example
# `--scratch-path .build-mine`).
lab_binary() {
    local configuration=$1
    if [ -n "${SKYWIRE_BIN:-}" ]; then
        [ -x "$SKYWIRE_BIN" ] || lab_die "SKYWIRE_BIN=$SKYWIRE_BIN is not an executable"
        return
    fi
    local log="$LAB_ROOT/.build/lab-build-$configuration.log"
    mkdir -p "$LAB_ROOT/.build"
    lab_log "building skywire ($configuration) ..."
    # shellcheck disable=SC2086
    if ! (cd "$LAB_ROOT" && swift build -c "$configuration" ${LAB_SWIFT_BUILD_FLAGS:-} --product skywire >"$log" 2>&1); then
        grep -E 'error' "$log" | head -n 30 >&2 || tail -n 30 "$log" >&2
        lab_die "swift build -c $configuration failed (log: $log)"
    fi
    # shellcheck disable=SC2086
    SKYWIRE_BIN="$(cd "$LAB_ROOT" && swift build -c "$configuration" ${LAB_SWIFT_BUILD_FLAGS:-} --show-bin-path)/skywire"
    [ -x "$SKYWIRE_BIN" ] || lab_die "no binary at $SKYWIRE_BIN after the build"
}

# lab_init: makes the run's ID, directory and switch namespace, and installs the cleanup trap.
lab_init() {
    lab_require_root
    LAB_ID=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
    LAB_PREFIX="sw${LAB_ID}"
    LAB_DIR="/tmp/skywire-lab-${LAB_ID}"
    LAB_HUB="${LAB_PREFIX}-hub"
    mkdir -m 700 "$LAB_DIR"
    trap lab_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    ip netns add "$LAB_HUB"
    ip -n "$LAB_HUB" link set lo up
}

# lab_ns NODE: the namespace of NODE.
lab_ns() { echo "${LAB_PREFIX}-$1"; }

# lab_bridge NAME: a bridge in the switch namespace. Multicast snooping is off (no MLD querier
# in the lab), so IPv6 beacons reach every port as broadcasts do.
lab_bridge() {
    ip -n "$LAB_HUB" link add "$1" type bridge mcast_snooping 0
    ip -n "$LAB_HUB" link set "$1" up
}

# lab_node NODE: a node namespace with loopback up and IPv6 duplicate address detection off (so
# link-local addresses work at once).
lab_node() {
    local ns
    ns=$(lab_ns "$1")
    ip netns add "$ns"
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0
    ip -n "$ns" link set lo up
}

# lab_attach NODE BRIDGE IFNAME CIDR [noipv6]: a veth from BRIDGE to interface IFNAME of NODE,
# with address CIDR; `noipv6` turns IPv6 off on that interface.
lab_attach() {
    local node=$1 bridge=$2 ifname=$3 cidr=$4 mode=${5:-}
    local ns hubside="$1-$3"
    ns=$(lab_ns "$node")
    ip -n "$LAB_HUB" link add "$hubside" type veth peer name "$ifname" netns "$ns"
    ip -n "$LAB_HUB" link set "$hubside" master "$bridge" up
    if [ "$mode" = noipv6 ]; then
        ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifname.disable_ipv6=1"
    fi
    ip -n "$ns" addr add "$cidr" brd + dev "$ifname"
    ip -n "$ns" link set "$ifname" up
}

# lab_start NODE [ARGS...]: starts an agent in NODE's namespace with no config file (an empty
# one: /dev/null), its own key file, control socket and log; waits until it answers `status`
# and records its address. Extra ARGS go to `skywire run`.
lab_start() {
    local node=$1
    shift
    local ns
    ns=$(lab_ns "$node")
    ip netns exec "$ns" "$SKYWIRE_BIN" run --config /dev/null --key "$LAB_DIR/$node.key" \
        --control "$LAB_DIR/$node.sock" "$@" >>"$LAB_DIR/$node.log" 2>&1 &
    echo $! >"$LAB_DIR/$node.pid"
    if ! lab_wait 10 lab_answers "$node"; then
        tail -n 5 "$LAB_DIR/$node.log" >&2
        lab_die "the agent of $node did not come up"
    fi
    lab_ctl "$node" status --json | "$LAB_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["address"])' \
        >"$LAB_DIR/$node.addr"
}

# lab_pid NODE: the agent's process id (empty when not running).
lab_pid() { cat "$LAB_DIR/$1.pid" 2>/dev/null || true; }

# lab_stop NODE [SIGNAL]: stops NODE's agent (default SIGTERM; SIGKILL simulates a crash).
lab_stop() {
    local pid
    pid=$(lab_pid "$1")
    [ -n "$pid" ] || return 0
    kill -s "${2:-TERM}" "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$LAB_DIR/$1.pid"
}

# lab_alive NODE: true while NODE's agent process exists.
lab_alive() {
    local pid
    pid=$(lab_pid "$1")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# lab_ctl NODE COMMAND [ARGS...]: a skywire control command against NODE's agent
# (`lab_ctl n1 neighbors --json`). The control socket is a path, reachable from any namespace.
lab_ctl() {
    local node=$1
    shift
    "$SKYWIRE_BIN" "$@" --control "$LAB_DIR/$node.sock"
}

# lab_answers NODE: true when NODE's agent answers `status`.
lab_answers() { lab_ctl "$1" status >/dev/null 2>&1; }

# lab_addr NODE: NODE's skn1 address.
lab_addr() { cat "$LAB_DIR/$1.addr"; }

# lab_neighbors_check NODE CHECK [ARGS...]: runs scripts/lib/neighbors.py CHECK on NODE's
# `neighbors --json` (see that file for the checks).
lab_neighbors_check() {
    local node=$1
    shift
    lab_ctl "$node" neighbors --json 2>/dev/null | "$LAB_PYTHON" "$LAB_LIB_DIR/neighbors.py" "$@"
}

# lab_sees NODE PEER...: NODE lists every PEER as up, with an up link that has an RTT.
lab_sees() {
    local node=$1 peer addresses=()
    shift
    for peer in "$@"; do addresses+=("$(lab_addr "$peer")"); done
    lab_neighbors_check "$node" sees "${addresses[@]}"
}

# lab_sees_down NODE PEER: NODE does not list PEER as up.
lab_sees_down() { lab_neighbors_check "$1" down "$(lab_addr "$2")"; }

# lab_link_field NODE PEER FIELD: FIELD of NODE's (first up) link to PEER.
lab_link_field() { lab_neighbors_check "$1" field "$(lab_addr "$2")" "$3"; }

# lab_event_ms NODE TEXT: the wall-clock time (ms) of the last line of NODE's log that contains
# TEXT (empty if none). Log lines start with their UTC time, so this times events exactly,
# without the delay of polling.
lab_event_ms() {
    local line
    line=$(grep -F -- "$2" "$LAB_DIR/$1.log" | tail -n 1) || true
    [ -n "$line" ] || return 0
    date -u -d "${line%% *}" +%s%3N
}

# lab_wait SECONDS COMMAND [ARGS...]: polls COMMAND every 50 ms until it succeeds (0) or
# SECONDS pass (1). Sets LAB_WAITED_MS to the time it took.
lab_wait() {
    local limit_ms=$(($1 * 1000))
    shift
    local start
    start=$(lab_now_ms)
    while true; do
        if "$@"; then
            LAB_WAITED_MS=$(($(lab_now_ms) - start))
            return 0
        fi
        LAB_WAITED_MS=$(($(lab_now_ms) - start))
        [ "$LAB_WAITED_MS" -lt "$limit_ms" ] || return 1
        sleep 0.05
    done
}

# lab_pass / lab_fail MESSAGE: one result line; lab_result: the exit status of a test script.
lab_pass() {
    LAB_PASSED=$((LAB_PASSED + 1))
    echo "PASS $*"
}
lab_fail() {
    LAB_FAILED=$((LAB_FAILED + 1))
    echo "FAIL $*"
}
lab_result() {
    echo "$LAB_PASSED passed, $LAB_FAILED failed"
    [ "$LAB_FAILED" = 0 ]
}

# lab_show_logs: the tail of every agent log (after a failure).
lab_show_logs() {
    local log
    for log in "$LAB_DIR"/*.log; do
        [ -e "$log" ] || continue
        echo "--- $(basename "$log")"
        tail -n "${1:-15}" "$log"
    done
}

# lab_cleanup: kills the run's agents, deletes its namespaces (their veths and bridges go with
# them) and its directory. With LAB_KEEP=1 it leaves everything and says how to stop it.
lab_cleanup() {
    local status=$?
    set +e
    trap - EXIT INT TERM
    if [ -z "${LAB_PREFIX:-}" ]; then return "$status"; fi
    if [ "$LAB_KEEP" = 1 ] && [ "$status" = 0 ]; then
        return 0
    fi
    lab_teardown "$LAB_PREFIX" "$LAB_DIR"
    return "$status"
}

# lab_teardown PREFIX DIR: stops the agents whose pid files are in DIR, deletes the namespaces
# named PREFIX-*, removes DIR. (Also used by `scripts/lab --stop ID` for a kept lab.)
lab_teardown() {
    local prefix=$1 dir=$2 pidfile pid ns
    set +e  # best effort: every step runs even if an earlier one fails
    for pidfile in "$dir"/*.pid; do
        [ -e "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        kill -TERM "$pid" 2>/dev/null
    done
    for pidfile in "$dir"/*.pid; do
        [ -e "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    # Helper processes (e.g. a packet sender) recorded as <name>.helper-pid.
    for pidfile in "$dir"/*.helper-pid; do
        [ -e "$pidfile" ] || continue
        kill -KILL "$(cat "$pidfile")" 2>/dev/null
    done
    for ns in $(ip netns list | awk '{print $1}' | grep "^${prefix}-"); do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
        ip netns del "$ns"
    done
    case "$dir" in
        /tmp/skywire-lab-*) rm -rf "$dir" ;;
    esac
}
