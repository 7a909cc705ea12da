public import SkywireCrypto

/// A private key of a known kind: what a key file holds.
public struct Identity: Sendable {
    public let kind: KeyKind
    /// The secret scalar lives in wiped memory (``SecretBytes``) inside the key.
    public let privateKey: PrivateKey

    public init(kind: KeyKind, privateKey: PrivateKey) {
        self.kind = kind
        self.privateKey = privateKey
    }

    /// A fresh random key of `kind`.
    public static func generate(kind: KeyKind) -> Identity {
        Identity(kind: kind, privateKey: .generate())
    }

    public var publicKey: PublicKey { privateKey.publicKey }

    /// The public key with its kind; `address.text` is the text form.
    public var address: KeyAddress { KeyAddress(kind: kind, publicKey: privateKey.publicKey) }
}
