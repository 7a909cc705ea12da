#!/usr/bin/env bash
# Lab test: the QEMU firmware image, built and booted twice.
#
#   build     scripts/build-image qemu-x86_64 into a temporary directory: the static agent, the
#             busybox root filesystem, an empty data disk
#             (s) the stripped static agent is at most 12 MB (checked here rather than by
#                 build-image, so that the boots below are tested even when it is too big)
#   boot 1    two mac80211_hwsim radios; the agent starts by itself; inside the VM:
#             (a) `skywire status --json` reports a node address (skn1...), made at first boot
#             (b) `skywire radios --json` lists the 2 radios (skipped, with a note, if the
#                 agent has no radios command)
#   boot 2    the same data disk: (c) the node address is the same (the key persisted, and
#             nothing made a new one)
#
# The static release build is the slow part (scratch .build-static, reused between runs in one
# clone); each TCG boot takes about 10 s.
set -euo pipefail
cd "$(dirname "$0")/../.."

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

[ "$(id -u)" = 0 ] || { echo "image test: needs root (installs qemu; scripts/install-deps vm)" >&2; exit 1; }
scripts/install-deps vm
# build-image downloads the pinned packages with curl (not in install-deps' groups yet).
if ! command -v curl >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends curl ca-certificates >/dev/null 2>&1 ||
        { apt-get update -qq && apt-get install -y -qq --no-install-recommends curl ca-certificates >/dev/null; }
fi

out=$(mktemp -d /tmp/skywire-image-test.XXXXXX)
trap 'rm -rf "$out"' EXIT

# section N FILE: the output of test command N in a boot log (between its BEGIN and END lines).
section() {
    awk -v n="$1" '
        index($0, "SKYWIRE-SELFTEST-END " n " ") { on = 0 }
        on { print }
        index($0, "SKYWIRE-SELFTEST-BEGIN " n " ") { on = 1 }
    ' "$2"
}
# exit_status N FILE: the rc of test command N.
exit_status() {
    grep -o "SKYWIRE-SELFTEST-END $1 rc=[0-9]*" "$2" | head -n 1 | sed 's/.*rc=//'
}
# address_in FILE: the node address in the status JSON of command 1.
address_in() {
    section 1 "$1" | grep -o '"address":"skn1[0-9a-z]*"' | head -n 1 | cut -d'"' -f4
}

limit=12000000
started=$SECONDS
echo "== build (scripts/build-image qemu-x86_64 --out $out)"
if ! SKYWIRE_BINARY_LIMIT=1000000000 scripts/build-image qemu-x86_64 --out "$out"; then
    fail "build-image qemu-x86_64"
    echo "$passed passed, $failed failed"
    exit 1
fi
build_s=$((SECONDS - started))
agent_size=$(stat -c %s "$out/skywire")
if [ "$agent_size" -le "$limit" ]; then
    pass "(s) the static agent is $agent_size bytes stripped (limit $limit)"
else
    fail "(s) the static agent is $agent_size bytes stripped, over the limit of $limit:"
    # shellcheck source=../image-lib/common.sh
    source scripts/image-lib/common.sh
    # shellcheck source=../image-lib/agent.sh
    source scripts/image-lib/agent.sh
    image_size_report .build-static/skywire-amd64.map 2>&1
fi

echo "== boot 1: new data disk, 2 radios"
boot1_started=$SECONDS
scripts/boot-image qemu-x86_64 --out "$out" --radios 2 --quiet --log "$out/boot1.log" \
    --command 'skywire status --json' --command 'skywire radios --json' || true
boot1_s=$((SECONDS - boot1_started))
grep -E 'SKYWIRE-SELFTEST-(READY|BEGIN|END|DONE|TIMEOUT)|first boot|data partition|rcS:' "$out/boot1.log" |
    cut -c1-160 | sed 's/^/  boot1> /'

address1=$(address_in "$out/boot1.log")
if [ -n "$address1" ]; then
    pass "(a) skywire status inside the VM reports node $address1 (key made at first boot)"
else
    fail "(a) no skn1 address in the status output of boot 1:"
    section 1 "$out/boot1.log" | head -n 5
fi

radios_out=$(section 2 "$out/boot1.log")
radios_rc=$(exit_status 2 "$out/boot1.log")
phys=$(printf '%s' "$radios_out" | grep -o '"name":"phy[0-9]*"' | sort -u | wc -l)
if [ "$radios_rc" = 0 ] && [ "$phys" = 2 ]; then
    pass "(b) skywire radios inside the VM lists 2 phys (mac80211_hwsim radios=2)"
elif [ "$radios_rc" = 64 ] && printf '%s' "$radios_out" | grep -qi 'radios'; then
    echo "NOTE (b) skipped: this agent has no 'skywire radios' command yet"
else
    fail "(b) skywire radios: rc ${radios_rc:-none}, $phys phys (expected 2): $(printf '%s' "$radios_out" | head -c 300)"
fi

echo "== boot 2: the same data disk"
boot2_started=$SECONDS
scripts/boot-image qemu-x86_64 --out "$out" --radios 2 --quiet --log "$out/boot2.log" \
    --command 'skywire status --json' || true
boot2_s=$((SECONDS - boot2_started))
grep -E 'SKYWIRE-SELFTEST-(READY|BEGIN|END|DONE|TIMEOUT)|first boot|node key|data partition' "$out/boot2.log" |
    cut -c1-160 | sed 's/^/  boot2> /'
address2=$(address_in "$out/boot2.log")
if [ -n "$address1" ] && [ "$address2" = "$address1" ] && ! grep -q 'first boot' "$out/boot2.log"; then
    pass "(c) second boot from the same data disk: same node $address2, no new key"
else
    fail "(c) second boot: address '${address2:-none}', first boot '${address1:-none}'"
fi

ready1=$(grep -o 'SKYWIRE-SELFTEST-READY uptime=[0-9.]*' "$out/boot1.log" | sed 's/.*=//' || true)
ready2=$(grep -o 'SKYWIRE-SELFTEST-READY uptime=[0-9.]*' "$out/boot2.log" | sed 's/.*=//' || true)
size() { stat -c %s "$1"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1e6 }'; }
echo "sizes: skywire $(mb "$(size "$out/skywire")") stripped (static), initramfs.cpio.gz $(mb "$(size "$out/initramfs.cpio.gz")"), vmlinuz $(mb "$(size "$out/vmlinuz")"), data.img $(mb "$(size "$out/data.img")")"
echo "times: build ${build_s} s; boot 1 ${boot1_s} s (agent answered at guest uptime ${ready1:-?} s); boot 2 ${boot2_s} s (${ready2:-?} s)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
