/*
 * Linked into the static skywire binary only (scripts/build-image), never into the package.
 *
 * Debian's libpcap.a is built with D-Bus capture support: pcap.o refers to dbus_create() and
 * dbus_findalldevs(), which live in pcap-dbus.o, which needs libdbus-1.a, which needs
 * sd_listen_fds()/sd_is_socket() from libsystemd, and Debian ships no libsystemd.a. Defining
 * the two entry points here satisfies pcap.o, so the linker never pulls pcap-dbus.o out of the
 * archive and neither libdbus nor libsystemd is needed. Capturing on "dbus-system" and
 * "dbus-session" pseudo-devices is thereby disabled, which the agent never uses.
 *
 * Signatures as in libpcap 1.10 pcap-dbus.h:
 *   pcap_t *dbus_create(const char *device, char *ebuf, int *is_ours);
 *   int dbus_findalldevs(pcap_if_list_t *devlistp, char *err_str);
 */
#include <stddef.h>

struct pcap;
struct pcap_if_list;

struct pcap *dbus_create(const char *device, char *ebuf, int *is_ours)
{
    (void)device;
    (void)ebuf;
    *is_ours = 0;       /* "not a D-Bus device": pcap_create tries the next capture source */
    return NULL;
}

int dbus_findalldevs(struct pcap_if_list *devlistp, char *err_str)
{
    (void)devlistp;
    (void)err_str;
    return 0;           /* success, no devices added */
}
