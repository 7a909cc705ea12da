// libnl-3 / libnl-genl-3 and the nl80211 UAPI header, seen only by SkywireRadio.
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <linux/nl80211.h>
