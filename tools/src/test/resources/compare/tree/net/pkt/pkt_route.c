/*
 * net/pkt/pkt_route.c	Made-up kernel-style C for the tests of dstcow
 *			compare.  Each function touches metrics the way a
 *			protocol would; the fixture port in the tests'
 *			dstcow.tools.compare.fixture gets some of them
 *			wrong on purpose.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <net/pkt_route.h>

static int pkt_gc(struct dst_ops *ops);
static void pkt_destroy(struct dst_entry *dst);

static void pkt_update_pmtu(struct dst_entry *dst, u32 mtu)
{
	if (dst_mtu(dst) <= mtu)
		return;
	if (dst_metric_locked(dst, RTAX_MTU))
		return;
	dst_metric_set(dst, RTAX_MTU, mtu);
}

static void pkt_clone_metrics(struct dst_entry *new, struct dst_entry *old)
{
	dst_copy_metrics(new, old);
	if (dst_metric_raw(new, RTAX_ADVMSS) == 0)
		dst_metric_set(new, RTAX_ADVMSS, 1460);
}

static void pkt_set_advmss(struct dst_entry *dst, u32 advmss)
{
	dst_metric_set(dst, RTAX_ADVMSS, advmss);
}

static u32 pkt_clamp_mtu(struct dst_entry *dst, u32 max)
{
	u32 mtu = dst_mtu(dst);

	if (mtu > max)
		dst_metric_set(dst, RTAX_MTU, max);
	return mtu;
}

/* Like dst_metrics_write_ptr(): copy on write through the ops table. */
static u32 *pkt_write_ptr(struct dst_entry *dst)
{
	unsigned long p = dst->_metrics;

	if (p & DST_METRICS_READ_ONLY)
		return dst->ops->cow_metrics(dst, p);
	return __DST_METRICS_PTR(p);
}

static void pkt_destroy(struct dst_entry *dst)
{
	dst_destroy_metrics_generic(dst);
}

static void pkt_unported(struct dst_entry *dst)
{
	dst_metric_set(dst, RTAX_RTT, 0);
}

static struct dst_ops pkt_dst_ops = {
	.family =		AF_INET,
	.protocol =		cpu_to_be16(ETH_P_IP),
	.gc =			pkt_gc,
	.cow_metrics =		dst_cow_metrics_generic,
	.destroy =		pkt_destroy,
#ifdef CONFIG_PKT_DEBUG
	.ifdown =		pkt_ifdown,
#endif
};

static int pkt_gc(struct dst_ops *ops)
{
	return 0;
}

void __init pkt_route_init(void)
{
	pkt_dst_ops.kmem_cachep =
		kmem_cache_create("pkt_dst_cache", sizeof(struct dst_entry), 0,
				  SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
}
