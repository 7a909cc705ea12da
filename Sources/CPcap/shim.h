// libpcap, seen only by SkywireRadio.
#include <pcap/pcap.h>
