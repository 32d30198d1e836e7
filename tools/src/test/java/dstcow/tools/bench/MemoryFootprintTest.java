package dstcow.tools.bench;

import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.tools.bench.MemoryFootprint.EntryStruct;
import dstcow.tools.bench.MemoryFootprint.Figure;
import dstcow.tools.bench.MemoryFootprint.Workload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory per route cache entry, from the allocator's accounting, against what the layouts
 * predict. The expected values are computed here from the layout engine's {@code sizeof} and
 * two facts about SLUB on x86_64 and i386, not from the allocator: a {@code SLAB_HWCACHE_ALIGN}
 * cache of objects larger than half a line (every entry struct here) aligns them to the 64-byte
 * L1 line, and a 56-byte kmalloc is served from {@code kmalloc-64}.
 */
class MemoryFootprintTest {

    private static final int ENTRIES = 257;
    private static final long LINE = 64;
    private static final long KMALLOC_64 = 64;

    static Stream<Arguments> figures() {
        List<Arguments> out = new ArrayList<>();
        for (Abi abi : List.of(Abi.X86_64, Abi.I386)) {
            for (EntryStruct e : EntryStruct.values()) {
                for (Workload w : Workload.values()) {
                    for (KernelVersion v : KernelVersion.values()) {
                        out.add(Arguments.of(abi, e, w, v));
                    }
                }
            }
        }
        return out.stream();
    }

    private static long expected(Abi abi, EntryStruct entry, Workload workload, KernelVersion version) {
        long size = LayoutEngine.layout(entry.def(version), KernelConfig.defaults(abi)).size();
        assertTrue(size > LINE / 2, entry + " on " + abi + " is " + size + " bytes: the line-alignment rule below needs > 32");
        long object = (size + LINE - 1) / LINE * LINE;
        return object + (workload == Workload.TCP && version == KernelVersion.PATCHED ? KMALLOC_64 : 0);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("figures")
    void bytesPerEntryEqualTheLayoutsPrediction(Abi abi, EntryStruct entry, Workload workload, KernelVersion version) {
        Figure f = MemoryFootprint.measure(abi, version, workload, entry, ENTRIES);
        long want = expected(abi, entry, workload, version);
        assertEquals(want * ENTRIES, f.totalBytes(), "live bytes added by " + ENTRIES + " entries, by cache: " + f.bytesByCache());
        assertEquals(want, f.bytesPerEntry());
        assertEquals(want * 1_000_000d, f.bytesPerMillion());
        assertEquals(want, f.predictedBytesPerEntry(), "MemoryFootprint.predictBytesPerEntry");
        assertTrue(f.matchesPrediction());
        assertTrue(f.leakFree(), "destroying every entry must give every byte back");
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("figures")
    void onlyTheEntryCacheAndOnPatchedTcpKmalloc64Grow(Abi abi, EntryStruct entry, Workload workload, KernelVersion version) {
        Figure f = MemoryFootprint.measure(abi, version, workload, entry, ENTRIES);
        long size = LayoutEngine.layout(entry.def(version), KernelConfig.defaults(abi)).size();
        long object = (size + LINE - 1) / LINE * LINE;
        assertEquals(object, f.objectBytes(), "object size of " + entry.cacheName());
        Map<String, Long> want = workload == Workload.TCP && version == KernelVersion.PATCHED
                ? Map.of(entry.cacheName(), object * ENTRIES, "kmalloc-64", KMALLOC_64 * ENTRIES)
                : Map.of(entry.cacheName(), object * ENTRIES);
        assertEquals(want, f.bytesByCache());
    }

    @Test
    void theRoutingWorkloadSavesOnEveryEntryExceptAnX86_64RtableWhichStaysOnFiveLines() {
        // The patch shrinks dst_entry by 48 bytes on x86_64 (216 -> 168) and 52 on i386 (144 -> 92).
        // rtable on x86_64 goes from 320 to 280 bytes: both round up to five 64-byte lines.
        for (Abi abi : List.of(Abi.X86_64, Abi.I386)) {
            for (EntryStruct e : EntryStruct.values()) {
                Figure parent = MemoryFootprint.measure(abi, KernelVersion.PARENT, Workload.ROUTING, e, 16);
                Figure patched = MemoryFootprint.measure(abi, KernelVersion.PATCHED, Workload.ROUTING, e, 16);
                if (abi == Abi.X86_64 && e == EntryStruct.RTABLE) {
                    assertEquals(parent.bytesPerEntry(), patched.bytesPerEntry(), abi + " " + e);
                } else {
                    assertTrue(patched.bytesPerEntry() < parent.bytesPerEntry(), abi + " " + e + ": " + parent + " vs " + patched);
                }
            }
        }
    }

    @Test
    void slubRulesMatchTheKernelsForSmallAndOddSizes() {
        // calculate_alignment: a 24-byte object in a HWCACHE_ALIGN cache is aligned to 32 (64 halved once), not 64.
        assertEquals(32, MemoryFootprint.slubObjectSize(Abi.X86_64, 24));
        assertEquals(64, MemoryFootprint.slubObjectSize(Abi.X86_64, 33));
        // kmalloc_index: 56 -> 64, 65 -> 96, 129 -> 192, 200 -> 256; ARM's minimum is its 64-byte DMA alignment.
        assertEquals(64, MemoryFootprint.kmallocClassSize(Abi.X86_64, 56));
        assertEquals(96, MemoryFootprint.kmallocClassSize(Abi.X86_64, 65));
        assertEquals(192, MemoryFootprint.kmallocClassSize(Abi.I386, 129));
        assertEquals(256, MemoryFootprint.kmallocClassSize(Abi.I386, 200));
        assertEquals(64, MemoryFootprint.kmallocClassSize(Abi.ARM, 8));
    }

    @Test
    void theOnHeapMirrorCostsItsObjectPlusAnIntArrayWhenItOwnsItsMetrics() {
        List<MemoryFootprint.HeapFigure> heap = MemoryFootprint.heap(100);
        assertEquals(4, heap.size());
        for (int i = 0; i < heap.size(); i += 2) {
            MemoryFootprint.HeapFigure routing = heap.get(i);
            MemoryFootprint.HeapFigure tcp = heap.get(i + 1);
            assertEquals(routing.instanceBytes(), routing.bytesPerEntry(), routing.toString());
            assertEquals(routing.instanceBytes() + routing.metricsArrayBytes(), tcp.bytesPerEntry(), tcp.toString());
            assertTrue(routing.metricsArrayBytes() >= 4L * 14, "int[14] holds 56 bytes of data");
        }
        assertTrue(heap.get(2).instanceBytes() >= heap.get(0).instanceBytes() + 64, "the padded mirror carries its 64+ byte pad");
    }
}
