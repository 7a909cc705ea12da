# Shell helpers for VM tests (sourced: `. /lib/skywire-vm.sh`). busybox sh.

# iproute2's ip (busybox-static runs its own applet for a bare `ip`, whatever PATH says).
IP=/sbin/ip

# log MESSAGE...: a line with the VM's uptime.
log() { echo "vm $(cut -d' ' -f1 /proc/uptime)s: $*"; }

# fail MESSAGE...: logs and ends the test with failure.
fail() { log "FAIL: $*"; exit 1; }

# hwsim N: loads mac80211_hwsim with N radios (phy0..phyN-1, wlan0..wlanN-1, and hwsim0, a
# monitor interface that sees every frame of every radio).
hwsim() {
    insmod /lib/modules/mac80211_hwsim.ko radios="$1" || fail "insmod mac80211_hwsim"
    i=0
    while [ "$(ls /sys/class/ieee80211 | wc -l)" -lt "$1" ]; do
        i=$((i + 1)); [ $i -lt 50 ] || fail "hwsim radios did not appear"; sleep 0.1
    done
}

# node NAME PHY: a network namespace NAME that owns radio PHY (e.g. phy0) and its interfaces.
node() {
    $IP netns add "$1" || fail "ip netns add $1"
    iw phy "$2" set netns name "$1" || fail "move $2 into $1"
    $IP netns exec "$1" $IP link set lo up
}

# on NAME COMMAND...: runs COMMAND inside node NAME.
on() { n=$1; shift; $IP netns exec "$n" "$@"; }

# wait_for_line FILE PATTERN [SECONDS]: waits until FILE has a line matching PATTERN.
wait_for_line() {
    i=0
    while ! grep -q "$2" "$1" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt $((${3:-10} * 10)) ] || fail "no '$2' in $1"; sleep 0.1
    done
}

# emit_pcap NAME FILE: prints FILE (gzip + base64) between markers; scripts/vm/run decodes it
# on the host and checks it with tshark.
emit_pcap() {
    echo "SKYWIRE-VM-PCAP-BEGIN $1"
    gzip -c "$2" | base64
    echo "SKYWIRE-VM-PCAP-END $1"
}
