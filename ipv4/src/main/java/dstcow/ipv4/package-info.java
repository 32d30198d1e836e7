/**
 * IPv4 routing over the emulated dst layer: {@code struct fib_info} with its metrics and client
 * reference, a minimal FIB, {@code struct rtable}, and the port of the metric-touching parts of
 * net/ipv4/route.c at 62fa8a84 and its parent. Start with {@link dstcow.ipv4.Ipv4Stack}.
 */
package dstcow.ipv4;
