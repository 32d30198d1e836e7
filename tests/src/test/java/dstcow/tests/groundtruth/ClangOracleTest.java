package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ClangOracle} on plain C text, by struct tag, for the target triple rather than the host. */
class ClangOracleTest {

    static final String SOURCE = """
            struct a { char c; long long ll; struct { short s : 3; } inner; };
            struct unused { int x; };
            """;

    @Test
    void laysOutForTheTargetTriple() {
        Compiler.clang(Abi.I386).assumeAvailable();

        CompilerLayout i386 = ClangOracle.layouts(SOURCE, List.of("a"), Abi.I386).get("a");
        CompilerLayout arm = ClangOracle.layouts(SOURCE, List.of("a"), Abi.ARM).get("a");

        // long long is 4-aligned in i386 structs, 8-aligned on ARM EABI.
        assertEquals(32, i386.fields().get("ll").bitOffset());
        assertEquals(64, arm.fields().get("ll").bitOffset());
        assertEquals(List.of(16L, 4L, 96L, 96L), List.of(i386.size(), i386.align(), i386.fields().get("inner").bitOffset(),
                i386.fields().get("inner.s").bitOffset()));
        assertEquals(3, i386.fields().get("inner.s").bitWidth());
    }

    @Test
    void anUndefinedStructIsACompileErrorNamingIt() {
        Compiler.clang(Abi.X86_64).assumeAvailable();

        Compiler.CompilerFailure e = assertThrows(Compiler.CompilerFailure.class,
                () -> ClangOracle.layouts(SOURCE, List.of("missing"), Abi.X86_64));

        assertTrue(e.getMessage().contains("incomplete type 'struct missing'"), e.getMessage());
    }

    @Test
    void onlyTheAskedStructsAreReturned() {
        Compiler.clang(Abi.X86_64).assumeAvailable();

        Map<String, CompilerLayout> layouts = ClangOracle.layouts(SOURCE, List.of("unused", "a"), Abi.X86_64);

        assertEquals(List.of("unused", "a"), List.copyOf(layouts.keySet()));
        assertEquals(4, layouts.get("unused").size());
    }
}
