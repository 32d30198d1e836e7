/*
 * pkt.c	Made-up kernel-style C for dstcow's reader tests: functions
 *		with annotations, an exported symbol and an ops table.
 */

#include <linux/kernel.h>
#include "pkt.h"

static u32 *pkt_cow_metrics(struct dst_entry *dst, unsigned long old);

static int pkt_gc(struct dst_ops *ops)
{
	return 0;
}

static struct dst_entry *pkt_check(struct dst_entry *dst, u32 cookie)
{
	return dst;
}

static void pkt_destroy(struct dst_entry *dst)
{
	dst_destroy_metrics_generic(dst);
	if (dst->ops->ifdown)
		dst->ops->ifdown(dst, NULL, 0);
}

static struct dst_ops pkt_dst_ops = {
	.family =		AF_INET,
	.protocol =		cpu_to_be16(ETH_P_IP),
	.gc =			pkt_gc,
	.check =		pkt_check,
#ifdef CONFIG_XFRM
	.cow_metrics =		pkt_cow_metrics,
#else
	.cow_metrics =		dst_cow_metrics_generic,
#endif
	.destroy =		pkt_destroy,
#ifdef CONFIG_PKT_IFDOWN
	.ifdown =		pkt_ifdown,
#endif
	.local_out =		__ip_local_out,
};

int __init
pkt_table_init(struct dst_ops *ops,
	       int count)
{
	int i;

	for (i = 0; i < count; i++) {
		if (sizeof(*ops) > 64)
			continue;
		dst_entries_init(ops);
	}
	return ops->gc(ops);
}
EXPORT_SYMBOL_GPL(pkt_table_init);

static void __exit pkt_table_exit(void)
{
#if PKT_LEVEL > 1
	dst_entries_destroy(&pkt_dst_ops);
#else
	kfree(pkt_dst_ops.kmem_cachep);
#endif
}
