package dstcow.dst.mem;

import dstcow.layout.abi.Abi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulated address space and its allocator, on their own. */
class KernelMemoryTest {

    private static KernelMemory checked(Abi abi) {
        return KernelMemory.create(abi, MemoryMode.CHECKED);
    }

    /** Sizes and classes from SLUB's kmalloc_index() for KMALLOC_MIN_SIZE 8 (x86_64) and 64 (ARM). */
    @ParameterizedTest
    @CsvSource({
        "x86_64, 1, kmalloc-8", "x86_64, 8, kmalloc-8", "x86_64, 9, kmalloc-16", "x86_64, 56, kmalloc-64",
        "x86_64, 65, kmalloc-96", "x86_64, 96, kmalloc-96", "x86_64, 97, kmalloc-128", "x86_64, 129, kmalloc-192",
        "x86_64, 193, kmalloc-256", "x86_64, 4096, kmalloc-4096", "x86_64, 8192, kmalloc-8192", "x86_64, 8193, kmalloc-large",
        "i386, 56, kmalloc-64", "i386, 92, kmalloc-96",
        "arm, 1, kmalloc-64", "arm, 56, kmalloc-64", "arm, 65, kmalloc-128", "arm, 129, kmalloc-192",
    })
    void kmallocServesEachSizeFromTheKernelsSizeClass(String abi, long size, String cache) {
        try (KernelMemory mem = checked(Abi.parse(abi))) {
            assertEquals(cache, mem.kmallocCacheFor(size).name());
            long p = mem.kmalloc(size, "test");
            assertEquals(cache, mem.leaks().objects().getLast().cache());
            assertEquals(0, p % mem.kmallocMinAlign(), "ARCH_KMALLOC_MINALIGN");
        }
    }

    @ParameterizedTest
    @CsvSource({"x86_64, 8", "i386, 8", "arm, 64", "powerpc64, 8", "m68k, 2"})
    void archKmallocMinalignFollowsTheArchitecture(String abi, long align) {
        assertEquals(align, KernelMemory.archKmallocMinalign(Abi.parse(abi)));
    }

    @Test
    void theArmKmallocClassesHaveNo96ByteCache() {
        try (KernelMemory mem = checked(Abi.ARM)) {
            List<String> names = mem.kmallocCaches().stream().map(KmemCache::name).toList();
            assertEquals(List.of("kmalloc-64", "kmalloc-128", "kmalloc-192", "kmalloc-256", "kmalloc-512", "kmalloc-1024",
                    "kmalloc-2048", "kmalloc-4096", "kmalloc-8192"), names);
        }
        try (KernelMemory mem = checked(Abi.X86_64)) {
            assertEquals(List.of("kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96", "kmalloc-128", "kmalloc-192",
                    "kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048", "kmalloc-4096", "kmalloc-8192"),
                    mem.kmallocCaches().stream().map(KmemCache::name).toList());
        }
    }

    @Test
    void addressesAreDeterministicKernelAddressesOfThePointerWidth() {
        try (KernelMemory a = checked(Abi.X86_64); KernelMemory b = KernelMemory.create(Abi.X86_64, MemoryMode.FAST)) {
            long p = a.kmalloc(56, "test");
            assertEquals(0xffff880000020000L, p);
            assertEquals(p, b.kmalloc(56, "test"), "the same run gives the same addresses in both modes");
            assertEquals("0xffff880000020000", a.hex(p));
        }
        try (KernelMemory mem = checked(Abi.I386)) {
            assertEquals(0xc0020000L, mem.kmalloc(56, "test"));
            assertEquals(0xc0000000L, mem.dataBase());
            assertEquals(0xc1000000L, mem.textBase());
        }
    }

    @Test
    void freedObjectsWaitInQuarantineBeforeReuse() {
        try (KernelMemory mem = KernelMemory.builder(Abi.X86_64).quarantineBytes(128).build()) {
            long a = mem.kmalloc(56, "test");
            mem.kfree(a, "test");
            long b = mem.kmalloc(56, "test");
            long c = mem.kmalloc(56, "test");
            assertNotEquals(a, b, "the freed object is quarantined");
            mem.kfree(b, "test");
            mem.kfree(c, "test");
            // 192 bytes quarantined > 128: the oldest (a) went back to the freelist.
            assertEquals(a, mem.kmalloc(56, "test"));
        }
    }

    @Test
    void kzallocZeroesAndCheckedKmallocPoisons() {
        try (KernelMemory mem = checked(Abi.X86_64)) {
            long p = mem.kmalloc(56, "test");
            assertEquals(0x6b6b6b6b, mem.readU32(p, "test"), "uninitialised memory reads as POISON_FREE");
            mem.writeU32(p, 42, "test");
            mem.kfree(p, "test");
            long q = mem.kzalloc(56, "test");
            for (int i = 0; i < 56; i += 4) {
                assertEquals(0, mem.readU32(q + i, "test"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Abi.class, names = {"X86_64", "I386", "POWERPC64", "S390X", "M68K"})
    void valuesUseTheAbisByteOrderAndWidth(Abi abi) {
        try (KernelMemory mem = checked(abi)) {
            long p = mem.kzalloc(16, "test");
            mem.writeU32(p, 0x01020304, "test");
            assertEquals(abi.bigEndian() ? 1 : 4, mem.readU8(p, "test"));
            mem.writeU16(p + 8, 0xbeef, "test");
            assertEquals(0xbeef, mem.readU16(p + 8, "test"));
            mem.writeU32(p + 4, 0, "test");
            mem.writeULong(p, -1L, "test");
            assertEquals(abi.pointerSize() == 8 ? -1L : 0xffffffffL, mem.readULong(p, "test"));
            assertEquals(abi.pointerSize() == 8 ? -1 : 0, mem.readU32(p + 4, "test"), "a 32-bit unsigned long covers 4 bytes only");
            long word = p + 8;
            mem.writeULong(word, 5, "test");
            assertEquals(5, mem.cmpxchgULong(word, 5, 7, "test"));
            assertEquals(7, mem.cmpxchgULong(word, 5, 9, "test"));
            assertEquals(7, mem.readULong(word, "test"));
            assertEquals(List.of(TraceKind.CMPXCHG_WON, TraceKind.CMPXCHG_LOST),
                    mem.trace().events(TraceKind.CMPXCHG_WON, TraceKind.CMPXCHG_LOST).stream().map(TraceEvent::kind).toList());
            mem.atomicSet(p, 10, "test");
            assertEquals(11, mem.atomicAddReturn(p, 1, "test"));
            assertEquals(10, mem.atomicAddReturn(p, -1, "test"));
        }
    }

    @Test
    void accountingCountsLiveObjectsBytesAndHighWaterMarks() {
        try (KernelMemory mem = checked(Abi.X86_64)) {
            long live = mem.liveBytes();
            List<Long> ps = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ps.add(mem.kmalloc(56, "dst_cow_metrics_generic"));
            }
            mem.kfree(ps.get(0), "__dst_destroy_metrics_generic");
            CacheStats s = mem.stats("kmalloc-64");
            assertEquals(new CacheStats("kmalloc-64", 64, 2, 128, 3, 192, 3, 1, 0), s);
            assertEquals(live + 128, mem.liveBytes());
            mem.setFailslab(Failslab.always());
            assertEquals(0, mem.kmalloc(56, "test"));
            assertEquals(1, mem.stats("kmalloc-64").failures());
        }
    }

    @Test
    void theLeakReportNamesEachLiveObjectAndItsAllocator() {
        try (KernelMemory mem = checked(Abi.X86_64)) {
            long mark = mem.mark();
            long a = mem.kmalloc(56, "dst_cow_metrics_generic");
            long b = mem.kzalloc(300, "fib_create_info");
            mem.kfree(a, "test");
            LeakReport r = mem.leaksSince(mark);
            assertEquals(1, r.objects().size());
            assertEquals("1 object, 512 bytes still allocated:\n  " + mem.hex(b) + "  kmalloc-512 (300 bytes) allocated by fib_create_info (#"
                    + r.objects().get(0).seq() + ")", r.toString());
            mem.kfree(b, "test");
            assertTrue(mem.leaksSince(mark).isEmpty());
            assertEquals("no leaks", mem.leaksSince(mark).toString());
        }
    }

    @ParameterizedTest
    @CsvSource({"x86_64, 168, 192, 64", "i386, 92, 128, 64", "powerpc64, 168, 256, 128", "s390x, 168, 256, 256", "x86_64, 20, 24, 8"})
    void kmemCacheCreateAlignsLikeSlub(String abi, long size, long objectSize, long align) {
        try (KernelMemory mem = checked(Abi.parse(abi))) {
            KmemCache c = mem.kmemCacheCreate("ip_dst_cache", size, 0, size > 32 ? KernelMemory.SLAB_HWCACHE_ALIGN : 0, "ip_rt_init");
            assertEquals(objectSize, c.objectSize());
            assertEquals(align, c.align());
            long p = mem.kmemCacheZalloc(c, "dst_alloc");
            long q = mem.kmemCacheAlloc(c, "dst_alloc");
            assertEquals(0, p % align);
            assertEquals(objectSize, q - p);
            assertEquals(c, mem.cacheAt(c.address(), "dst_alloc"));
            assertFalse(mem.kmemCacheDestroy(c, "test"), "it still has objects");
            assertEquals(1, mem.trace().count(TraceKind.WARNING));
            mem.kmemCacheFree(c, p, "dst_destroy");
            mem.kmemCacheFree(c, q, "dst_destroy");
            assertTrue(mem.kmemCacheDestroy(c, "test"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mem.cache("ip_dst_cache"));
            assertTrue(e.getMessage().startsWith("no slab cache 'ip_dst_cache'; caches: kmalloc-"), e.getMessage());
        }
    }

    @Test
    void failslabFailsTheNthAllocationOnce() {
        try (KernelMemory mem = checked(Abi.X86_64)) {
            mem.setFailslab(Failslab.nth(3));
            List<Boolean> ok = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ok.add(mem.kmalloc(56, "test") != 0);
            }
            assertEquals(List.of(true, true, false, true, true), ok);
            List<TraceEvent> failed = mem.trace().events(TraceKind.ALLOC_FAILED);
            assertEquals(1, failed.size());
            assertEquals("kmalloc(56) from kmalloc-64 = NULL (failslab: allocation #3)", failed.get(0).detail());
        }
    }

    @Test
    void failslabCanBeLimitedToOneCacheAndANumberOfTimes() {
        try (KernelMemory mem = checked(Abi.X86_64)) {
            mem.setFailslab(Failslab.always().onlyCache("kmalloc-64").times(2));
            assertNotEquals(0, mem.kmalloc(20, "test"), "kmalloc-32 is not targeted");
            assertEquals(0, mem.kmalloc(56, "test"));
            assertEquals(0, mem.kmalloc(64, "test"));
            assertNotEquals(0, mem.kmalloc(56, "test"), "at most twice");
            assertEquals(2, mem.failslab().failures());
            assertEquals(3, mem.failslab().attempts());
        }
    }

    @Test
    void failslabWithAProbabilityIsReproducibleFromItsSeed() {
        long seed = 42;
        List<Boolean> first = pattern(Failslab.probability(0.25, seed), 400);
        List<Boolean> second = pattern(Failslab.probability(0.25, seed), 400);
        assertEquals(first, second, "seed " + seed);
        long failures = first.stream().filter(b -> !b).count();
        assertTrue(failures > 60 && failures < 140, "seed " + seed + ": " + failures + " failures of 400 at p=0.25");
        assertNotEquals(first, pattern(Failslab.probability(0.25, seed + 1), 400));
        assertThrows(IllegalArgumentException.class, () -> Failslab.probability(1.5, 1));
    }

    private static List<Boolean> pattern(Failslab plan, int n) {
        try (KernelMemory mem = checked(Abi.X86_64)) {
            mem.setFailslab(plan);
            List<Boolean> ok = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long p = mem.kmalloc(56, "test");
                ok.add(p != 0);
                mem.kfree(p, "test");
            }
            return ok;
        }
    }

    @Test
    void anExhaustedHeapReturnsNull() {
        try (KernelMemory mem = KernelMemory.builder(Abi.X86_64).heapBytes(2 * KernelMemory.PAGE_SIZE).build()) {
            int n = 0;
            while (mem.kmalloc(1024, "test") != 0) {
                n++;
            }
            assertTrue(n >= 1 && n <= 8, "objects that fit: " + n);
            TraceEvent e = mem.trace().events(TraceKind.ALLOC_FAILED).get(0);
            assertEquals("kmalloc(1024) from kmalloc-1024 = NULL (out of memory: the 8192-byte emulated heap is full)", e.detail());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelMemory.builder(Abi.I386).heapBytes(64L << 20).build());
        assertTrue(e.getMessage().startsWith("heap of 67108864 bytes does not fit on i386"), e.getMessage());
    }

    @Test
    void rodataAndDataAreNamedStaticObjects() {
        try (KernelMemory mem = checked(Abi.X86_64)) {
            long t = mem.defineRodataU32("ip6_template_metrics", 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0);
            assertEquals(255, mem.readU32(t + 36, "test"));
            assertEquals("ip6_template_metrics+0x24", mem.symbolize(t + 36));
            long d = mem.defineData("ipv4_dst_ops", 192, 64);
            assertEquals(0, d % 64);
            mem.writeU32(d, 2, "test");
            assertEquals(d, mem.staticAddress("ipv4_dst_ops"));
            assertThrows(KernelOops.class, () -> mem.writeU32(t, 1, "test"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mem.defineData("ipv4_dst_ops", 8, 8));
            assertEquals("static object 'ipv4_dst_ops' is already defined", e.getMessage());
        }
    }

    @Test
    void theSymbolTableMapsAddressesToNamedImplementations() {
        try (KernelMemory mem = checked(Abi.X86_64)) {
            Runnable impl = () -> { };
            long a = mem.symbols().register("dst_discard", impl);
            assertEquals(0xffffffff81001000L, a);
            assertEquals(a + SymbolTable.SLOT, mem.symbols().register("dst_cow_metrics_generic", (Runnable) () -> { }));
            assertEquals("dst_discard", mem.symbols().lookup(a).name());
            assertNull(mem.symbols().lookup(a + 8));
            assertEquals(impl, mem.symbols().resolve(a, Runnable.class, "test", "f"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mem.symbols().register("dst_discard", impl));
            assertEquals("kernel function dst_discard is already defined at 0xffffffff81001000", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> mem.symbols().addressOf("ipv4_cow_metrics"));
            assertEquals("no kernel function 'ipv4_cow_metrics'; registered: dst_discard, dst_cow_metrics_generic", e.getMessage());
        }
    }

    @Test
    void theTracePrintsFiltersCountsAndCanBeSwitchedOff() {
        try (KernelMemory mem = KernelMemory.builder(Abi.X86_64).traceCapacity(3).build()) {
            Trace t = mem.trace();
            long first = t.mark();
            long p = mem.kmalloc(56, "dst_cow_metrics_generic");
            mem.kfree(p, "__dst_destroy_metrics_generic");
            StringWriter out = new StringWriter();
            t.print(new PrintWriter(out), e -> e.seq() >= first);
            assertEquals(String.format("%4d  kmalloc          dst_cow_metrics_generic        0xffff880000020000  56 bytes -> kmalloc-64%n"
                    + "%4d  kfree            __dst_destroy_metrics_generic  0xffff880000020000  56 bytes <- kmalloc-64"
                    + " (allocated by dst_cow_metrics_generic)%n", first, first + 1), out.toString());
            assertEquals(1, t.events(TraceKind.KFREE).size());
            for (int i = 0; i < 5; i++) {
                mem.kfree(mem.kmalloc(8, "test"), "test");
            }
            assertEquals(3, t.events().size(), "only the last 3 are kept");
            assertEquals(6, t.count(TraceKind.KMALLOC), "counts stay exact");
            t.setEnabled(false);
            mem.kmalloc(8, "test");
            assertEquals(6, t.count(TraceKind.KMALLOC));
            t.setEnabled(true);
            t.clear();
            assertEquals(0, t.count(TraceKind.KMALLOC));
            assertTrue(t.events().isEmpty());
        }
    }

    @Test
    void closedMemoryRefusesAllocations() {
        KernelMemory mem = checked(Abi.X86_64);
        mem.close();
        assertThrows(IllegalStateException.class, () -> mem.kmalloc(8, "test"));
    }

    /** Code that runs on a memory: the kernels' shape, reduced to one load and one store. */
    private static final class Code extends MemoryAccess {
        Code(KernelMemory mem) {
            super(mem);
        }

        int load(long address) {
            return loadU32(address, "test_load");
        }

        void store(long address, int value) {
            storeU32(address, value, "test_store");
        }

        long loadWord(long address) {
            return loadULong(address, "test_load");
        }
    }

    @ParameterizedTest
    @CsvSource({"x86_64, fast", "x86_64, checked", "i386, fast", "i386, checked", "s390x, fast", "s390x, checked"})
    void codeOnAMemorySeesWhatTheMemorySeesAndItsFaultsAreOopses(String abiName, String modeName) {
        Abi abi = Abi.parse(abiName);
        try (KernelMemory mem = KernelMemory.create(abi, MemoryMode.parse(modeName))) {
            Code code = new Code(mem);
            long p = mem.kzalloc(16, "test");
            code.store(p + 4, 1400);
            assertEquals(1400, mem.readU32(p + 4, "test"));
            mem.writeULong(p + 8, p | 1, "test");
            assertEquals(p | 1, code.loadWord(p + 8), "an unsigned long is " + abi.pointerSize() + " bytes on " + abi);
            assertEquals(1400, code.load(p + 4));
            KernelOops o = assertThrows(KernelOops.class, () -> code.load(0));
            assertEquals(OopsKind.NULL_POINTER, o.kind());
            assertTrue(o.getMessage().startsWith("NULL pointer dereference in test_load: read of size 4 at "), o.getMessage());
            o = assertThrows(KernelOops.class, () -> code.store(mem.textBase() - 4096, 1));
            assertTrue(o.getMessage().contains("in test_store: write of size 4 at "), o.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({"x86_64, fast, true", "x86_64, checked, false", "aarch64, fast, true", "i386, fast, false", "s390x, fast, false",
            "powerpc64, fast, false"})
    void theHotWindowIsOpenOnlyInFastMemoryOnA64BitLittleEndianAbiAndClosingShutsIt(String abiName, String modeName, boolean open) {
        KernelMemory mem = KernelMemory.create(Abi.parse(abiName), MemoryMode.parse(modeName));
        Code code = new Code(mem);
        assertEquals(open, mem.windowSize() > 0, abiName + " " + modeName);
        assertEquals(mem.windowSize(), code.windowSize(), "code starts with the memory's window");
        mem.close();
        assertEquals(0, mem.windowSize());
        assertEquals(0, code.windowSize());
    }

    @ParameterizedTest
    @EnumSource(MemoryMode.class)
    void closingTheMemoryShutsTheWindowOfTheCodeRunningOnIt(MemoryMode mode) {
        KernelMemory mem = KernelMemory.create(Abi.X86_64, mode);
        Code code = new Code(mem);
        long p = mem.kzalloc(16, "test");
        code.store(p, 7);
        assertEquals(7, code.load(p));
        mem.close();
        // The native memory is gone: an access that still went through would read freed memory
        // or crash the JVM. Each one fails its bound instead, and says the memory is closed.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> code.load(p));
        assertEquals("kernel memory is closed: read at " + mem.hex(p) + " in test_load", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> code.store(p, 8));
        assertEquals("kernel memory is closed: write at " + mem.hex(p) + " in test_store", e.getMessage());
        assertThrows(IllegalStateException.class, () -> mem.readU32(p, "test"));
        // Code that attaches after the close starts with the window shut.
        Code late = new Code(mem);
        assertThrows(IllegalStateException.class, () -> late.load(p));
    }
}
