package dstcow.tools.scenario;

import dstcow.dst.mem.MemoryMode;
import dstcow.ipv4.Ipv4Stack;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every built-in scenario on both kernels, both memory modes, two word sizes: its expects hold and nothing leaks. */
class ScenarioRunnerTest {

    static Stream<Arguments> builtIns() {
        List<Arguments> out = new ArrayList<>();
        for (String name : Scenario.BUILT_IN) {
            for (KernelVersion v : KernelVersion.values()) {
                for (MemoryMode mode : MemoryMode.values()) {
                    if (name.equals("redirect-cow") && mode == MemoryMode.FAST) {
                        continue; // its use-after-free is only visible to checked memory
                    }
                    for (Abi abi : List.of(Abi.X86_64, Abi.I386)) {
                        out.add(Arguments.of(name, v, mode, abi));
                    }
                }
            }
        }
        return out.stream();
    }

    private static ScenarioRunner.Result run(Scenario s, KernelVersion v, MemoryMode mode, Abi abi, StringWriter text) {
        try (Ipv4Stack stack = Ipv4Stack.boot(v, abi, mode)) {
            return new ScenarioRunner(s, stack, new PrintWriter(text, true)).run();
        }
    }

    @ParameterizedTest(name = "{0} on {1}, {2}, {3}")
    @MethodSource("builtIns")
    void builtInScenarioHoldsAndLeaksNothing(String name, KernelVersion v, MemoryMode mode, Abi abi) throws IOException {
        StringWriter text = new StringWriter();
        ScenarioRunner.Result r = run(Scenario.load(name), v, mode, abi, text);
        assertTrue(r.expectations() > 0, "a scenario with no expect line proves nothing");
        if (name.equals("blackhole") && v == KernelVersion.PATCHED) {
            // Finding: ipv4_dst_blackhole_ops has no cow_metrics in 62fa8a84.
            assertNotNull(r.oops(), text::toString);
            assertEquals("NULL_FUNCTION_CALL", r.oops().kind().name());
        } else if (name.equals("redirect-cow") && v == KernelVersion.PATCHED) {
            // Finding: ip_rt_redirect's *rt = *rth shares a private metrics copy that rt_del then frees.
            assertNotNull(r.oops(), text::toString);
            assertEquals("USE_AFTER_FREE", r.oops().kind().name());
        } else {
            assertNull(r.oops(), text::toString);
            assertTrue(r.leaks().isEmpty(), () -> r.leaks() + "\n" + text);
        }
    }

    @Test
    void aFailedExpectNamesFileLineColumnAndBothValues() {
        Scenario s = Scenario.parse("mine.dcs", """
                device eth0 mtu 1500 addr 10.0.0.1/24
                route add 10.1.0.0/16 via 10.0.0.254 dev eth0 mtu 1400
                lookup r output 10.1.0.1
                expect r mtu == 1500
                """);
        ScenarioError e = assertThrows(ScenarioError.class,
                () -> run(s, KernelVersion.PATCHED, MemoryMode.CHECKED, Abi.X86_64, new StringWriter()));
        assertEquals("mine.dcs:4:17: expected r mtu == 1500, it is 1400", e.getMessage());
    }

    @Test
    void unknownCommandsAndNamesAreExplained() {
        Scenario bad = Scenario.parse("x.dcs", "device eth0 mtu 1500 addr 10.0.0.1/24\n  frobnicate r\n");
        ScenarioError e = assertThrows(ScenarioError.class,
                () -> run(bad, KernelVersion.PARENT, MemoryMode.CHECKED, Abi.X86_64, new StringWriter()));
        assertTrue(e.getMessage().startsWith("x.dcs:2:3: unknown command 'frobnicate'; commands: device, route,"), e.getMessage());

        Scenario noRoute = Scenario.parse("y.dcs", "pmtu r 1300\n");
        e = assertThrows(ScenarioError.class,
                () -> run(noRoute, KernelVersion.PARENT, MemoryMode.CHECKED, Abi.X86_64, new StringWriter()));
        assertEquals("y.dcs:1:6: no route or bundle named 'r'; routes: ", e.getMessage());

        Scenario badNumber = Scenario.parse("z.dcs", "device eth0 mtu big addr 10.0.0.1/24\n");
        e = assertThrows(ScenarioError.class,
                () -> run(badNumber, KernelVersion.PARENT, MemoryMode.CHECKED, Abi.X86_64, new StringWriter()));
        assertEquals("z.dcs:1:17: expected a number, found 'big'", e.getMessage());
    }

    @Test
    void kernelTagsMustBeKernels() {
        ScenarioError e = assertThrows(ScenarioError.class, () -> Scenario.parse("t.dcs", "[2.6.38] flush\n"));
        assertEquals("t.dcs:1:1: '[2.6.38]' is not a kernel tag; expected [parent] or [patched]", e.getMessage());
    }

    @Test
    void anUnexpectedOopsPropagatesAsAKernelOops() {
        Scenario s = Scenario.parse("bh.dcs", """
                device eth0 mtu 1500 addr 10.0.0.1/24
                route add 10.6.0.0/16 via 10.0.0.254 dev eth0 mtu 1400
                lookup r output 10.6.0.1
                blackhole bh r
                """);
        dstcow.dst.mem.KernelOops oops = assertThrows(dstcow.dst.mem.KernelOops.class,
                () -> run(s, KernelVersion.PATCHED, MemoryMode.CHECKED, Abi.X86_64, new StringWriter()));
        assertEquals(dstcow.dst.mem.OopsKind.NULL_FUNCTION_CALL, oops.kind());
    }
}
