import Foundation
import SkywireCrypto
import SkywireNoise

/// Reads a vector file next to this source file (no bundles, no resources).
func loadVectorJSON(_ name: String, filePath: String = #filePath) throws -> [String: Any] {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        .appendingPathComponent("Vectors").appendingPathComponent(name)
    let data = try Data(contentsOf: url)
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw VectorFileError.malformed(name)
    }
    return object
}

enum VectorFileError: Error { case malformed(String), missing(String), badHex(String) }

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) throws -> String {
        guard let value = self[key] as? String else { throw VectorFileError.missing(key) }
        return value
    }

    func hex(_ key: String) throws -> [UInt8] {
        guard let bytes = Hex.decode(try string(key)) else { throw VectorFileError.badHex(key) }
        return bytes
    }
}

/// A private key from hex, for vectors and tests.
func privateKey(hex: String) throws -> PrivateKey {
    guard let bytes = Hex.decode(hex) else { throw VectorFileError.badHex(hex) }
    return try PrivateKey(bytes: bytes)
}

func bytes(_ key: SymmetricKey) -> [UInt8] { key.secret.exportedBytes() }

/// Runs a two-party handshake to completion, passing `payloads[i]` in message `i`; returns the
/// payloads each side read, in order.
@discardableResult
func runHandshake(
    initiator: HandshakeState, responder: HandshakeState, payloads: [[UInt8]]
) throws -> [[UInt8]] {
    var received: [[UInt8]] = []
    for (index, payload) in payloads.enumerated() {
        let (writer, reader) = index % 2 == 0 ? (initiator, responder) : (responder, initiator)
        let message = try writer.writeMessage(payload: payload)
        received.append(try reader.readMessage(message))
    }
    return received
}
