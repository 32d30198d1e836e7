package dstcow.tools.compare;

import dstcow.layout.kernel.DstOps;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Ops-table parity on pkt.c's pkt_dst_ops, whose .cow_metrics depends on CONFIG_XFRM. */
class OpsTableParityTest {

    private static final CFile WITH_XFRM = Fixtures.read("pkt.c", "CONFIG_XFRM");
    private static final CFile WITHOUT_XFRM = Fixtures.read("pkt.c");

    /** The Java side as the port would declare it: member to kernel function, functions only. */
    private static LinkedHashMap<String, String> java() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        m.put("gc", "pkt_gc");
        m.put("check", "pkt_check");
        m.put("cow_metrics", "pkt_cow_metrics");
        m.put("destroy", "pkt_destroy");
        m.put("local_out", "__ip_local_out");
        return m;
    }

    private static ParityResult functionsOnly(CFile file, Map<String, String> java) {
        return OpsTableParity.compare(file.requireInitializer("pkt_dst_ops"), java,
                DstOps.functionMembers(KernelVersion.PATCHED)::contains, "PktOps.TABLE");
    }

    @Test
    void functionMembersMatch() {
        ParityResult r = functionsOnly(WITH_XFRM, java());
        assertEquals(ParityResult.Status.MATCH, r.status(), r.toText());
        assertEquals("pkt.c:28", r.cSide());
        assertEquals("PktOps.TABLE", r.javaSide());
    }

    @Test
    void theIfdefChoosesTheValue() {
        ParityResult r = functionsOnly(WITHOUT_XFRM, java());
        assertEquals(List.of("value differs: .cow_metrics is dst_cow_metrics_generic in C (line 36) but pkt_cow_metrics in Java"),
                r.lines());
        assertEquals(ParityResult.What.VALUE, r.differences().getFirst().what());
    }

    @Test
    void aMissingOpsMember() {
        LinkedHashMap<String, String> java = java();
        java.remove("destroy");
        ParityResult r = functionsOnly(WITH_XFRM, java);
        assertEquals(List.of("missing: .destroy = pkt_destroy (C line 38) is set in C but not in the Java table"), r.lines());
        assertEquals(ParityResult.What.MISSING, r.differences().getFirst().what());
    }

    @Test
    void anExtraOpsMember() {
        LinkedHashMap<String, String> java = java();
        java.put("negative_advice", "pkt_negative_advice");
        ParityResult r = functionsOnly(WITH_XFRM, java);
        assertEquals(List.of("extra: .negative_advice = pkt_negative_advice is set in the Java table but not in C"), r.lines());
        assertEquals(ParityResult.What.EXTRA, r.differences().getFirst().what());
    }

    @Test
    void anExtraMemberThatCSetsOnlyUnderAnotherConfigSaysSo() {
        LinkedHashMap<String, String> java = java();
        java.put("ifdown", "pkt_ifdown");
        ParityResult r = functionsOnly(WITH_XFRM, java);
        assertEquals(List.of("extra: .ifdown = pkt_ifdown is set in the Java table but not in C (C sets it only under "
                + "`defined(CONFIG_PKT_IFDOWN)`, line 40, which does not hold)"), r.lines());
    }

    @Test
    void withoutAFilterEveryMemberCounts() {
        ParityResult r = OpsTableParity.compare(WITH_XFRM.requireInitializer("pkt_dst_ops"), java());
        assertEquals(List.of(
                "missing: .family = AF_INET (C line 29) is set in C but not in the Java table",
                "missing: .protocol = cpu_to_be16(ETH_P_IP) (C line 30) is set in C but not in the Java table"), r.lines());
    }

    @Test
    void aTableThatIsNotThereIsMissing() {
        ParityResult r = OpsTableParity.compare(WITH_XFRM, "ipv4_dst_ops", java());
        assertEquals(ParityResult.Status.MISSING, r.status());
        assertEquals(List.of("no initialized variable ipv4_dst_ops in pkt.c under the configuration read"), r.lines());
    }
}
