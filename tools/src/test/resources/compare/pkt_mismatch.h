/*
 * pkt_mismatch.h	Variants of one small made-up struct, each with one
 *			deliberate difference from the Java model of struct
 *			pkt_small that the parity tests build:
 *
 *	struct pkt_small {
 *		struct pkt_small	*next;
 *		unsigned long		stamp;
 *	#ifdef CONFIG_XFRM
 *		struct xfrm_state	*xfrm;
 *	#endif
 *		u32			len;
 *		unsigned		kind:4;
 *	};
 */

/* Exactly the model. */
struct pkt_small {
	struct pkt_small	*next;
	unsigned long		stamp;
#ifdef CONFIG_XFRM
	struct xfrm_state	*xfrm;
#endif
	u32			len;
	unsigned int		kind:4;
};

/* `stamp` is missing from the C. */
struct pkt_small_no_stamp {
	struct pkt_small	*next;
#ifdef CONFIG_XFRM
	struct xfrm_state	*xfrm;
#endif
	u32			len;
	unsigned		kind:4;
};

/* The C has `flags`, which the Java model lacks. */
struct pkt_small_flags {
	struct pkt_small	*next;
	unsigned long		stamp;
#ifdef CONFIG_XFRM
	struct xfrm_state	*xfrm;
#endif
	u32			len;
	int			flags;
	unsigned		kind:4;
};

/* `len` comes before `stamp`. */
struct pkt_small_reordered {
	struct pkt_small	*next;
	u32			len;
	unsigned long		stamp;
#ifdef CONFIG_XFRM
	struct xfrm_state	*xfrm;
#endif
	unsigned		kind:4;
};

/* `len` is a __u32, not a u32: a different typedef name is a difference. */
struct pkt_small_retyped {
	struct pkt_small	*next;
	unsigned long		stamp;
#ifdef CONFIG_XFRM
	struct xfrm_state	*xfrm;
#endif
	__u32			len;
	unsigned		kind:4;
};

/* `xfrm` sits under the wrong #ifdef. */
struct pkt_small_condition {
	struct pkt_small	*next;
	unsigned long		stamp;
#ifdef CONFIG_SMP
	struct xfrm_state	*xfrm;
#endif
	u32			len;
	unsigned		kind:4;
};

/* `kind` is three bits wide. */
struct pkt_small_bits {
	struct pkt_small	*next;
	unsigned long		stamp;
#ifdef CONFIG_XFRM
	struct xfrm_state	*xfrm;
#endif
	u32			len;
	unsigned		kind:3;
};
