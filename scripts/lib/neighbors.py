#!/usr/bin/env python3
"""Checks on `skywire neighbors --json` (read from stdin) for the lab scripts.

  neighbors.py sees ADDR...      exit 0 if every ADDR is up with an up link that has an RTT
  neighbors.py down ADDR         exit 0 if ADDR is absent or not up
  neighbors.py field ADDR NAME   print NAME of ADDR's first up link (else its first link)
  neighbors.py upcount           print how many neighbours are up
  neighbors.py rtts              print the RTT (ms) of every up link, one per line
"""
import json
import sys


def main():
    doc = json.load(sys.stdin)
    neighbors = {n["address"]: n for n in doc["neighbors"]}
    command = sys.argv[1]
    if command == "sees":
        for address in sys.argv[2:]:
            n = neighbors.get(address)
            ok = n is not None and n["up"] and any(
                l["state"] == "up" and l["rtt_ms"] is not None for l in n["links"])
            if not ok:
                sys.exit(1)
        return
    if command == "down":
        n = neighbors.get(sys.argv[2])
        sys.exit(0 if n is None or not n["up"] else 1)
    if command == "field":
        n = neighbors.get(sys.argv[2])
        if n is None or not n["links"]:
            sys.exit(1)
        links = [l for l in n["links"] if l["state"] == "up"] or n["links"]
        value = links[0][sys.argv[3]]
        print("null" if value is None else value)
        return
    if command == "upcount":
        print(sum(1 for n in neighbors.values() if n["up"]))
        return
    if command == "rtts":
        for n in neighbors.values():
            for l in n["links"]:
                if l["state"] == "up" and l["rtt_ms"] is not None:
                    print(l["rtt_ms"])
        return
    sys.exit("unknown command " + command)


if __name__ == "__main__":
    main()
