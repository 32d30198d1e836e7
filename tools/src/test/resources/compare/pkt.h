/*
 * pkt.h	A made-up header, written for dstcow's C reader tests in the
 *		style of include/net.  It is not kernel code and does nothing.
 *
 * Braces in comments { must not count }, nor must "strings" here.
 */
#ifndef _TEST_PKT_H
#define _TEST_PKT_H

#define PKT_SLOTS		6
#define PKT_LEVEL		2
#define PKT_READ_ONLY		0x1UL

struct sk_buff;

/*
 * A macro over three lines; the backslashes join them into one #define.
 */
#define PKT_SLOT_PTR(p, i)	\
	((u32 *)((p)->slots +	\
		 (i)))

struct pkt_desc {
	struct pkt_desc		*next, **pprev;
	struct dst_ops		*ops;
	unsigned long		stamp;
#ifdef CONFIG_XFRM
	struct xfrm_state	*xfrm;
#else
	void			*__pad1;
#endif
	u32			slots[PKT_SLOTS];
	int			num_in, num_out;
	unsigned		kind:4,
				urgent:1;
	u8			cls:3;
#define PKT_KIND_DATA		1
#define PKT_KIND_CTRL		2
	union {
		struct pkt_desc	*peer;
		unsigned long	cookie;
		struct {
			__be16	sport;
			__be16	dport;
		} ports;
	};
#if defined(CONFIG_SMP) && defined(CONFIG_HOTPLUG_CPU)
	struct list_head	cpu_list;
#endif
	int			(*handler)(struct sk_buff *skb, const struct pkt_desc *);
	struct rtable __rcu	*route;		/* { not a brace */
	atomic_t		refs ____cacheline_aligned_in_smp;
} __attribute__((__aligned__(BITS_PER_LONG/8)));

/* Conditions the reader evaluates but the layout model could not express. */
struct pkt_cfg {
#if PKT_LEVEL >= 2
	int			deep;
#endif
#if defined(CONFIG_PKT_STATS) && !defined(CONFIG_PKT_LITE)
	unsigned long		hits;
#elif IS_ENABLED(CONFIG_PKT_LITE)
	unsigned short		lite_hits;
#else
	char			no_hits;
#endif
#ifdef CONFIG_PKT_UNKNOWN
	long			never;
#endif
	unsigned long int	wide;
	long unsigned		wide2;
	signed			narrow;
	const char		*name;
	volatile u16 __percpu	*counters;
	struct pkt_desc		*ring[2][PKT_SLOTS];
	u32 *			(*cow)(struct pkt_desc *, unsigned long);
};

#ifdef __KERNEL__

/*
 * Returns where slots may be written; the comment has an unbalanced {
 * and the body a string and characters with braces in them.
 */
static inline u32 *pkt_slots_write_ptr(struct pkt_desc *x, unsigned long old)
{
	static const char fmt[] = "pkt {%lu}\n";
	char open = '{', close = '}', quote = '\'';

	if (old & PKT_READ_ONLY)
		return x->ops->cow_metrics(x, old);
	pr_debug(fmt, sizeof(open) + sizeof(close) + quote);
	return PKT_SLOT_PTR(x, 0);
}

static inline u32
pkt_slot(const struct pkt_desc *x, int i)
{
	if (i < 0 || i >= PKT_SLOTS)
		return 0;
	return x->slots[i];
}

#endif /* __KERNEL__ */

#endif /* _TEST_PKT_H */
