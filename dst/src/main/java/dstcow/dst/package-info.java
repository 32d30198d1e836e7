/**
 * The port of the dst metrics code of Linux commit 62fa8a84, "net: Implement read-only
 * protection and COW'ing of metrics", and of its parent: include/net/dst.h (the {@code _metrics}
 * accessors, {@code dst_hold}/{@code dst_release} and friends) and net/core/dst.c
 * ({@code dst_default_metrics}, {@code dst_alloc}, {@code dst_cow_metrics_generic},
 * {@code __dst_destroy_metrics_generic}, {@code dst_destroy}, {@code dst_free}), over native
 * {@code struct dst_entry} memory.
 *
 * <p>{@link dstcow.dst.DstKernel} is the one API for both kernels, with
 * {@link dstcow.dst.ParentDstKernel} and {@link dstcow.dst.PatchedDstKernel} as its two
 * implementations. {@link dstcow.dst.Rtax} holds the metric ids, {@link dstcow.dst.Jiffies} the
 * tick conversions, and every ported unit carries a {@link dstcow.dst.KernelSource} naming its
 * kernel file, symbol and commit.
 *
 * <p>Sub-packages: {@code dstcow.dst.mem}, the emulated kernel memory;
 * {@code dstcow.dst.ops}, {@code struct dst_ops} and the function-pointer types;
 * {@code dstcow.dst.demo}, printable stories such as one COW on both kernels.
 *
 * <p>SPDX-License-Identifier: GPL-2.0-only. Translated from the Linux kernel, which is GPL-2.0.
 */
package dstcow.dst;
