#!/usr/bin/env bash
# Real wifi stack: boots Debian's kernel under QEMU with mac80211_hwsim radios and runs every
# test in scripts/vm/tests/ (nl80211 through our client, monitor-mode frames, tshark decode).
# Uses the release binary the lab builds (.build/release/skywire).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps vm
swift build -c release --product skywire >/dev/null
SKYWIRE_BIN=$PWD/.build/release/skywire scripts/vm/run scripts/vm/tests/*.sh
