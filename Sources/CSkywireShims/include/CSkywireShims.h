// Small C shims for what Swift cannot import from libnl (function-like macros). Seen only by
// SkywireRadio. Every symbol is prefixed CSkywireShims_.
#pragma once
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
