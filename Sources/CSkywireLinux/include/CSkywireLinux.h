// Linux calls that Swift's Glibc module does not import: its module map leaves out
// <sys/epoll.h> and <sys/eventfd.h>, and it is built without _GNU_SOURCE, which hides
// recvmmsg, sendmmsg, accept4, struct mmsghdr and struct in6_pktinfo. Each wrapper here is a
// direct call, compiled with _GNU_SOURCE in shim.c; struct pointers are passed as void * and the
// layouts SkywireIO assumes are checked at compile time in shim.c. Seen only by SkywireIO.
#pragma once
// No system header is included here, so this module declares no libc type of its own.

int CSkywireLinux_epoll_create1(int flags);
int CSkywireLinux_epoll_ctl(int epfd, int op, int fd, void *event);
int CSkywireLinux_epoll_wait(int epfd, void *events, int maxevents, int timeout);
int CSkywireLinux_eventfd(unsigned int initval, int flags);
int CSkywireLinux_recvmmsg(int fd, void *msgvec, unsigned int vlen, int flags, void *timeout);
int CSkywireLinux_sendmmsg(int fd, void *msgvec, unsigned int vlen, int flags);
int CSkywireLinux_accept4(int fd, void *addr, void *addrlen, int flags);
