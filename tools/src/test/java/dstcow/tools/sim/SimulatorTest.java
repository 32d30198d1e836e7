package dstcow.tools.sim;

import dstcow.dst.mem.Failslab;
import dstcow.dst.mem.MemoryMode;
import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.kernel.Rtable;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorTest {

    private static Simulator.Result run(KernelVersion v, Abi abi, int entries, Mix mix, Failslab fail) {
        return Simulator.run(new Simulator.Config(v, abi, 8, entries, mix, fail, 3, MemoryMode.FAST), p -> { });
    }

    @ParameterizedTest(name = "{0} on {1}: {2}-byte rtable in {3}-byte objects")
    @CsvSource({"parent, x86_64, 320, 320", "patched, x86_64, 280, 320", "parent, i386, 240, 256", "patched, i386, 192, 192"})
    void entryMemoryIsWhatTheLayoutsPredict(String version, String abi, long rtableSize, long objectSize) {
        KernelVersion v = KernelVersion.parse(version);
        Abi a = Abi.parse(abi);
        // sizeof(struct rtable) as clang reports it (x86_64 280/320 and i386 192/240, patched/parent; the tests
        // module checks the engine against clang on every ABI) ...
        assertEquals(rtableSize, LayoutEngine.layout(Rtable.of(v), KernelConfig.defaults(a)).size());
        assertEquals(objectSize, Simulator.predictedEntryBytes(v, a));
        // ... and what the emulated slab really spends per entry, reads only: exactly the object size.
        Simulator.Result r = run(v, a, 2000, new Mix(100, 0, 0, 0, 0), null);
        assertEquals(2000, r.dstCacheObjects());
        assertEquals(objectSize, r.dstObjectBytes());
        assertEquals(objectSize * 2000, r.dstCacheBytes());
        assertEquals(0, r.kmalloc64Objects(), "reads never copy");
        assertEquals("no leaks", r.leakCheck());
    }

    @Test
    void everyTcpUpdateCopiesOnceOnThePatchedKernelOnly() {
        Simulator.Result patched = run(KernelVersion.PATCHED, Abi.X86_64, 1000, new Mix(0, 0, 100, 0, 0), null);
        Simulator.Result parent = run(KernelVersion.PARENT, Abi.X86_64, 1000, new Mix(0, 0, 100, 0, 0), null);
        assertEquals(patched.kmalloc64Objects(), patched.cows());
        assertTrue(patched.cows() > 500 && patched.cows() <= 1000, "cows " + patched.cows());
        assertEquals(0, parent.cows());
        assertEquals(0, parent.kmalloc64Objects());
    }

    @Test
    void failingCopiesDropWritesAndLeakNothing() {
        Simulator.Result r = run(KernelVersion.PATCHED, Abi.X86_64, 1000, new Mix(0, 50, 50, 0, 0),
                Failslab.probability(0.5, 11).onlyCache("kmalloc-64"));
        assertTrue(r.droppedWrites() > 0, "dropped " + r.droppedWrites());
        assertEquals(r.droppedWrites(), r.failedCows(), "every dropped write here is a failed copy");
        assertEquals("no leaks", r.leakCheck());
        Simulator.Result parent = run(KernelVersion.PARENT, Abi.X86_64, 1000, new Mix(0, 50, 50, 0, 0),
                Failslab.probability(0.5, 11).onlyCache("kmalloc-64"));
        assertEquals(0, parent.droppedWrites(), "the parent kernel's metric writes cannot fail");
    }

    @Test
    void badSizesAndMixesAreRejectedWithTheAllowedRange() {
        assertEquals("--routes 5000 is not allowed: 1 to 4096", assertThrows(IllegalArgumentException.class,
                () -> new Simulator.Config(KernelVersion.PATCHED, Abi.X86_64, 5000, 10, Mix.routingDefault(), null, 1, MemoryMode.FAST)).getMessage());
        assertEquals("--entries 0 is not allowed: 1 to routes x 4094 (4094 with --routes 1)", assertThrows(IllegalArgumentException.class,
                () -> new Simulator.Config(KernelVersion.PATCHED, Abi.X86_64, 1, 0, Mix.routingDefault(), null, 1, MemoryMode.FAST)).getMessage());
        assertEquals("--mix 'read=1,dns=2': unknown kind 'dns'; kinds: read, pmtu, tcp, ipsec, expire",
                assertThrows(IllegalArgumentException.class, () -> Mix.parse("read=1,dns=2")).getMessage());
        assertEquals("--mix needs at least one positive weight among read, pmtu, tcp, ipsec, expire",
                assertThrows(IllegalArgumentException.class, () -> Mix.parse("read=0")).getMessage());
        assertEquals("--mix 'read=x': weight 'x' of read is not a whole number",
                assertThrows(IllegalArgumentException.class, () -> Mix.parse("read=x")).getMessage());
    }
}
