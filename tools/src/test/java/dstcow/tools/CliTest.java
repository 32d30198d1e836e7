package dstcow.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI as a user meets it: outputs, exit codes, and the messages for bad input. */
class CliTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void layoutPrintsPaholeWithAssertions() {
        Result r = run("layout", "dst_entry", "--abi", "x86_64", "--kernel", "patched");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("# dstcow layout struct dst_entry | JDK "), r.out());
        assertTrue(r.out().contains("\tatomic_t                   __refcnt;             /*   128     4 */"), r.out());
        assertTrue(r.out().contains("/* ok   refcnt&63: __refcnt at offset 128 on x86_64 (config default) is 64-byte aligned */"), r.out());
    }

    @Test
    void layoutJsonOnAllAbisIsAnArrayOfEightWithFieldTables() throws Exception {
        Result r = run("layout", "dst_entry", "--abi", "all", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode all = new ObjectMapper().readTree(r.out());
        assertEquals(8, all.size());
        JsonNode i386 = all.get(1);
        assertEquals("i386", i386.get("abi").asText());
        assertEquals(92, i386.get("size").asInt());
        JsonNode refcnt = null;
        for (JsonNode f : i386.get("fields")) {
            if (f.get("name").asText().equals("__refcnt")) {
                refcnt = f;
            }
        }
        assertEquals(64, refcnt.get("offset").asInt());
        assertEquals(1, refcnt.get("cacheline").asInt());
        assertTrue(r.err().startsWith("# dstcow layout"), "the environment line goes to stderr for json");
    }

    @Test
    void configSwitchesChangeTheCOutput() {
        Result r = run("layout", "dst_entry", "--abi", "i386", "--config", "CONFIG_XFRM=n", "--format", "c");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("#define CONFIG_XFRM 1"), r.out());
        assertTrue(r.out().contains("#ifdef CONFIG_XFRM\n\tstruct xfrm_state *xfrm;\n#else\n\tvoid *__pad1;\n#endif"), r.out());
    }

    @Test
    void checkPassesOnEveryAbiAndVersion() {
        Result r = run("check");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("64 layouts, 160 gating assertions: 160 hold, 0 fail"), r.out());
    }

    @Test
    void diffShowsFlagsMovingIntoTheWriteableLine() {
        Result r = run("diff", "dst_entry", "--abi", "x86_64");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("x86_64:parent 216 bytes (4 lines of 64) -> x86_64:patched 168 bytes (3 lines of 64): -48 bytes"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  flags +int +36 \\(L0\\) +156 \\(L2\\)  moved, line 0 -> 2\\n.*"), r.out());
    }

    @Test
    void diffBetweenAbisComparesThePatchedKernel() {
        Result r = run("diff", "dst_entry", "--from", "x86_64", "--to", "m68k");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("x86_64:patched 168 bytes (3 lines of 64) -> m68k:patched 92 bytes (6 lines of 16)"), r.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "layout nope|dstcow layout: unknown struct 'nope'; allowed: dst_entry, rcu_head, dst_ops,",
            "layout dst_entry --abi vax|dstcow layout: --abi: unknown ABI 'vax'; allowed: x86_64, i386, arm, aarch64, powerpc64, s390x, riscv64, m68k, all",
            "layout dst_entry --kernel 2.6.38|dstcow layout: --kernel: unknown kernel version '2.6.38'; allowed: parent, patched",
            "layout dst_entry --format xml|dstcow layout: --format 'xml' is not allowed; allowed: pahole, json, c",
            "layout dst_entry --cacheline 48|dstcow layout: --cacheline 48 is not allowed: a power of two from 8 to 4096",
            "layout dst_entry --config CONFIG_FOO=y|dstcow layout: unknown config 'CONFIG_FOO'; allowed: CONFIG_64BIT,",
            "check --kernel next|dstcow check: --kernel: unknown kernel version 'next'; allowed: parent, patched, both",
            "diff dst_entry --from sparc|dstcow diff: --from 'sparc': 'sparc' is neither a kernel version (parent, patched) nor an ABI",
            "frobnicate|dstcow: Unmatched argument at index 0: 'frobnicate'",
    })
    void badInputExitsTwoWithAClearMessage(String args, String message) {
        Result r = run(args.split(" "));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith(message), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void simPrintsEveryRowAndWritesJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path json = dir.resolve("sim.json");
        Result r = run("sim", "--entries", "500", "--routes", "4", "--out", json.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\\nip_dst_cache object bytes +320 +320\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\nleak check +no leaks +no leaks\\n.*"), r.out());
        JsonNode all = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, all.size());
        assertEquals(500, all.get(1).get("entries").asInt());
        Result bad = run("sim", "--out", dir.resolve("sim.txt").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("the file must end in .csv or .json"), bad.err());
    }

    @Test
    void tourRunsAndEndsWithTheMatrix() {
        Result r = run("tour", "--abi", "i386");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("== 2. The layout diff on i386"), r.out());
        assertTrue(r.out().contains("i386:parent 144 bytes (3 lines of 64) -> i386:patched 92 bytes (2 lines of 64): -52 bytes"), r.out());
    }
}
