/// The three kinds of secp256k1 key in a skywire mesh.
///
/// The kinds share one curve and one encoding; they differ in role, in the prefix of their text
/// form, and in where their key files live by default:
///
/// | kind      | role                                           | text prefix | key file             |
/// |-----------|------------------------------------------------|-------------|----------------------|
/// | `node`    | a node's address on the mesh; links and routes | `skn`       | `/var/lib/skywire/node.key` |
/// | `service` | the key an application listens on              | `sks`       | `/var/lib/skywire/service.key` |
/// | `user`    | owned by a person; authorises them             | `sku`       | `~/.config/skywire/user.key` |
public enum KeyKind: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case node
    case service
    case user

    /// The bech32m human-readable prefix of this kind's text form.
    public var textPrefix: String {
        switch self {
        case .node: "skn"
        case .service: "sks"
        case .user: "sku"
        }
    }

    /// The kind whose text prefix is `prefix` (lower case), if any.
    public init?(textPrefix prefix: String) {
        guard let kind = KeyKind.allCases.first(where: { $0.textPrefix == prefix }) else { return nil }
        self = kind
    }

    /// The kind's name as written in key files and on the command line (`node`, `service`, `user`).
    public var name: String { rawValue }

    public var description: String { rawValue }
}
