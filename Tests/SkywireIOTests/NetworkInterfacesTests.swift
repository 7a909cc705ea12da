import Glibc
import Testing
import SkywireIO

@Suite struct NetworkInterfacesTests {
    @Test func listsLoopback() throws {
        let interfaces = try NetworkInterfaces.list()
        let loopback = try #require(interfaces.first { $0.name == "lo" })
        #expect(loopback.index == if_nametoindex("lo"))
        #expect(loopback.flags.contains([.up, .loopback, .running]))
        let v4 = try #require(loopback.ipv4Addresses.first { $0.address == .loopback })
        #expect(v4.prefixLength == 8)
        #expect(interfaces.allSatisfy { $0.flags.contains(.up) })
        // ::1 exists unless IPv6 is disabled on this host.
        if let v6 = loopback.ipv6Addresses.first {
            #expect(v6.address == .loopback && v6.prefixLength == 128 && !v6.isLinkLocal)
        }
        let all = try NetworkInterfaces.list(includeDown: true)
        #expect(all.count >= interfaces.count)
    }
}
