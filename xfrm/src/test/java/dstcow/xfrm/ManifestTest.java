package dstcow.xfrm;

import dstcow.dst.KernelPorts;
import dstcow.xfrm.core.ErrPtr;
import dstcow.xfrm.core.Xfrm;
import dstcow.xfrm.ipv4.ParentXfrm4Policy;
import dstcow.xfrm.ipv4.PatchedXfrm4Policy;
import dstcow.xfrm.ipv4.Xfrm4Policy;
import dstcow.xfrm.state.XfrmStates;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifest of issue 4 for the xfrm module: the symbols of xfrm_policy.c the issue names and
 * the whole of xfrm4_policy.c, each with an annotated Java counterpart in the kernels that have it.
 */
class ManifestTest {

    static final List<Class<?>> CLASSES = List.of(Xfrm.class, Xfrm4Policy.class, ParentXfrm4Policy.class, PatchedXfrm4Policy.class,
            XfrmStates.class, ErrPtr.class);

    static final List<String> BOTH = List.of("xfrm_alloc_dst", "xfrm_bundle_create", "xfrm_init_path", "xfrm_init_pmtu",
            "xfrm_bundle_ok", "xfrm_default_advmss", "xfrm_default_mtu", "xfrm_dst_destroy", "xfrm_dst_check", "stale_bundle",
            "xfrm_dst_ifdown", "xfrm_policy_register_afinfo", "xfrm_state_mtu", "esp4_get_mtu", "esp_init_state", "xfrm_state_put",
            // net/ipv4/xfrm4_policy.c, whole
            "xfrm4_dst_lookup", "xfrm4_get_saddr", "xfrm4_get_tos", "xfrm4_init_path", "xfrm4_fill_dst", "_decode_session4",
            "xfrm4_garbage_collect", "xfrm4_update_pmtu", "xfrm4_dst_destroy", "xfrm4_dst_ifdown", "xfrm4_dst_ops",
            "xfrm4_policy_afinfo", "xfrm4_policy_init", "xfrm4_init");

    static List<KernelPorts.Port> ports() {
        return KernelPorts.scan(CLASSES).ports();
    }

    static String camel(String symbol) {
        return KernelPorts.camel(symbol);
    }

    @Test
    void everySymbolHasACounterpartInBothKernels() {
        List<String> wrong = KernelPorts.scan(CLASSES).coverageErrors(BOTH, List.of(), List.of());
        assertEquals(List.of(), wrong);
    }

    @Test
    void publicPortedFunctionsAreNamedAfterTheirSymbol() {
        Set<String> wrong = new TreeSet<>();
        for (KernelPorts.Port p : ports()) {
            if (p.method() && p.isPublic() && !p.javaName().equals(camel(p.symbol()))) {
                wrong.add(p.symbol() + " -> " + p.javaName());
            }
        }
        assertEquals(Set.of(), wrong);
    }

    @Test
    void sourcesCiteAKernelFileAndACommit() {
        for (KernelPorts.Port p : ports()) {
            assertTrue(p.source().commit().matches("[0-9a-f]{40}\\^?"), p + ": " + p.source().commit());
            assertTrue(p.source().file().matches("(include|net|lib|kernel)/[a-z0-9_/-]+\\.[ch]"), p + ": " + p.source().file());
        }
    }
}
