// Layout checks for the netlink structures that SkywireRadio's Swift decoder and encoder write
// out by hand (offsets in Nl80211Wire.swift and InterfaceLink.swift). If one of these fails on a
// new architecture, the Swift side must change with it.
#include "CSkywireShims.h"
#include <stddef.h>

// struct nlmsghdr { u32 len; u16 type; u16 flags; u32 seq; u32 pid; }
_Static_assert(sizeof(struct nlmsghdr) == 16, "nlmsghdr is 16 bytes");
_Static_assert(offsetof(struct nlmsghdr, nlmsg_type) == 4, "nlmsg_type at 4");
_Static_assert(offsetof(struct nlmsghdr, nlmsg_flags) == 6, "nlmsg_flags at 6");
_Static_assert(offsetof(struct nlmsghdr, nlmsg_seq) == 8, "nlmsg_seq at 8");
_Static_assert(NLMSG_HDRLEN == 16, "NLMSG_HDRLEN is 16");
// struct nlmsgerr { int error; struct nlmsghdr msg; } followed by ext-ack TLVs.
_Static_assert(offsetof(struct nlmsgerr, error) == 0, "nlmsgerr.error at 0");
_Static_assert(offsetof(struct nlmsgerr, msg) == 4, "nlmsgerr.msg at 4");
// struct genlmsghdr { u8 cmd; u8 version; u16 reserved; }
_Static_assert(sizeof(struct genlmsghdr) == 4 && GENL_HDRLEN == 4, "genlmsghdr is 4 bytes");
// struct nlattr { u16 nla_len; u16 nla_type; }, padded to 4.
_Static_assert(sizeof(struct nlattr) == 4 && NLA_HDRLEN == 4 && NLA_ALIGNTO == 4, "nlattr is 4 bytes");
// struct ifinfomsg { u8 family; u8 pad; u16 type; int index; unsigned flags; unsigned change; }
_Static_assert(sizeof(struct ifinfomsg) == 16, "ifinfomsg is 16 bytes");
_Static_assert(offsetof(struct ifinfomsg, ifi_index) == 4, "ifi_index at 4");
_Static_assert(offsetof(struct ifinfomsg, ifi_flags) == 8, "ifi_flags at 8");
_Static_assert(offsetof(struct ifinfomsg, ifi_change) == 12, "ifi_change at 12");
