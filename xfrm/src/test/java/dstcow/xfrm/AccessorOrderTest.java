package dstcow.xfrm;

import dstcow.ipv4.parity.MetricAccessorCalls;
import dstcow.xfrm.core.Xfrm;
import dstcow.xfrm.ipv4.ParentXfrm4Policy;
import dstcow.xfrm.ipv4.PatchedXfrm4Policy;
import dstcow.xfrm.state.XfrmStates;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Call-site parity with xfrm_policy.c and xfrm4_policy.c: the dst metric accessors each ported
 * function calls, in text order, against the list written down from the kernel source; read from
 * the bytecode by {@link MetricAccessorCalls} (the dst trace does not record reads).
 */
class AccessorOrderTest {

    @Test
    void xfrmPolicyC() {
        // xfrm_bundle_create: xdst->route = dst; dst_copy_metrics(dst1, dst);
        assertEquals(List.of("dst_copy_metrics"), MetricAccessorCalls.of(Xfrm.class, "xfrmBundleCreate"));
        // xfrm_init_pmtu: pmtu = dst_mtu(dst->child); ... route_mtu_cached = dst_mtu(xdst->route); ... dst_metric_set(dst, RTAX_MTU, pmtu);
        assertEquals(List.of("dst_mtu", "dst_mtu", "dst_metric_set"), MetricAccessorCalls.of(Xfrm.class, "xfrmInitPmtu"));
        // xfrm_bundle_ok: mtu = dst_mtu(dst->child); ... mtu = dst_mtu(xdst->route); ... dst_metric_set(dst, RTAX_MTU, mtu);
        assertEquals(List.of("dst_mtu", "dst_mtu", "dst_metric_set"), MetricAccessorCalls.of(Xfrm.class, "xfrmBundleOk"));
        // xfrm_default_advmss: return dst_metric_advmss(dst->path);
        assertEquals(List.of("dst_metric_advmss"), MetricAccessorCalls.of(Xfrm.class, "xfrmDefaultAdvmss"));
        // xfrm_default_mtu: return dst_mtu(dst->path);
        assertEquals(List.of("dst_mtu"), MetricAccessorCalls.of(Xfrm.class, "xfrmDefaultMtu"));
        // xfrm_alloc_dst, xfrm_dst_destroy: no metrics.
        assertEquals(List.of(), MetricAccessorCalls.of(Xfrm.class, "xfrmAllocDst"));
        assertEquals(List.of(), MetricAccessorCalls.of(Xfrm.class, "xfrmDstDestroy"));
        assertEquals(List.of(), MetricAccessorCalls.of(XfrmStates.class, "xfrmStateMtu"));
    }

    @Test
    void xfrm4PolicyC() {
        // 62fa8a84 xfrm4_dst_destroy: dst_destroy_metrics_generic(dst); ... xfrm_dst_destroy(xdst);
        assertEquals(List.of("dst_destroy_metrics_generic"), MetricAccessorCalls.of(PatchedXfrm4Policy.class, "xfrm4DstDestroy"));
        assertEquals(List.of(), MetricAccessorCalls.of(ParentXfrm4Policy.class, "xfrm4DstDestroy"));
        for (Class<?> c : List.of(PatchedXfrm4Policy.class, ParentXfrm4Policy.class)) {
            for (String m : List.of("xfrm4FillDst", "xfrm4UpdatePmtu", "xfrm4DstLookup", "_decodeSession4", "xfrm4GarbageCollect")) {
                assertEquals(List.of(), MetricAccessorCalls.of(c, m), c.getSimpleName() + "." + m);
            }
        }
    }
}
