// Compile-time checks for the constants and layouts SkywireTun writes by hand in Swift
// (Sources/SkywireTun/LinuxTunABI.swift): the TUN ioctls and flags, the virtio-net header, and
// the rtnetlink messages. SkywireTun does not import this target; a mismatch fails the build here.
#ifndef _GNU_SOURCE
#error "CSkywireLinux must be compiled with _GNU_SOURCE (Package.swift cSettings)"
#endif
#include <stddef.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/fib_rules.h>

// MARK: TUN (<linux/if_tun.h>)
_Static_assert(TUNSETIFF == 0x400454caUL, "TUNSETIFF");
_Static_assert(TUNSETOFFLOAD == 0x400454d0UL, "TUNSETOFFLOAD");
_Static_assert(TUNSETVNETHDRSZ == 0x400454d8UL, "TUNSETVNETHDRSZ");
_Static_assert(TUNGETIFF == 0x800454d2UL, "TUNGETIFF");
_Static_assert(IFF_TUN == 0x0001 && IFF_NO_PI == 0x1000 && IFF_VNET_HDR == 0x4000, "TUN flags");
_Static_assert(TUN_F_CSUM == 0x01 && TUN_F_TSO4 == 0x02 && TUN_F_TSO6 == 0x04 && TUN_F_TSO_ECN == 0x08, "offloads");
_Static_assert(sizeof(struct ifreq) == 40 && offsetof(struct ifreq, ifr_flags) == 16, "ifreq layout");
_Static_assert(offsetof(struct ifreq, ifr_mtu) == 16 && IFNAMSIZ == 16, "ifreq layout");

// MARK: virtio-net header (<linux/virtio_net.h>), 10 bytes in host order for legacy TUN
_Static_assert(sizeof(struct virtio_net_hdr) == 10, "virtio_net_hdr size");
_Static_assert(offsetof(struct virtio_net_hdr, flags) == 0 && offsetof(struct virtio_net_hdr, gso_type) == 1, "vnet");
_Static_assert(offsetof(struct virtio_net_hdr, hdr_len) == 2 && offsetof(struct virtio_net_hdr, gso_size) == 4, "vnet");
_Static_assert(offsetof(struct virtio_net_hdr, csum_start) == 6 && offsetof(struct virtio_net_hdr, csum_offset) == 8, "vnet");
_Static_assert(VIRTIO_NET_HDR_F_NEEDS_CSUM == 1 && VIRTIO_NET_HDR_F_DATA_VALID == 2, "vnet flags");
_Static_assert(VIRTIO_NET_HDR_GSO_NONE == 0 && VIRTIO_NET_HDR_GSO_TCPV4 == 1 && VIRTIO_NET_HDR_GSO_TCPV6 == 4, "gso");
_Static_assert(VIRTIO_NET_HDR_GSO_ECN == 0x80, "gso ecn");

// MARK: netlink (<linux/netlink.h>)
_Static_assert(sizeof(struct nlmsghdr) == 16 && sizeof(struct nlmsgerr) == 20, "nlmsghdr / nlmsgerr");
_Static_assert(sizeof(struct sockaddr_nl) == 12 && offsetof(struct sockaddr_nl, nl_pid) == 4, "sockaddr_nl");
_Static_assert(NETLINK_ROUTE == 0 && SOL_NETLINK == 270 && NETLINK_EXT_ACK == 11, "netlink socket");
_Static_assert(NLM_F_REQUEST == 1 && NLM_F_ACK == 4 && NLM_F_REPLACE == 0x100 && NLM_F_EXCL == 0x200, "nl flags");
_Static_assert(NLM_F_CREATE == 0x400 && NLM_F_CAPPED == 0x100 && NLM_F_ACK_TLVS == 0x200, "nl flags");
_Static_assert(NLMSG_ERROR == 2 && NLMSG_DONE == 3 && NLMSGERR_ATTR_MSG == 1, "nl types");

// MARK: rtnetlink (<linux/rtnetlink.h>, <linux/if_addr.h>, <linux/if_link.h>, <linux/fib_rules.h>)
_Static_assert(RTM_NEWLINK == 16 && RTM_DELLINK == 17 && RTM_NEWADDR == 20 && RTM_DELADDR == 21, "rtm types");
_Static_assert(RTM_NEWROUTE == 24 && RTM_DELROUTE == 25 && RTM_NEWRULE == 32 && RTM_DELRULE == 33, "rtm types");
_Static_assert(sizeof(struct ifinfomsg) == 16 && offsetof(struct ifinfomsg, ifi_index) == 4, "ifinfomsg");
_Static_assert(offsetof(struct ifinfomsg, ifi_flags) == 8 && offsetof(struct ifinfomsg, ifi_change) == 12, "ifinfomsg");
_Static_assert(sizeof(struct ifaddrmsg) == 8 && offsetof(struct ifaddrmsg, ifa_index) == 4, "ifaddrmsg");
_Static_assert(sizeof(struct rtmsg) == 12 && offsetof(struct rtmsg, rtm_flags) == 8, "rtmsg");
_Static_assert(sizeof(struct fib_rule_hdr) == 12 && offsetof(struct fib_rule_hdr, action) == 7, "fib_rule_hdr");
_Static_assert(IFLA_MTU == 4 && IFA_ADDRESS == 1 && IFA_LOCAL == 2 && IFA_FLAGS == 8, "attributes");
_Static_assert(IFA_F_NODAD == 0x02 && IFA_F_PERMANENT == 0x80, "ifa flags");
_Static_assert(RTA_DST == 1 && RTA_OIF == 4 && RTA_PRIORITY == 6 && RTA_TABLE == 15, "route attributes");
_Static_assert(RT_TABLE_MAIN == 254 && RT_SCOPE_UNIVERSE == 0 && RT_SCOPE_LINK == 253, "route tables/scopes");
_Static_assert(RTPROT_BOOT == 3 && RTPROT_STATIC == 4, "route protocols");
_Static_assert(RTN_UNICAST == 1 && RTN_UNREACHABLE == 7 && FR_ACT_TO_TBL == 1, "route/rule types");
_Static_assert(FRA_SRC == 2 && FRA_PRIORITY == 6 && FRA_TABLE == 15 && FRA_PROTOCOL == 21, "rule attributes");
_Static_assert(IFLA_AF_SPEC == 26 && IFLA_INET6_ADDR_GEN_MODE == 8 && IN6_ADDR_GEN_MODE_NONE == 1, "addrgenmode");
