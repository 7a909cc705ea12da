// Small C shims for what Swift cannot import from libnl and the netlink UAPI headers. Seen only
// by SkywireRadio. Every symbol is prefixed CSkywireShims_.
//
// SkywireRadio builds requests with libnl (nl_sock, nl_msg, genlmsg_put, nla_put*) and parses
// every reply in Swift (a total decoder), so no attribute-iteration macro (nla_for_each_attr,
// nla_for_each_nested) is wrapped here. What Swift cannot see are the header lengths and masks
// that the UAPI headers define with function-like macros (NLMSG_HDRLEN, GENL_HDRLEN, NLA_HDRLEN
// expand to NLMSG_ALIGN(sizeof ...)): they are exported below as plain constants, and shims.c
// checks with _Static_assert the structure layouts that the Swift parser writes out by hand.
#pragma once
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>

/// NLMSG_HDRLEN: the aligned size of struct nlmsghdr (16).
static const int CSkywireShims_netlinkHeaderLength = NLMSG_HDRLEN;
/// GENL_HDRLEN: the aligned size of struct genlmsghdr (4).
static const int CSkywireShims_genericHeaderLength = GENL_HDRLEN;
/// NLA_HDRLEN: the aligned size of struct nlattr (4).
static const int CSkywireShims_attributeHeaderLength = NLA_HDRLEN;
/// NLA_TYPE_MASK: an attribute's type without the NESTED and NET_BYTEORDER flag bits.
static const int CSkywireShims_attributeTypeMask = NLA_TYPE_MASK;
/// The aligned size of struct ifinfomsg (16), the fixed header of RTM_NEWLINK.
static const int CSkywireShims_interfaceInfoLength = NLMSG_ALIGN(sizeof(struct ifinfomsg));
