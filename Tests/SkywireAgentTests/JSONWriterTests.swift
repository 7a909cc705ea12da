import SkywireJSON
import SkywireAgent
import Testing

@Suite struct JSONWriterTests {
    @Test func scalars() {
        #expect(JSONValue.null.render() == "null")
        #expect(JSONValue.bool(true).render() == "true")
        #expect(JSONValue.bool(false).render() == "false")
        #expect(JSONValue.int(-42).render() == "-42")
        #expect(JSONValue.int(.min).render() == "-9223372036854775808")
        #expect(JSONValue.uint(.max).render() == "18446744073709551615")
        #expect(JSONValue.decimal(0.2134, digits: 3).render() == "0.213")
        #expect(JSONValue.decimal(1.0005, digits: 3).render() == "1.001")
        #expect(JSONValue.decimal(-2.5, digits: 0).render() == "-3")
        #expect(JSONValue.decimal(-0.0001, digits: 2).render() == "0.00")
        #expect(JSONValue.decimal(12, digits: 2).render() == "12.00")
        #expect(JSONValue.decimal(.nan, digits: 2).render() == "null")
        #expect(JSONValue.decimal(.infinity, digits: 2).render() == "null")
    }

    @Test func stringEscaping() {
        #expect(JSONValue.string("plain").render() == "\"plain\"")
        #expect(JSONValue.string("a\"b\\c/d").render() == #""a\"b\\c/d""#)
        #expect(JSONValue.string("\n\r\t\u{08}\u{0C}").render() == #""\n\r\t\b\f""#)
        #expect(JSONValue.string("\u{0}\u{1}\u{1F}\u{7F}").render() == #""\u0000\u0001\u001f\u007f""#)
        #expect(JSONValue.string("\u{2028}\u{2029}").render() == #""\u2028\u2029""#)
        #expect(JSONValue.string("é😀").render() == "\"é😀\"")
        #expect(JSONValue.string("").render() == "\"\"")
    }

    @Test func arraysAndObjectsKeepOrder() {
        let value = JSONValue.object([
            ("b", .int(1)),
            ("a", .array([.null, .bool(true), .string("x"), .array([]), .object([])])),
            ("key\"with\nescapes", .uint(7)),
        ])
        #expect(value.render() == #"{"b":1,"a":[null,true,"x",[],{}],"key\"with\nescapes":7}"#)
    }

    @Test func fixedFormatting() {
        #expect(AgentText.fixed(0, digits: 0) == "0")
        #expect(AgentText.fixed(0.5, digits: 0) == "1")
        #expect(AgentText.fixed(123.456, digits: 1) == "123.5")
        #expect(AgentText.fixed(0.001, digits: 3) == "0.001")
        #expect(AgentText.fixed(0.0001, digits: 9) == "0.000100000")
        #expect(AgentText.duration(nanoseconds: 850_000_000) == "850ms")
        #expect(AgentText.duration(nanoseconds: 3_250_000_000) == "3.3s")
        #expect(AgentText.duration(nanoseconds: 252_000_000_000) == "4m12s")
        #expect(AgentText.duration(nanoseconds: 7_500_000_000_000) == "2h05m")
        #expect(AgentText.rate(bytesPerSecond: 12_345) == "12.3 kB/s")
        #expect(AgentText.percent(0.125) == "12.5%")
    }
}
