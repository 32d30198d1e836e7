/*
 * include/net/pkt_route.h	Made-up kernel-style C for the tests of
 *				dstcow compare: "pkt", a protocol whose routes
 *				keep their metrics in dst entries.  It is not
 *				kernel code and does nothing.
 */
#ifndef _NET_PKT_ROUTE_H
#define _NET_PKT_ROUTE_H

#include <net/dst.h>

#define PKT_F_HOST		0x0001
#define PKT_F_NOCACHE		0x0010

struct list_head {
	struct list_head *next, *prev;
};

/* Readers go through the accessors, never through dst->_metrics. */
static inline u32 pkt_mtu(const struct dst_entry *dst)
{
	return dst_mtu(dst);
}

#define PKT_METRICS(d)		\
	dst_metrics_ptr(d)

#endif	/* _NET_PKT_ROUTE_H */
