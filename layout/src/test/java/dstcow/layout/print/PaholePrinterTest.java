package dstcow.layout.print;

import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden files captured from real pahole 1.24 on objects built from our C output (clang, or
 * m68k-linux-gnu-gcc), so the expectation does not come from the printer under test. The
 * tests module repeats this live on every ABI when the tools are installed.
 */
class PaholePrinterTest {

    private static String golden(String name) throws IOException {
        try (InputStream in = PaholePrinterTest.class.getResourceAsStream("/pahole/" + name)) {
            assertNotNull(in, "missing golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0} {1} ({2} names)")
    @CsvSource({
            "patched, x86_64, clang, dst_entry-patched-x86_64.clang.txt",
            "parent,  x86_64, clang, dst_entry-parent-x86_64.clang.txt",
            "patched, i386,   clang, dst_entry-patched-i386.clang.txt",
            "parent,  i386,   clang, dst_entry-parent-i386.clang.txt",
            "patched, m68k,   gcc,   dst_entry-patched-m68k.gcc.txt",
    })
    void matchesRealPahole(String version, String abi, String names, String file) throws IOException {
        var layout = LayoutEngine.layout(DstEntry.of(KernelVersion.parse(version)), KernelConfig.defaults(Abi.parse(abi)));
        String ours = PaholePrinter.print(layout, names.equals("gcc") ? PaholePrinter.Names.GCC : PaholePrinter.Names.CLANG);
        String diff = PaholeText.firstDifference(golden(file), ours);
        assertNull(diff, () -> diff + "\n--- dstcow:\n" + ours);
    }

    @Test
    void normalizationKeepsRealDifferences() throws IOException {
        String pahole = golden("dst_entry-patched-x86_64.clang.txt");
        String moved = pahole.replace("/*   128     4 */", "/*   132     4 */");
        assertEquals("line 23: pahole has 'atomic_t__refcnt;/*1284*/', dstcow has 'atomic_t__refcnt;/*1324*/'",
                PaholeText.firstDifference(pahole, moved));
    }

    @Test
    void gccNamesAreDwarfNames() {
        var layout = LayoutEngine.layout(DstEntry.PATCHED, KernelConfig.defaults(Abi.X86_64));
        String text = PaholePrinter.print(layout, PaholePrinter.Names.GCC);
        assertTrue(text.matches("(?s).*\tlong unsigned int +_metrics;.*"), text);
        assertTrue(text.matches("(?s).*\tshort int +error;.*"), text);
    }
}
