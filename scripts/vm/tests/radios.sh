# VM test: nl80211 and the monitor-mode frame path on three mac80211_hwsim radios.
#
#   node a (netns) owns phy0: wlan0 joins IBSS "skywire-vm" on 2412 MHz, mon0 injects frames
#   node b (netns) owns phy1: wlan1 joins the same IBSS, mon1 receives with skywire's BPF filter
#   the root namespace keeps phy2: mon2 on 2412 MHz captures everything for tshark on the host
#
# Every nl80211 call goes through skywire (Nl80211Client), not iw; iw only moves phys between
# namespaces. Run: scripts/vm/run scripts/vm/tests/radios.sh
. /lib/skywire-vm.sh

hwsim 3
skywire radios --json > /tmp/radios.json || fail "skywire radios --json"
phys=$(grep -o '"index":[0-9]*,"name":"phy[0-9]*"' /tmp/radios.json | wc -l)
log "skywire radios --json lists $phys phys ($(wc -c < /tmp/radios.json) bytes of JSON)"
[ "$phys" = 3 ] || fail "expected 3 phys"
skywire radios | head -n 4

node a phy0
node b phy1

# Capture first, so it sees the IBSS beacons too.
skywire radios add-monitor 2 mon2 || fail "create mon2"
skywire radios link wlan2 down
skywire radios link mon2 up || fail "mon2 up"
skywire radios set-freq mon2 2412 || fail "tune mon2"
tcpdump -i mon2 -w /tmp/air.pcap -U -Z root > /tmp/tcpdump.log 2>&1 &
capture=$!

for n in a b; do
    if [ $n = a ]; then wlan=wlan0; phy=0; mon=mon0; else wlan=wlan1; phy=1; mon=mon1; fi
    on $n skywire radios set-type $wlan ibss || fail "$n: set $wlan type ibss"
    on $n skywire radios link $wlan up || fail "$n: $wlan up"
    on $n skywire radios join-ibss $wlan skywire-vm 2412 --bssid 02:5b:00:00:00:01 || fail "$n: join IBSS"
    on $n skywire radios add-monitor $phy $mon || fail "$n: create $mon"
    on $n skywire radios link $mon up || fail "$n: $mon up"
done
log "IBSS joined on both nodes; monitors up"

# 200 datagrams of 1800 bytes: two fragments each (1466 + 334).
on b skywire radios receive mon1 --count 200 --timeout-ms 60000 > /tmp/rx.txt 2>&1 &
receiver=$!
wait_for_line /tmp/rx.txt ready 20
on a skywire radios send mon0 --count 200 --size 1800 --interval-ms 5 > /tmp/tx.txt 2>&1 || { cat /tmp/tx.txt; fail "send"; }
wait $receiver
rx_rc=$?
cat /tmp/tx.txt /tmp/rx.txt
[ $rx_rc = 0 ] || fail "receiver did not get 200 intact datagrams"

# Frames from b's own address must not reach b's receiver: send from b and listen on b.
on b skywire radios receive mon1 --count 1 --timeout-ms 3000 --expect 0 > /tmp/self.txt 2>&1 &
self=$!
sleep 0.5
on b skywire radios send mon1 --count 20 --size 100 > /dev/null 2>&1 || fail "send from b"
wait $self
grep -q 'datagrams=0 ' /tmp/self.txt || { cat /tmp/self.txt; fail "own frames were received"; }
log "own frames filtered: $(cat /tmp/self.txt | tail -n 1)"

# A scan through nl80211's "scan" multicast group finds the IBSS.
on a skywire radios scan wlan0 --freq 2412 > /tmp/scan.txt || fail "scan"
cat /tmp/scan.txt
grep -q 'ibss ssid "skywire-vm"' /tmp/scan.txt || fail "scan did not find the IBSS"

sleep 1
kill $capture; wait $capture 2>/dev/null
skywire radios --json > /dev/null
on a skywire radios
on a skywire radios --json | grep -q '"type":"ibss"' || fail "a: wlan0 not ibss"
on a skywire radios --json | grep -q '"ssid":"skywire-vm"' || fail "a: ssid not reported"

# Decoded by tcpdump inside the VM (for the log); tshark checks the same capture on the host.
tcpdump -r /tmp/air.pcap -e -v 'wlan addr3 02:53:4b:59:57:01' 2>/dev/null | head -n 2
tcpdump -r /tmp/air.pcap -e -v > /tmp/air.txt 2>/dev/null
frames=$(grep -c '^[0-9][0-9]:[0-9][0-9]:' /tmp/air.txt)
ours=$(grep '^[0-9][0-9]:[0-9][0-9]:' /tmp/air.txt | grep -c 'BSSID:02:53:4b:59:57:01')
truncated=$(grep -c '\[|' /tmp/air.txt || true)
log "capture: $frames frames, $ours skywire, $truncated truncated/malformed per tcpdump"
[ "$ours" -ge 400 ] || fail "capture has $ours skywire frames, expected at least 400"
[ "$truncated" = 0 ] || fail "tcpdump reports truncated frames"
emit_pcap air /tmp/air.pcap

# The same two radios as an 802.11s mesh with forwarding off: leave the IBSS, change type,
# join, and see the peer in the station dump once the mesh peering is established.
for n in a b; do
    if [ $n = a ]; then wlan=wlan0; else wlan=wlan1; fi
    on $n skywire radios leave-ibss $wlan || fail "$n: leave IBSS"
    on $n skywire radios link $wlan down
    on $n skywire radios set-type $wlan mesh || fail "$n: set type mesh"
    on $n skywire radios link $wlan up
    on $n skywire radios join-mesh $wlan skywire-mesh 2412 || fail "$n: join mesh"
done
i=0
until on a skywire radios --json | grep -q '"stations":\[{"mac":"02:00:00:00:01:00"'; do
    i=$((i + 1)); [ $i -lt 20 ] || fail "mesh peer not heard"; sleep 0.5
done
on a skywire radios | grep -A 1 '^wlan0'
on a skywire radios leave-mesh wlan0 || fail "leave mesh"
log "mesh joined, peer heard, left"
log "radios test done"
