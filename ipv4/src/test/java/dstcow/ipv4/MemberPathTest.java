package dstcow.ipv4;

import dstcow.ipv4.struct.MemberPath;
import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.Rtable;
import dstcow.layout.kernel.XfrmDst;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dotted member paths: the walk agrees with the layout module's own lookup, absent members are -1, errors say where. */
class MemberPathTest {

    @Test
    void theWalkAgreesWithTheLayoutModule() {
        for (Abi abi : Abi.values()) {
            for (KernelVersion v : KernelVersion.values()) {
                RecordLayout rt = LayoutEngine.layout(Rtable.of(v), KernelConfig.defaults(abi));
                for (String p : List.of("fl.nl_u.ip4_u.daddr", "fl.uli_u.ports.dport", "dst.__refcnt", "rt_gateway", "peer")) {
                    assertEquals(rt.offsetOf(p), MemberPath.offsetOf(rt, p), abi + " " + v + " " + p);
                }
                RecordLayout x = LayoutEngine.layout(XfrmDst.of(v), KernelConfig.defaults(abi));
                for (String p : List.of("u.rt.fl.nl_u.ip4_u.saddr", "flo.ops", "child_mtu_cached")) {
                    assertEquals(x.offsetOf(p), MemberPath.offsetOf(x, p), abi + " " + v + " " + p);
                }
            }
        }
    }

    @Test
    void absentMembersAndBadPaths() {
        RecordLayout parent = LayoutEngine.layout(Rtable.of(KernelVersion.PARENT), KernelConfig.defaults(Abi.X86_64));
        assertEquals(-1, MemberPath.offsetOrAbsent(parent, "fi"), "the parent's rtable has no fi");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemberPath.offsetOf(parent, "fl.nl_u.nope"));
        assertTrue(e.getMessage().contains("stopped at 'nope'"), e.getMessage());
    }
}
