#ifndef _GNU_SOURCE
#error "CSkywireLinux must be compiled with _GNU_SOURCE (Package.swift cSettings)"
#endif
#include "CSkywireLinux.h"
#include <stddef.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

// The layouts SkywireIO/LinuxCalls.swift writes by hand; a mismatch fails the build here.
#if defined(__x86_64__) || defined(__i386__)
_Static_assert(sizeof(struct epoll_event) == 12, "epoll_event is packed on x86");
_Static_assert(offsetof(struct epoll_event, data) == 4, "epoll_event.data offset");
#else
_Static_assert(sizeof(struct epoll_event) == 16, "epoll_event is naturally aligned");
_Static_assert(offsetof(struct epoll_event, data) == 8, "epoll_event.data offset");
#endif
_Static_assert(offsetof(struct mmsghdr, msg_len) == sizeof(struct msghdr), "mmsghdr.msg_len offset");
_Static_assert(offsetof(struct in6_pktinfo, ipi6_ifindex) == 16, "in6_pktinfo.ipi6_ifindex offset");
_Static_assert(offsetof(struct in_pktinfo, ipi_ifindex) == 0, "in_pktinfo.ipi_ifindex offset");
_Static_assert(sizeof(struct mmsghdr) % _Alignof(struct msghdr) == 0, "mmsghdr stride");
_Static_assert(UDP_SEGMENT == 103, "UDP_SEGMENT");
_Static_assert(UDP_GRO == 104, "UDP_GRO");
_Static_assert(EPOLLIN == 0x001 && EPOLLOUT == 0x004 && EPOLLERR == 0x008 && EPOLLHUP == 0x010, "epoll flags");
_Static_assert(EPOLLRDHUP == 0x2000 && EPOLLONESHOT == (1u << 30) && EPOLLET == (1u << 31), "epoll flags");
_Static_assert(EPOLL_CLOEXEC == O_CLOEXEC && EFD_CLOEXEC == O_CLOEXEC && EFD_NONBLOCK == O_NONBLOCK, "cloexec flags");

int CSkywireLinux_epoll_create1(int flags) { return epoll_create1(flags); }
int CSkywireLinux_epoll_ctl(int epfd, int op, int fd, void *event) { return epoll_ctl(epfd, op, fd, event); }
int CSkywireLinux_epoll_wait(int epfd, void *events, int maxevents, int timeout) {
    return epoll_wait(epfd, events, maxevents, timeout);
}
int CSkywireLinux_eventfd(unsigned int initval, int flags) { return eventfd(initval, flags); }
int CSkywireLinux_recvmmsg(int fd, void *msgvec, unsigned int vlen, int flags, void *timeout) {
    return recvmmsg(fd, msgvec, vlen, flags, timeout);
}
int CSkywireLinux_sendmmsg(int fd, void *msgvec, unsigned int vlen, int flags) {
    return sendmmsg(fd, msgvec, vlen, flags);
}
int CSkywireLinux_accept4(int fd, void *addr, void *addrlen, int flags) {
    return accept4(fd, addr, addrlen, flags);
}
