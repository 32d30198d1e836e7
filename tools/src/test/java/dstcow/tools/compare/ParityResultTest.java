package dstcow.tools.compare;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The result type's text, JSON and summary, which `dstcow compare` prints. */
class ParityResultTest {

    private static final ParityResult DIFFER = ParityResult.of("ipv4_dst_ops", ParityResult.Kind.OPS_TABLE, List.of(
            new ParityResult.Difference(ParityResult.What.VALUE, "destroy", "ipv4_dst_destroy", "xfrm4_dst_destroy",
                    "value differs: .destroy is \"odd\"\there")), "net/ipv4/route.c:185", "Ipv4Ops.TABLE");

    @Test
    void text() {
        assertEquals("DIFFER  ops-table ipv4_dst_ops  (C: net/ipv4/route.c:185; Java: Ipv4Ops.TABLE)\n"
                + "        value differs: .destroy is \"odd\"\there", DIFFER.toText());
    }

    @Test
    void json() {
        assertEquals("{\"symbol\":\"ipv4_dst_ops\",\"kind\":\"ops-table\",\"status\":\"differ\",\"c\":\"net/ipv4/route.c:185\","
                + "\"java\":\"Ipv4Ops.TABLE\",\"differences\":[{\"what\":\"value\",\"member\":\"destroy\",\"c\":\"ipv4_dst_destroy\","
                + "\"java\":\"xfrm4_dst_destroy\",\"text\":\"value differs: .destroy is \\\"odd\\\"\\there\"}]}", DIFFER.toJson());
    }

    @Test
    void summary() {
        ParityResult match = ParityResult.of("dst_entry", ParityResult.Kind.STRUCT, List.of(), "a", "b");
        ParityResult missing = ParityResult.missing("rtable", ParityResult.Kind.STRUCT, "no struct rtable", "c", "d");
        assertEquals("3 compared, 1 matching, 1 differing, 1 missing", ParityResult.summary(List.of(match, DIFFER, missing)));
    }

    @Test
    void statusAndDifferencesMustAgree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ParityResult("x",
                ParityResult.Kind.STRUCT, ParityResult.Status.DIFFER, List.of(), "a", "b"));
        assertEquals("x: status DIFFER without a difference", e.getMessage());
    }
}
