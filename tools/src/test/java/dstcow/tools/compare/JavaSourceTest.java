package dstcow.tools.compare;

import dstcow.dst.DstKernel;
import dstcow.dst.ops.FnTypes;
import dstcow.tools.compare.fixture.PktRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java source extraction: the element found by name in its class body with a brace matcher, with its Javadoc and annotations. */
class JavaSourceTest {

    private static final JavaSource SOURCES = JavaSource.find().orElseThrow(() -> new AssertionError(JavaSource.searched()));

    @Test
    void theRepositoryIsTheDirectoryHoldingTheDstModule() {
        assertTrue(SOURCES.root().resolve("dst/src/main/java").toFile().isDirectory(), SOURCES.root().toString());
    }

    @Test
    void aMethodComesWithItsJavadocAndAnnotationsAndEndsAtItsBrace() throws Exception {
        JavaSource.Snippet s = SOURCES.extract(PktRoute.class.getDeclaredMethod("pktUpdatePmtuStore", long.class, int.class)).orElseThrow();
        assertEquals("tools/src/test/java/dstcow/tools/compare/fixture/PktRoute.java", s.relativeFile());
        assertEquals(List.of(
                "/** The last line of {@code pkt_update_pmtu}, split out: a part of it. */",
                "@KernelSource(file = PKT_ROUTE_C, symbol = \"pkt_update_pmtu\", commit = KernelSource.PATCHED, note = \"the store\")",
                "void pktUpdatePmtuStore(long dst, int mtu) {",
                "    k.dstMetricSet(dst, RTAX_MTU, mtu);",
                "}"), s.lines());
    }

    @Test
    void aFieldEndsAtItsSemicolon() throws Exception {
        JavaSource.Snippet s = SOURCES.extract(PktRoute.class.getDeclaredField("PKT_F_NOCACHE")).orElseThrow();
        assertEquals("public static final int PKT_F_NOCACHE = 0x0020;", s.lines().getLast());
        assertTrue(s.lines().getFirst().startsWith("/** Wrong on purpose"), s.text());
    }

    @Test
    void overloadsAreToldApartByTheirParameters() throws Exception {
        var two = DstKernel.class.getMethod("boot", dstcow.layout.model.KernelVersion.class, dstcow.layout.abi.Abi.class);
        var three = DstKernel.class.getMethod("boot", dstcow.layout.model.KernelVersion.class, dstcow.layout.abi.Abi.class,
                dstcow.dst.mem.MemoryMode.class);
        String a = SOURCES.extract(two).orElseThrow().text();
        String b = SOURCES.extract(three).orElseThrow().text();
        assertTrue(a.contains("boot(KernelVersion version, Abi abi) {"), a);
        assertTrue(b.contains("boot(KernelVersion version, Abi abi, MemoryMode mode) {"), b);
    }

    @Test
    void anInterfaceMethodInANestedTypeEndsAtItsSemicolon() throws Exception {
        JavaSource.Snippet s = SOURCES.extract(FnTypes.CowMetrics.class.getMethod("cowMetrics", long.class, long.class)).orElseThrow();
        assertEquals("long cowMetrics(long dst, long old);", s.lines().getLast());
    }

    @Test
    void aConstructorIsFoundByItsClassName() throws Exception {
        JavaSource.Snippet s = SOURCES.extract(PktRoute.class.getDeclaredConstructor(DstKernel.class, FnTypes.CowMetrics.class)).orElseThrow();
        assertEquals("PktRoute(DstKernel k, FnTypes.CowMetrics cow) {", s.lines().getFirst());
    }

    @Test
    void withoutTheSourceThereIsNothing(@TempDir Path empty) throws Exception {
        assertTrue(JavaSource.at(empty).extract(PktRoute.class.getDeclaredMethod("pktGone", long.class)).isEmpty());
    }
}
