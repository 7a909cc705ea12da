import Testing
@testable import SkywireCrypto

@Suite struct PlaceholderSmoke { @Test func builds() { #expect(SHA256.hash([]).count == 32) } }
