/*
 * dst_entry_62fa8a84.h	struct dst_entry as dstcow's layout model describes it
 *			at Linux 62fa8a84 ("net: Implement read-only protection
 *			and COW'ing of metrics"), written out for the parity
 *			tests from `dstcow layout dst_entry --format c`, in
 *			kernel layout.  It is test data, not kernel source.
 */
#ifndef _TEST_DST_ENTRY_H
#define _TEST_DST_ENTRY_H

struct sk_buff;

struct dst_entry {
	struct rcu_head		rcu_head;
	struct dst_entry	*child;
	struct net_device	*dev;
	struct dst_ops		*ops;
	unsigned long		_metrics;	/* tagged: bit 0 is read-only */
	unsigned long		expires;
	struct dst_entry	*path;
	struct neighbour	*neighbour;
	struct hh_cache		*hh;
#ifdef CONFIG_XFRM
	struct xfrm_state	*xfrm;
#else
	void			*__pad1;
#endif
	int			(*input)(struct sk_buff *);
	int			(*output)(struct sk_buff *);

	short			error;
	short			obsolete;
	unsigned short		header_len;
	unsigned short		trailer_len;
#ifdef CONFIG_IP_ROUTE_CLASSID
	__u32			tclassid;
#else
	__u32			__pad2;
#endif

	/* keeps __refcnt at offset 128 on 64-bit ABIs */
#ifdef CONFIG_64BIT
	long			__pad_to_align_refcnt[1];
#endif
	atomic_t		__refcnt;
	int			__use;
	unsigned long		lastuse;
	unsigned long		rate_last;
	unsigned int		rate_tokens;
	int			flags;
#define DST_HOST		0x0001
#define DST_NOXFRM		0x0002
	union {
		struct dst_entry	*next;
		struct rtable __rcu	*rt_next;
		struct rt6_info		*rt6_next;
		struct dn_route __rcu	*dn_next;
	};
};

#endif /* _TEST_DST_ENTRY_H */
