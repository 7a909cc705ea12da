/// The nftables scripts SkywireTun installs, as text (sans-IO; fed to `nft -f -`).
///
/// Each script is one atomic transaction. It starts with `table inet NAME {}` followed by
/// `delete table inet NAME`, which removes any previous copy of the table (and succeeds when
/// there is none), so applying a script twice leaves exactly one copy: setup is idempotent and
/// replaces the rules in one step. Only the named table is touched.
enum NftablesRuleset {
    /// True for a table name nft accepts unquoted: a letter, then letters, digits or `_`; ≤ 32.
    static func isValidTableName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 32, isLetter(first) else { return false }
        return bytes.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "_") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Removes the table if present (idempotent).
    static func removal(table: String) -> String {
        "table inet \(table) {}\ndelete table inet \(table)\n"
    }

    /// The gateway: forward between the mesh TUN and the uplink (new connections only from the
    /// mesh side), and masquerade mesh clients' sources behind the uplink's address.
    static func gateway(table: String, mesh: String, uplink: String, clientPrefixes: [IPPrefix]) -> String {
        var text = removal(table: table)
        text += "table inet \(table) {\n"
        text += "\tchain forward {\n"
        text += "\t\ttype filter hook forward priority filter; policy accept;\n"
        text += "\t\tiifname \"\(mesh)\" oifname \"\(uplink)\" accept\n"
        text += "\t\tiifname \"\(uplink)\" oifname \"\(mesh)\" ct state established,related accept\n"
        text += "\t\tiifname \"\(uplink)\" oifname \"\(mesh)\" drop\n"
        text += "\t}\n"
        text += "\tchain postrouting {\n"
        text += "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
        for prefix in clientPrefixes {
            text += "\t\t\(family(prefix)) saddr \(prefix.network) oifname \"\(uplink)\" masquerade\n"
        }
        text += "\t}\n}\n"
        return text
    }

    /// The hotspot: the LAN may forward only to and from the mesh TUN (so nothing from it leaves
    /// through any other interface, whatever the routing says), and LAN sources are masqueraded
    /// behind the TUN's address.
    static func hotspot(table: String, lan: String, mesh: String, lanPrefixes: [IPPrefix]) -> String {
        var text = removal(table: table)
        text += "table inet \(table) {\n"
        text += "\tchain forward {\n"
        text += "\t\ttype filter hook forward priority filter; policy accept;\n"
        text += "\t\tiifname \"\(lan)\" oifname != \"\(mesh)\" drop\n"
        text += "\t\toifname \"\(lan)\" iifname != \"\(mesh)\" drop\n"
        text += "\t}\n"
        text += "\tchain postrouting {\n"
        text += "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
        for prefix in lanPrefixes {
            text += "\t\t\(family(prefix)) saddr \(prefix.network) oifname \"\(mesh)\" masquerade\n"
        }
        text += "\t}\n}\n"
        return text
    }

    private static func family(_ prefix: IPPrefix) -> String { prefix.address.isIPv4 ? "ip" : "ip6" }
}
