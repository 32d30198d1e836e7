/**
 * IPsec bundles over the emulated IPv4 routing: {@code struct xfrm_dst}, bundle creation and
 * metric inheritance from net/xfrm/xfrm_policy.c, ESP states, and the port of
 * net/ipv4/xfrm4_policy.c at 62fa8a84 and its parent. Start with {@link dstcow.xfrm.XfrmStack}.
 */
package dstcow.xfrm;
