/**
 * Emulated kernel memory: an address space over native memory (one FFM arena) with
 * deterministic kernel-like addresses, the ABI's pointer width and byte order, an emulated
 * {@code .rodata}, {@code .data} and {@code .text}; a SLUB-like slab allocator ({@code kmalloc}
 * size classes, {@code kmem_cache}s) with per-cache accounting, high-water marks and a leak
 * report; failslab-style fault injection; a checked mode that turns kernel memory bugs into a
 * {@link dstcow.dst.mem.KernelOops} and a fast mode for benchmarks; a {@link dstcow.dst.mem.Trace}
 * of memory events; and the {@link dstcow.dst.mem.SymbolTable} behind function pointers.
 *
 * <p>Nothing here knows about dst: other modules (ipv4, xfrm) use it the same way.
 */
package dstcow.dst.mem;
