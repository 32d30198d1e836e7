package dstcow.dst;

import dstcow.dst.mem.Access;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.KernelOops;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.OopsKind;
import dstcow.dst.mem.TraceKind;
import dstcow.dst.ops.DstOps;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static dstcow.dst.Rtax.RTAX_MTU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every kind of kernel bug the emulated memory catches, provoked the way kernel code would, with
 * its message asserted word for word. Checked memory unless said otherwise.
 */
class OopsTest {

    private static Fixture boot() {
        return Fixture.boot(KernelVersion.PATCHED, Abi.X86_64, MemoryMode.CHECKED);
    }

    private static KernelOops oops(OopsKind kind, Executable e) {
        KernelOops o = assertThrows(KernelOops.class, e);
        assertEquals(kind, o.kind(), o.getMessage());
        return o;
    }

    @Test
    void useAfterFreeOfAnEntryNamesTheFreedObjectAndWhoFreedIt() {
        try (Fixture f = boot()) {
            long dst = f.alloc();
            f.k.dstFree(dst);
            KernelOops o = oops(OopsKind.USE_AFTER_FREE, () -> f.k.dstMetricRaw(dst, RTAX_MTU));
            assertEquals("use-after-free in dst_metric_raw: read of size 8 at " + f.mem.hex(dst + 40)
                    + ": 40 bytes into freed test_dst_cache object " + f.mem.hex(dst)
                    + " (168 bytes, allocated by dst_alloc, freed by dst_destroy)", o.getMessage());
            assertEquals(dst + 40, o.address());
            assertEquals(Access.READ, o.access());
            assertEquals(8, o.size());
            assertEquals("dst_metric_raw", o.function());
            assertEquals(1, f.k.trace().count(TraceKind.OOPS));
            assertEquals(o.getMessage(), f.k.trace().events(TraceKind.OOPS).get(0).detail());
        }
    }

    @Test
    void useAfterFreeOfCowedMetricsNamesTheDestroyPath() {
        try (Fixture f = boot()) {
            long dst = f.alloc();
            f.k.dstMetricSet(dst, RTAX_MTU, 1400);
            long copy = f.k.dstMetricsPtr(dst);
            f.k.dstFree(dst);
            KernelOops o = oops(OopsKind.USE_AFTER_FREE, () -> f.mem.readU32(copy + 4, "dst_metric_raw"));
            assertEquals("use-after-free in dst_metric_raw: read of size 4 at " + f.mem.hex(copy + 4) + ": 4 bytes into freed kmalloc-64 object "
                    + f.mem.hex(copy) + " (56 bytes, allocated by dst_cow_metrics_generic, freed by __dst_destroy_metrics_generic)",
                    o.getMessage());
        }
    }

    @Test
    void doubleFreeNamesBothFrees() {
        try (Fixture f = boot()) {
            long dst = f.alloc();
            f.k.dstMetricSet(dst, RTAX_MTU, 1400);
            long copy = f.k.dstMetricsPtr(dst);
            f.k.dstFree(dst);
            KernelOops o = oops(OopsKind.DOUBLE_FREE, () -> f.mem.kfree(copy, "ipv4_dst_destroy"));
            assertEquals("double-free in ipv4_dst_destroy: free at " + f.mem.hex(copy) + ": kmalloc-64 object " + f.mem.hex(copy)
                    + " (56 bytes, allocated by dst_cow_metrics_generic, freed by __dst_destroy_metrics_generic) is already free",
                    o.getMessage());
        }
    }

    @Test
    void destroyingMetricsTwiceFreesDstDefaultMetrics() {
        // __dst_destroy_metrics_generic installs dst_default_metrics *without* the read-only tag,
        // so a second dst_destroy_metrics_generic tries to kfree the .rodata array.
        try (Fixture f = boot()) {
            long dst = f.alloc();
            f.k.dstMetricSet(dst, RTAX_MTU, 1400);
            f.k.dstDestroyMetricsGeneric(dst);
            assertEquals(f.k.dstDefaultMetrics(), f.k.metricsWord(dst));
            KernelOops o = oops(OopsKind.INVALID_FREE, () -> f.k.dstDestroyMetricsGeneric(dst));
            assertEquals("invalid-free in __dst_destroy_metrics_generic: free at 0xffff880000000000: dst_default_metrics (.rodata, 56 bytes)"
                    + " is not a slab object", o.getMessage());
        }
    }

    @Test
    void freesOfInteriorPointersAndToTheWrongCacheAreInvalid() {
        try (Fixture f = boot()) {
            long p = f.mem.kmalloc(56, "fib_create_info");
            KernelOops o = oops(OopsKind.INVALID_FREE, () -> f.mem.kfree(p + 8, "free_fib_info"));
            assertEquals("invalid-free in free_fib_info: free at " + f.mem.hex(p + 8) + ": points 8 bytes into kmalloc-64 object "
                    + f.mem.hex(p) + " (56 bytes, allocated by fib_create_info)", o.getMessage());
            o = oops(OopsKind.INVALID_FREE, () -> f.mem.kmemCacheFree(f.cache, p, "dst_destroy"));
            assertEquals("invalid-free in dst_destroy: free at " + f.mem.hex(p) + ": kmalloc-64 object " + f.mem.hex(p)
                    + " (56 bytes, allocated by fib_create_info) belongs to kmalloc-64, not to test_dst_cache", o.getMessage());
        }
    }

    @Test
    void nullPointerDereferencesNameTheMemberOffset() {
        try (Fixture f = boot()) {
            KernelOops o = oops(OopsKind.NULL_POINTER, () -> f.k.dstMetricRaw(0, RTAX_MTU));
            assertEquals("NULL pointer dereference in dst_metric_raw: read of size 8 at 0x0000000000000028: NULL + 40", o.getMessage());
            o = oops(OopsKind.NULL_POINTER, () -> f.k.dstHold(0));
            assertEquals("NULL pointer dereference in dst_hold: atomic access of size 4 at 0x0000000000000080: NULL + 128", o.getMessage());
            long zero = f.mem.kmalloc(0, "test");
            assertEquals(KernelMemory.ZERO_SIZE_PTR, zero);
            o = oops(OopsKind.NULL_POINTER, () -> f.mem.readU32(zero, "test"));
            assertEquals("NULL pointer dereference in test: read of size 4 at 0x0000000000000010: ZERO_SIZE_PTR (what kmalloc(0) returns)",
                    o.getMessage());
        }
    }

    @Test
    void wildPointersAreUnmappedTextOrUnallocatedHeap() {
        try (Fixture f = boot()) {
            KernelOops o = oops(OopsKind.WILD_POINTER, () -> f.k.dstMetricRaw(0xdead000000000000L, RTAX_MTU));
            assertEquals("wild pointer (unable to handle kernel paging request) in dst_metric_raw: read of size 8 at 0xdead000000000028:"
                    + " 0xdead000000000028 is not mapped", o.getMessage());
            long discard = f.k.dstDiscardAddress();
            o = oops(OopsKind.WILD_POINTER, () -> f.mem.writeU32(discard, 0, "patch_text"));
            assertEquals("wild pointer (unable to handle kernel paging request) in patch_text: write of size 4 at " + f.mem.hex(discard)
                    + ": function dst_discard in .text", o.getMessage());
            long unallocated = f.mem.heapBase() + (1 << 20);
            o = oops(OopsKind.WILD_POINTER, () -> f.mem.readU32(unallocated, "test"));
            assertEquals("wild pointer (unable to handle kernel paging request) in test: read of size 4 at " + f.mem.hex(unallocated)
                    + ": unallocated slab memory", o.getMessage());
        }
    }

    @Test
    void outOfBoundsAccessesMeasureFromTheRequestedSize() {
        try (Fixture f = boot()) {
            long dst = f.alloc();
            f.k.dstMetricSet(dst, RTAX_MTU, 1400);
            long copy = f.k.dstMetricsPtr(dst);
            // p[RTAX_MAX]: one past the last metric, still inside the 64-byte slot.
            KernelOops o = oops(OopsKind.OUT_OF_BOUNDS, () -> f.mem.readU32(copy + 4L * Rtax.RTAX_MAX, "dst_metric_raw"));
            assertEquals("out-of-bounds access in dst_metric_raw: read of size 4 at " + f.mem.hex(copy + 56)
                    + ": 0 bytes to the right of kmalloc-64 object " + f.mem.hex(copy)
                    + " (56 bytes, allocated by dst_cow_metrics_generic)", o.getMessage());
            o = oops(OopsKind.OUT_OF_BOUNDS, () -> f.mem.memcpy(copy, f.k.dstDefaultMetrics(), 60, "dst_copy_metrics"));
            assertEquals("out-of-bounds access in dst_copy_metrics: read of size 60 at 0xffff880000000000: runs 4 bytes past the end of"
                    + " dst_default_metrics (.rodata, 56 bytes)", o.getMessage());
        }
    }

    @Test
    void writingTheDefaultsThroughDstMetricsPtrIsAWriteToRodata() {
        try (Fixture f = boot()) {
            long dst = f.alloc();
            long p = f.k.dstMetricsPtr(dst);
            KernelOops o = oops(OopsKind.RODATA_WRITE, () -> f.mem.writeU32(p + 4L * (RTAX_MTU - 1), 1400, "buggy_update_pmtu"));
            assertEquals("write to .rodata in buggy_update_pmtu: write of size 4 at 0xffff880000000004: dst_default_metrics+0x4"
                    + " (.rodata, 56 bytes)", o.getMessage());
            assertEquals(0, f.k.dstMetricRaw(dst, RTAX_MTU), "nothing was written");
        }
    }

    @Test
    void writingSharedMetricsThroughATaggedPointerIsCaught() {
        try (Fixture f = boot()) {
            long shared = f.sharedMetrics(RTAX_MTU, 1500);
            long dst = f.alloc();
            f.k.dstInitMetrics(dst, shared, true);
            // A buggy PMTU handler writing through dst_metrics_ptr() instead of dst_metric_set().
            KernelOops o = oops(OopsKind.READ_ONLY_METRICS_WRITE,
                    () -> f.mem.writeU32(f.k.dstMetricsPtr(dst) + 4L * (RTAX_MTU - 1), 1400, "buggy_update_pmtu"));
            assertEquals("write through read-only metrics pointer in buggy_update_pmtu: write of size 4 at " + f.mem.hex(shared + 4)
                    + ": 4 bytes into the metrics at " + f.mem.hex(shared) + " in kmalloc-64 object " + f.mem.hex(shared)
                    + " (56 bytes, allocated by fib_create_info), published read-only by dst_init_metrics", o.getMessage());
            // The same through the raw word, tag bit and all.
            long word = f.k.metricsWord(dst);
            o = oops(OopsKind.READ_ONLY_METRICS_WRITE, () -> f.mem.writeU32(word + 4L * (RTAX_MTU - 1), 1400, "buggy_update_pmtu"));
            assertEquals("write through read-only metrics pointer in buggy_update_pmtu: write of size 4 at " + f.mem.hex(shared + 5)
                    + ": 5 bytes into the metrics at " + f.mem.hex(shared) + " in kmalloc-64 object " + f.mem.hex(shared)
                    + " (56 bytes, allocated by fib_create_info), published read-only by dst_init_metrics;"
                    + " the address still carries the read-only tag (bit 0)", o.getMessage());
            assertEquals(1500, f.k.dstMtu(dst));
            f.k.dstMetricSet(dst, RTAX_MTU, 1400);
            assertEquals(1400, f.k.dstMtu(dst), "the right way, dst_metric_set, copies first");
            assertEquals(1500, f.mem.readU32(shared + 4, "test"));
        }
    }

    @Test
    void aMetricWriteOnBlackholeOpsCallsThroughANullCowMetrics() {
        // ipv4_dst_blackhole_ops has no cow_metrics (KERNEL.md section 4).
        try (Fixture f = boot()) {
            DstOps blackhole = f.k.dstOpsBuilder("ipv4_dst_blackhole_ops").family(DstOps.AF_INET).kmemCachep(f.cache).build();
            long dst = f.k.dstAlloc(blackhole.address());
            KernelOops o = oops(OopsKind.NULL_FUNCTION_CALL, () -> f.k.dstMetricSet(dst, RTAX_MTU, 1400));
            assertEquals("call through NULL function pointer in dst_metrics_write_ptr: call to 0x0000000000000000: dst->ops->cow_metrics is NULL",
                    o.getMessage());
            assertEquals(Access.CALL, o.access());
            o = oops(OopsKind.NULL_FUNCTION_CALL, () -> f.k.dstMtu(dst));
            assertEquals("call through NULL function pointer in dst_mtu: call to 0x0000000000000000: dst->ops->default_mtu is NULL",
                    o.getMessage());
        }
    }

    @Test
    void callingAFunctionOfTheWrongTypeOrNoFunctionIsABadCall() {
        try (Fixture f = boot()) {
            long dst = f.alloc();
            long member = f.ops.address() + f.k.dstOpsLayout().function("default_mtu");
            long destroy = f.k.symbols().addressOf("test_dst_destroy");
            f.mem.writePointer(member, destroy, "test");
            KernelOops o = oops(OopsKind.BAD_FUNCTION_CALL, () -> f.k.dstMtu(dst));
            assertEquals("call through bad function pointer in dst_mtu: call to " + f.mem.hex(destroy)
                    + ": dst->ops->default_mtu is test_dst_destroy, which is not a DefaultMtu function", o.getMessage());
            f.mem.writePointer(member, dst, "test");
            o = oops(OopsKind.BAD_FUNCTION_CALL, () -> f.k.dstMtu(dst));
            assertEquals("call through bad function pointer in dst_mtu: call to " + f.mem.hex(dst)
                    + ": dst->ops->default_mtu is not a kernel function (test_dst_cache object " + f.mem.hex(dst)
                    + " (168 bytes, allocated by dst_alloc))", o.getMessage());
        }
    }

    @Test
    void atomicsOnMisalignedWordsOops() {
        try (Fixture f = boot()) {
            long dst = f.alloc();
            long refcnt = dst + f.k.offsetOf("__refcnt");
            KernelOops o = oops(OopsKind.MISALIGNED_ATOMIC, () -> f.mem.atomicAddReturn(refcnt + 2, 1, "dst_hold"));
            assertEquals("misaligned atomic in dst_hold: atomic access of size 4 at " + f.mem.hex(refcnt + 2)
                    + ": 130 bytes into test_dst_cache object " + f.mem.hex(dst) + " (168 bytes, allocated by dst_alloc), not 4-byte aligned",
                    o.getMessage());
            long metrics = dst + f.k.offsetOf("_metrics");
            o = oops(OopsKind.MISALIGNED_ATOMIC, () -> f.mem.cmpxchgULong(metrics + 4, 0, 1, "dst_cow_metrics_generic"));
            assertEquals("misaligned atomic in dst_cow_metrics_generic: cmpxchg of size 8 at " + f.mem.hex(metrics + 4)
                    + ": 44 bytes into test_dst_cache object " + f.mem.hex(dst) + " (168 bytes, allocated by dst_alloc), not 8-byte aligned",
                    o.getMessage());
        }
    }

    @Test
    void i386AddressesAreEightHexDigitsWide() {
        try (Fixture f = Fixture.boot(KernelVersion.PATCHED, Abi.I386, MemoryMode.CHECKED)) {
            long dst = f.alloc();
            f.k.dstFree(dst);
            KernelOops o = oops(OopsKind.USE_AFTER_FREE, () -> f.k.dstMetricRaw(dst, RTAX_MTU));
            assertEquals("use-after-free in dst_metric_raw: read of size 4 at 0xc0021014: 20 bytes into freed test_dst_cache object"
                    + " 0xc0021000 (92 bytes, allocated by dst_alloc, freed by dst_destroy)", o.getMessage());
            o = oops(OopsKind.NULL_POINTER, () -> f.k.dstMetricRaw(0, RTAX_MTU));
            assertEquals("NULL pointer dereference in dst_metric_raw: read of size 4 at 0x00000014: NULL + 20", o.getMessage());
        }
    }

    @Test
    void fastModeStillTurnsFaultsOutsideTheEmulatedMemoryIntoOopses() {
        try (Fixture f = Fixture.boot(KernelVersion.PATCHED, Abi.X86_64, MemoryMode.FAST)) {
            KernelOops o = oops(OopsKind.NULL_POINTER, () -> f.k.dstMetricRaw(0, RTAX_MTU));
            assertEquals("NULL pointer dereference in dst_metric_raw: read of size 8 at 0x0000000000000028: NULL + 40", o.getMessage());
            o = oops(OopsKind.WILD_POINTER, () -> f.k.dstMetricRaw(0xdead000000000000L, RTAX_MTU));
            assertEquals("wild pointer (unable to handle kernel paging request) in dst_metric_raw: read of size 8 at 0xdead000000000028:"
                    + " 0xdead000000000028 is not mapped (fast mode: no object details)", o.getMessage());
            long dst = f.alloc();
            o = oops(OopsKind.MISALIGNED_ATOMIC, () -> f.mem.atomicAddReturn(dst + f.k.offsetOf("__refcnt") + 2, 1, "dst_hold"));
            assertEquals("misaligned atomic in dst_hold: atomic access of size 4 at " + f.mem.hex(dst + 130)
                    + ": not 4-byte aligned (fast mode: no object details)", o.getMessage());
            // Inside the emulated memory fast mode checks nothing: the bug corrupts .rodata silently.
            f.mem.writeU32(f.k.dstMetricsPtr(dst) + 4, 1400, "buggy_update_pmtu");
            assertEquals(1400, f.k.dstMtu(f.alloc()), "every new entry now sees the corrupted dst_default_metrics");
        }
    }

    @ParameterizedTest
    @EnumSource(MemoryMode.class)
    void randomAccessesNeverEscapeAsAnythingButAKernelOops(MemoryMode mode) {
        long seed = 20110127L;
        SplittableRandom r = new SplittableRandom(seed);
        for (Abi abi : new Abi[] {Abi.X86_64, Abi.I386, Abi.S390X}) {
            try (Fixture f = Fixture.boot(KernelVersion.PATCHED, abi, mode)) {
                long dst = f.alloc();
                f.k.dstMetricSet(dst, RTAX_MTU, 1400);
                long base = f.mem.dataBase();
                for (int i = 0; i < 5000; i++) {
                    long address = switch (r.nextInt(5)) {
                        case 0 -> r.nextLong();
                        case 1 -> r.nextLong(0, 8192);
                        case 2 -> base + r.nextLong(-4096, 8L << 20);
                        case 3 -> dst + r.nextInt(-64, 512);
                        default -> f.mem.textBase() + r.nextInt(0, 8192);
                    };
                    if (abi.pointerSize() == 4) {
                        address &= 0xffffffffL;
                    }
                    long a = address;
                    try {
                        switch (r.nextInt(6)) {
                            case 0 -> f.mem.readU32(a, "fuzz");
                            case 1 -> f.mem.readULong(a, "fuzz");
                            case 2 -> f.mem.readU16(a, "fuzz");
                            case 3 -> f.mem.atomicRead(a, "fuzz");
                            case 4 -> f.mem.cmpxchgULong(a, 1, 2, "fuzz");
                            default -> f.k.dstMetricRaw(a, 1 + r.nextInt(Rtax.RTAX_MAX));
                        }
                    } catch (KernelOops expected) {
                        // the only way an emulated access may fail
                    } catch (RuntimeException e) {
                        fail("seed " + seed + ", " + abi + " " + mode + ": access at " + f.mem.hex(a) + " escaped as " + e, e);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MemoryMode.class)
    void theKernelStopsAtItsMemorysCloseWithoutCrashingTheJvm(MemoryMode mode) {
        for (Abi abi : new Abi[] {Abi.X86_64, Abi.I386}) {
            Fixture f = Fixture.boot(KernelVersion.PATCHED, abi, mode);
            long dst = f.alloc();
            f.k.dstMetricSet(dst, RTAX_MTU, 1400);
            assertEquals(1400, f.k.dstMetricRaw(dst, RTAX_MTU));
            f.mem.close();
            // Not an oops: the host closed the memory under the kernel. Never a JVM crash either.
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.k.dstMetricRaw(dst, RTAX_MTU));
            assertEquals("kernel memory is closed: read at " + f.mem.hex(dst + f.k.offsetOf("_metrics")) + " in dst_metric_raw",
                    e.getMessage(), abi + " " + mode);
            assertThrows(IllegalStateException.class, () -> f.k.dstMetricSet(dst, RTAX_MTU, 1280));
            f.close();
        }
    }
}
