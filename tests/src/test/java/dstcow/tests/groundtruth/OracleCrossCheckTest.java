package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.RecordDef;
import dstcow.layout.print.CPrinter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracles checked against each other, independently of the engine: on x86_64, where GCC and
 * clang agree, GCC's constants and bitfield probes must give exactly what clang's layout dump
 * and constants give, for every member of a thousand random structs. This is what vouches for
 * the GCC path that is the ground truth on m68k.
 */
class OracleCrossCheckTest {

    @Test
    void gccProbesAndClangDumpAgreeOnX86_64() {
        Compiler gcc = new Compiler(Abi.X86_64, "x86_64-linux-gnu-gcc", true).assumeAvailable();
        GroundTruth.assumeAvailable(Abi.X86_64);
        KernelConfig config = KernelConfig.defaults(Abi.X86_64);
        RandomStructs generator = new RandomStructs(20110127, Abi.X86_64);
        List<RecordDef> defs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            defs.add(generator.next());
        }
        CPrinter printer = new CPrinter(config, 64);
        defs.forEach(printer::add);
        String source = printer.print();

        Map<String, CompilerLayout> byGcc = new ConstantsOracle(gcc).layouts(source, defs, config);
        Map<String, CompilerLayout> byClang = GroundTruth.layouts(source, defs, config);

        int bitfields = 0;
        for (RecordDef def : defs) {
            CompilerLayout g = byGcc.get(def.tag());
            CompilerLayout c = byClang.get(def.tag());
            assertEquals(c, g, () -> def.cName() + ":\n" + new CPrinter(config, 64).add(def).print());
            bitfields += (int) g.fields().values().stream().filter(f -> f.bitWidth() != CompilerLayout.UNKNOWN).count();
        }
        // The probes must actually have placed bitfields, not just agreed on structs without any.
        int probed = bitfields;
        assertTrue(probed > 1000, () -> "only " + probed + " bitfields probed");
    }
}
