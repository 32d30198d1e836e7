package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.RecordDef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiler's word on a set of records for one ABI. For ABIs where clang agrees with GCC (the
 * kernel's compiler), clang: its layout dump gives every bit offset, bitfields included, and
 * its constants give member sizes, and the two must agree. For m68k, where clang does not
 * follow GCC ({@code long long} 8-aligned instead of 2, bitfields aligned to their type),
 * {@code m68k-linux-gnu-gcc} through {@link ConstantsOracle} and its bitfield probes.
 */
public final class GroundTruth {
    private GroundTruth() {
    }

    /** The compiler that decides for the ABI. */
    public static Compiler compiler(Abi abi) {
        return Compiler.groundTruth(abi);
    }

    /** Skips the calling test when the ABI's ground-truth compiler is not installed. */
    public static void assumeAvailable(Abi abi) {
        compiler(abi).assumeAvailable();
    }

    /** Each record's layout by tag; {@code source} must define them all (as {@code CPrinter} prints them). */
    public static Map<String, CompilerLayout> layouts(String source, List<RecordDef> records, KernelConfig config) {
        Compiler compiler = compiler(config.abi());
        Map<String, CompilerLayout> constants = new ConstantsOracle(compiler).layouts(source, records, config);
        if (compiler.gcc()) {
            return constants;
        }
        Map<String, CompilerLayout> dumped = ClangOracle.layoutsOfRecords(source, records, config.abi());
        Map<String, CompilerLayout> out = new LinkedHashMap<>();
        dumped.forEach((tag, l) -> out.put(tag, l.merge(constants.get(tag))));
        return out;
    }
}
