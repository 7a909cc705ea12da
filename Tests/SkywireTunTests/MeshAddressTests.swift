import Foundation
import Testing
import SkywireCrypto
import SkywireIO
@testable import SkywireTun

@Suite struct MeshAddressTests {
    static func vectors() throws -> [(key: PublicKey, address: String)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Vectors/mesh-address.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").compactMap { line in
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let fields = content.split(separator: " ")
            guard fields.count == 2 else { return nil }
            return (try PublicKey(compressed: Hex.decode(fields[0])!), String(fields[1]))
        }
    }

    @Test func vectorsFromTheDataFile() throws {
        let vectors = try Self.vectors()
        #expect(vectors.count == 6)
        for (key, address) in vectors {
            #expect(MeshAddress.text(for: key) == address)
            #expect(MeshAddress.address(for: key) == (try IPv6Address(parsing: address)))
            #expect(MeshAddress.contains(MeshAddress.address(for: key)))
        }
        // The first three are the keys of secrets 1, 2, 3.
        for (index, vector) in vectors.prefix(3).enumerated() {
            let secret = [UInt8](repeating: 0, count: 31) + [UInt8(index + 1)]
            #expect(try PrivateKey(bytes: secret).publicKey == vector.key)
        }
    }

    @Test func prefixConstants() {
        #expect(MeshAddress.globalID == Array(SHA256.hash(Array("skywire mesh".utf8)).prefix(5)))
        #expect(MeshAddress.prefix.description == "fd6d:52e5:bcc9::")
        #expect(MeshAddress.meshPrefix.description == "fd6d:52e5:bcc9::/48")
        #expect(!MeshAddress.contains(try! IPv6Address(parsing: "fd6d:52e5:bcca::1")))
        let key = PrivateKey.generate().publicKey
        #expect(MeshAddress.bytes(for: key).count == 16)
        #expect(MeshAddress.interfacePrefix(for: key).length == 48)
    }

    @Test func tableResolvesAndRefusesCollisions() throws {
        var table = MeshAddressTable()
        let a = PrivateKey.generate().publicKey
        let b = PrivateKey.generate().publicKey
        #expect(table.insert(a) == .added)
        #expect(table.insert(a) == .alreadyKnown)
        #expect(table.insert(b) == .added)
        #expect(table.resolve(MeshAddress.address(for: a)) == .node(a))
        #expect(table.resolve(MeshAddress.address(for: b)) == .node(b))
        #expect(table.resolve(try IPv6Address(parsing: "fd6d:52e5:bcc9::1")) == .unknown)
        table.remove(a)
        #expect(table.resolve(MeshAddress.address(for: a)) == .unknown)
        #expect(table.count == 1)
    }
}

@Suite struct MeshAddressCollisionTests {
    @Test func collidingKeysMakeTheAddressAmbiguous() {
        // Every key maps to one address: a forced collision.
        let shared = MeshAddress.prefix
        var table = MeshAddressTable(addressOf: { _ in shared })
        let a = PrivateKey.generate().publicKey
        let b = PrivateKey.generate().publicKey
        #expect(table.insert(a) == .added)
        #expect(table.insert(b) == .collision(with: [a]))
        #expect(table.resolve(shared) == .ambiguous([a, b].sorted()))
        table.remove(a)
        #expect(table.resolve(shared) == .node(b))
    }
}
