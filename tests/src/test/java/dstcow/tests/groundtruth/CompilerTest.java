package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which compiler decides for each ABI, what a test says when it is missing, and what a failed compile reports. */
class CompilerTest {

    @Test
    void gccDecidesForM68kAndClangForTheRest() {
        for (Abi abi : Abi.values()) {
            Compiler c = GroundTruth.compiler(abi);
            if (abi == Abi.M68K) {
                assertEquals("m68k-linux-gnu-gcc", c.executable());
                assertTrue(c.gcc());
                assertEquals(List.of(), c.targetFlags());
            } else {
                assertEquals("clang", c.executable());
                assertEquals(List.of("-target", abi.triple()), c.targetFlags());
            }
        }
    }

    @Test
    void aMissingCompilerSkipsWithThePackageToInstall() {
        Compiler gcc = new Compiler(Abi.M68K, "dstcow-no-such-m68k-linux-gnu-gcc", true);
        Compiler clang = new Compiler(Abi.ARM, "dstcow-no-such-clang", false);

        assertFalse(gcc.available());
        TestAbortedException e = assertThrows(TestAbortedException.class, gcc::assumeAvailable);
        assertTrue(e.getMessage().contains("dstcow-no-such-m68k-linux-gnu-gcc not found on PATH: apt-get install gcc-dstcow-no-such-m68k-linux-gnu"),
                e.getMessage());
        e = assertThrows(TestAbortedException.class, clang::assumeAvailable);
        assertTrue(e.getMessage().contains("dstcow-no-such-clang not found on PATH: apt-get install clang"), e.getMessage());
    }

    @Test
    void aRejectedSourceFailsWithTheDiagnosticsAndTheNumberedSource() {
        Compiler clang = Compiler.clang(Abi.X86_64).assumeAvailable();

        Compiler.CompilerFailure e = assertThrows(Compiler.CompilerFailure.class,
                () -> clang.run("struct s { int a; };\nstruct s { int b; };\n", List.of("-fsyntax-only"), Compiler.Run::stdout));

        assertTrue(e.getMessage().contains("redefinition of 's'"), e.getMessage());
        assertTrue(e.getMessage().contains("    2  struct s { int b; };"), e.getMessage());
    }
}
