import Glibc

/// The Linux constants SkywireTun writes by hand: Swift's Glibc module does not import
/// `<linux/if_tun.h>`, `<linux/virtio_net.h>` or the rtnetlink headers. Every value here is checked
/// against the kernel headers at compile time by `_Static_assert`s in
/// `Sources/CSkywireLinux/tun_netlink.c`.
enum LinuxTunABI {
    // MARK: <linux/if_tun.h>
    static let tunSetInterface: UInt = 0x4004_54ca       // TUNSETIFF
    static let tunSetOffload: UInt = 0x4004_54d0         // TUNSETOFFLOAD
    static let flagTun: Int16 = 0x0001                   // IFF_TUN
    static let flagNoPacketInfo: Int16 = 0x1000          // IFF_NO_PI
    static let flagVnetHeader: Int16 = 0x4000            // IFF_VNET_HDR
    static let offloadChecksum: UInt32 = 0x01            // TUN_F_CSUM
    static let offloadTSO4: UInt32 = 0x02                // TUN_F_TSO4
    static let offloadTSO6: UInt32 = 0x04                // TUN_F_TSO6
    static let offloadTSOECN: UInt32 = 0x08              // TUN_F_TSO_ECN
    static let interfaceNameSize = 16                    // IFNAMSIZ
    /// `struct ifreq`: the name at 0, the union (flags, mtu) at 16; 40 bytes in all.
    static let ifreqUnionOffset = 16

    // MARK: <linux/netlink.h>
    static let netlinkRoute: Int32 = 0                   // NETLINK_ROUTE
    static let solNetlink: Int32 = 270                   // SOL_NETLINK
    static let netlinkExtendedAck: Int32 = 11            // NETLINK_EXT_ACK
    static let sockaddrNetlinkSize = 12                  // struct sockaddr_nl
}
