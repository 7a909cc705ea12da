import SkywireCrypto
import SkywireIO

/// The stable IPv6 address of a mesh node, derived from its node key alone (docs/protocol.md §10).
///
/// All mesh addresses lie in one ULA /48 (RFC 4193): `fd` ‖ a 40-bit global ID fixed once for
/// skywire as the first 5 bytes of SHA-256("skywire mesh") = `6d52e5bcc9`, so the prefix is
/// `fd6d:52e5:bcc9::/48`. A node's address is that prefix followed by the first 80 bits of
/// SHA-256("skywire mesh address" ‖ the 33-byte compressed node key). The address does not
/// change when the node's IPs, radios or networks do.
///
/// It is a hash, so it names a key only through a table of known keys (``MeshAddressTable``).
/// With n nodes the chance that any two share an address is about n²/2⁸¹ (4·10⁻¹³ for a
/// million nodes); making a key that hits a given address takes about 2⁸⁰ tries.
public enum MeshAddress {
    /// The 40-bit global ID: SHA-256("skywire mesh")[0..<5].
    public static let globalID: [UInt8] = [0x6d, 0x52, 0xe5, 0xbc, 0xc9]
    /// The ULA prefix every mesh address starts with.
    public static let prefix = IPv6Address(high: 0xfd6d_52e5_bcc9_0000, low: 0)
    /// The prefix length of the mesh (/48).
    public static let prefixLength = 48
    /// `fd6d:52e5:bcc9::/48` as a prefix value (for routes and interface addresses).
    public static let meshPrefix = IPPrefix(.v6(prefix), length: prefixLength)!
    /// The hash's domain string, prepended to the key.
    public static let hashDomain = Array("skywire mesh address".utf8)

    /// The node's address as 16 network-order bytes.
    public static func bytes(for key: PublicKey) -> [UInt8] {
        var hash = SHA256()
        hash.update(hashDomain)
        hash.update(key.compressed)
        let digest = hash.finalize()
        return [0xfd] + globalID + digest[0..<10]
    }

    /// The node's address.
    public static func address(for key: PublicKey) -> IPv6Address {
        let raw = bytes(for: key)
        return raw.withUnsafeBytes { bytes in
            IPv6Address(
                high: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }

    /// The node's address in RFC 5952 text (`fd6d:52e5:bcc9:…`).
    public static func text(for key: PublicKey) -> String { address(for: key).description }

    /// True when `address` is inside the mesh prefix.
    public static func contains(_ address: IPv6Address) -> Bool {
        address.high >> 16 == prefix.high >> 16
    }

    /// The address to put on a node's TUN: its own address with the mesh's /48, so that the
    /// whole mesh prefix is routed into the TUN by the kernel's connected route.
    public static func interfacePrefix(for key: PublicKey) -> IPPrefix {
        IPPrefix(.v6(address(for: key)), length: prefixLength)!
    }
}
