/// Finishes a partial transport checksum (VIRTIO_NET_HDR_F_NEEDS_CSUM), as the kernel's
/// `skb_checksum_help` does: the field at `start + offset` holds the folded pseudo-header sum;
/// the ones' complement sum from `start` to the end, inverted, replaces it (0 becomes 0xFFFF).
public enum ChecksumCompletion {
    /// Completes the checksum of `packet` in place. Sans-IO and total.
    public static func complete(
        _ packet: UnsafeMutableRawBufferPointer, start: Int, offset: Int
    ) throws(OffloadError) {
        let field = start + offset
        guard start >= 0, offset >= 0, field + 2 <= packet.count, start % 2 == 0, offset % 2 == 0 else {
            throw .invalidChecksumPosition(start: start, offset: offset, length: packet.count)
        }
        let sum = InternetChecksum.of(UnsafeRawBufferPointer(rebasing: packet[start...]))
        packet.storeBytes(of: (sum == 0 ? 0xFFFF : sum).bigEndian, toByteOffset: field, as: UInt16.self)
    }
}
