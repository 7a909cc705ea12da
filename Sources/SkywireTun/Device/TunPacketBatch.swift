import SkywireIO

/// Preallocated packet buffers filled from a ``TunDevice`` in one loop of reads until EAGAIN.
///
/// Without a virtio header each read lands directly in the next slot. With one (offloads), each
/// read lands in a 64 KiB scratch buffer: an ordinary packet is copied into a slot (its partial
/// checksum completed), a TCP super-packet is cut into segments, one per slot. When the slots
/// run out in the middle of a super-packet, the rest stays pending and comes first in the next
/// ``read(from:)``, so nothing is lost. Packets that cannot be made valid are dropped and counted
/// in ``malformedDropped``. No allocation after init.
public final class TunPacketBatch {
    /// How many packets one ``read(from:)`` holds at most.
    public let capacity: Int
    /// The largest packet a slot holds (the device MTU, or 65535 without offloads).
    public let slotSize: Int
    /// Packets stored by the last ``read(from:)``.
    public private(set) var count = 0
    /// Packets dropped because they could not be parsed or segmented (cumulative).
    public private(set) var malformedDropped: UInt64 = 0
    /// Super-packets received and segmented (cumulative).
    public private(set) var superPacketsSegmented: UInt64 = 0

    private let slots: UnsafeMutableRawPointer
    private var lengths: [Int]
    private let scratch: UnsafeMutableRawBufferPointer
    private var scratchLength = 0
    private var pending: TCPSegmentation?
    private var pendingNext = 0

    /// Allocates `capacity` slots of `slotSize` bytes (plus a 64 KiB scratch buffer).
    /// `slotSize` must be at least the device's MTU.
    public init(capacity: Int = 64, slotSize: Int = TunDevice.maximumPacketSize) {
        self.capacity = max(1, capacity)
        self.slotSize = max(68, min(slotSize, TunDevice.maximumPacketSize))
        slots = UnsafeMutableRawPointer.allocate(byteCount: self.capacity * self.slotSize, alignment: 16)
        lengths = [Int](repeating: 0, count: self.capacity)
        // A GSO super-packet is below 64 KiB with its headers (the TUN's gso_max_size); the
        // margin keeps a read from ever being cut short.
        scratch = UnsafeMutableRawBufferPointer.allocate(
            byteCount: VirtioNetHeader.byteCount + 65_536 + 512, alignment: 16)
    }

    deinit {
        slots.deallocate()
        scratch.deallocate()
    }

    /// True when part of a super-packet is waiting for free slots.
    public var hasPending: Bool { pending != nil }

    /// Packet `index` (0 ..< count) of the last read, as a view valid until the next read.
    public func packet(at index: Int) -> UnsafeRawBufferPointer {
        precondition(index >= 0 && index < count, "packet index out of range")
        return UnsafeRawBufferPointer(start: slots + index * slotSize, count: lengths[index])
    }

    /// Packet `index` as a mutable view (for in-place work by the caller).
    public func mutablePacket(at index: Int) -> UnsafeMutableRawBufferPointer {
        precondition(index >= 0 && index < count, "packet index out of range")
        return UnsafeMutableRawBufferPointer(start: slots + index * slotSize, count: lengths[index])
    }

    /// Reads packets until the device has none left or the slots are full; returns how many
    /// are stored (also ``count``).
    @discardableResult
    public func read(from device: TunDevice) throws(TunError) -> Int {
        count = 0
        drainPending()
        while count < capacity {
            if device.hasVirtioHeader {
                guard let length = try device.readPacket(into: scratch) else { break }
                scratchLength = length
                acceptOffloaded()
                drainPending()
            } else {
                let slot = UnsafeMutableRawBufferPointer(start: slots + count * slotSize, count: slotSize)
                guard let length = try device.readPacket(into: slot) else { break }
                lengths[count] = length
                count += 1
            }
        }
        return count
    }

    private var nextSlot: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: slots + count * slotSize, count: slotSize)
    }

    /// Handles the packet in `scratch`: copy (completing its checksum) or plan its segmentation.
    private func acceptOffloaded() {
        let raw = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<scratchLength])
        guard let header = VirtioNetHeader(decoding: UnsafeRawBufferPointer(raw)) else {
            malformedDropped += 1
            return
        }
        let packet = UnsafeMutableRawBufferPointer(rebasing: raw[VirtioNetHeader.byteCount...])
        guard let type = header.segmentationType else {
            malformedDropped += 1
            return
        }
        switch type {
        case .none:
            guard packet.count <= slotSize, packet.count > 0 else {
                malformedDropped += 1
                return
            }
            if header.needsChecksum {
                do throws(OffloadError) {
                    try ChecksumCompletion.complete(
                        packet, start: Int(header.checksumStart), offset: Int(header.checksumOffset))
                } catch {
                    malformedDropped += 1
                    return
                }
            }
            nextSlot.baseAddress!.copyMemory(from: packet.baseAddress!, byteCount: packet.count)
            lengths[count] = packet.count
            count += 1
        case .tcpv4, .tcpv6, .udp, .udpL4:
            do throws(OffloadError) {
                let plan = try TCPSegmentation(header: header, packet: UnsafeRawBufferPointer(packet))
                guard plan.maximumSegmentLength <= slotSize else {
                    throw .segmentTooLarge(needed: plan.maximumSegmentLength, capacity: slotSize)
                }
                pending = plan
                pendingNext = 0
                superPacketsSegmented += 1
            } catch {
                malformedDropped += 1
            }
        }
    }

    /// Writes pending segments into free slots.
    private func drainPending() {
        guard let plan = pending else { return }
        let packet = UnsafeRawBufferPointer(
            rebasing: scratch[VirtioNetHeader.byteCount..<scratchLength])
        while pendingNext < plan.segmentCount, count < capacity {
            do throws(OffloadError) {
                lengths[count] = try plan.writeSegment(pendingNext, of: packet, into: nextSlot)
                count += 1
            } catch {
                malformedDropped += 1
            }
            pendingNext += 1
        }
        if pendingNext == plan.segmentCount { pending = nil }
    }
}
