import Testing
@testable import SkywireRadio

@Suite struct NetlinkWireTests {
    @Test func splitsMessagesAndDecodesAttributes() throws {
        let a = NL.message([NL.u32(1, 7), NL.string(2, "phy7"), NL.nest(32, [NL.flag(1), NL.flag(6)])])
        let b = NL.message(type: 3, command: nil, [NL.native(Int32(0))])
        let messages = try NetlinkWire.messages(in: a + b)
        #expect(messages.count == 2)
        #expect(messages[0].genericCommand == 1)
        let attrs = try messages[0].genericAttributes()
        #expect(try attrs.u32(1) == 7)
        #expect(attrs.string(2) == "phy7")
        #expect(try attrs.nested(32)?.all.map(\.type) == [1, 6])  // NESTED flag bit masked off
        #expect(messages[1].type == NetlinkWire.typeDone)
    }

    @Test func everyTruncationIsAnError() throws {
        let full = NL.message([NL.u32(1, 7), NL.string(2, "phy7")])
        for cut in 1..<full.count {
            var bytes = Array(full.prefix(cut))
            // Keep the header's length honest so the attribute decoder, not the message
            // splitter, sees the truncation once the header is whole.
            if cut >= 16 { bytes.replaceSubrange(0..<4, with: NL.native(UInt32(cut))) }
            var failed = false
            do {
                for m in try NetlinkWire.messages(in: bytes) { _ = try m.genericAttributes() }
            } catch {
                failed = true
            }
            // Cutting between attributes, or only the last one's padding, leaves a valid list.
            let boundary = [20, 28, 37, 38, 39].contains(cut)
            #expect(failed != boundary, "cut at \(cut)")
        }
    }

    @Test func attributeLengthPastEndIsAnError() {
        var attr = NL.u32(1, 7)
        attr.replaceSubrange(0..<2, with: NL.native(UInt16(40)))
        #expect(throws: RadioError.self) { try NetlinkAttributes(attr[...]) }
        #expect(throws: RadioError.self) { try NetlinkAttributes([2, 0, 1, 0][...]) }  // length below 4
    }

    @Test func wrongSizedIntegerIsAnError() throws {
        let attrs = try NetlinkAttributes(NL.u16(1, 5)[...])
        #expect(throws: RadioError.self) { try attrs.u32(1) }
        #expect(try attrs.u16(1) == 5)
        #expect(try attrs.u32(9) == nil)
    }

    @Test func acknowledgementWithExtendedAckText() throws {
        // error -16 (EBUSY), the capped request header, then NLMSGERR_ATTR_MSG.
        let payload = NL.native(Int32(-16)) + [UInt8](repeating: 0, count: 16) + NL.string(1, "device busy")
        let bytes = NL.native(UInt32(16 + payload.count)) + NL.native(UInt16(2)) + NL.native(UInt16(0x300))
            + NL.native(UInt32(7)) + NL.native(UInt32(0)) + payload
        let m = try NetlinkWire.messages(in: bytes)[0]
        let ack = try NetlinkWire.acknowledgement(m)
        #expect(ack.error == -16)
        #expect(ack.text == "device busy")
    }

    @Test func kernelErrnosMapToTypedErrors() {
        #expect(RadioError.fromKernel(errno: 19, operation: "x") == .noSuchDevice(operation: "x"))
        #expect(RadioError.fromKernel(errno: 2, operation: "x") == .noSuchDevice(operation: "x"))
        #expect(RadioError.fromKernel(errno: 16, operation: "x") == .busy(operation: "x"))
        #expect(RadioError.fromKernel(errno: 95, operation: "x") == .notSupported(operation: "x"))
        #expect(RadioError.fromKernel(errno: 1, operation: "x") == .permissionDenied(operation: "x"))
        #expect(RadioError.busy(operation: "join IBSS on interface 3").description == "join IBSS on interface 3: interface busy")
        #expect(RadioError.notSupported(operation: "y").description == "y: not supported by this driver")
        #expect(RadioError.permissionDenied(operation: "z").description.contains("CAP_NET_ADMIN"))
    }

    @Test func interfaceFlagsHeader() {
        let h = InterfaceLink.flagsHeader(ifindex: 5, up: true)
        #expect(h.count == 16)
        #expect(Array(h[4..<8]) == NL.native(UInt32(5)))
        #expect(Array(h[8..<12]) == NL.native(UInt32(1)))
        #expect(Array(h[12..<16]) == NL.native(UInt32(1)))
        #expect(Array(InterfaceLink.flagsHeader(ifindex: 5, up: false)[8..<12]) == NL.native(UInt32(0)))
    }
}
