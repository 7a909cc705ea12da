/// Bytes of an SSID or mesh ID as text (lossy UTF-8; they are usually ASCII).
func networkName(_ bytes: [UInt8]?) -> String? {
    bytes.map { String(decoding: $0, as: UTF8.self) }
}
