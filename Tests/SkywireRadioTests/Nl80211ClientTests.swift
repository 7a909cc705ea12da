import Testing
@testable import SkywireRadio

@Suite struct Nl80211ClientTests {
    /// On a kernel without cfg80211 (this project's build host) opening fails with exactly the
    /// typed error; where nl80211 exists, listing works.
    @Test func opensOrSaysNl80211IsMissing() throws {
        let opened = Result { () throws(RadioError) -> Nl80211Client in try Nl80211Client() }
        switch opened {
        case .success(let client):
            let inventory = try RadioInventory.collect(client)
            #expect(inventory.phys.allSatisfy { !$0.name.isEmpty })
        case .failure(let error):
            #expect(error == .nl80211Unavailable)
            #expect(error.description == "no nl80211 in this kernel (no wifi driver / cfg80211 not loaded)")
        }
    }

    @Test func interfaceTypeNames() {
        for v in UInt32(0)...13 {
            let t = InterfaceType(kernelValue: v)
            #expect(t.kernelValue == v)
        }
        #expect(InterfaceType(name: "mesh") == .meshPoint)
        #expect(InterfaceType(name: "IBSS") == .ibss)
        #expect(InterfaceType(name: "bogus") == nil)
        #expect(InterfaceType(kernelValue: 99).name == "type-99")
    }
}
