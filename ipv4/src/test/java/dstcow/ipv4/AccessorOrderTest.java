package dstcow.ipv4;

import dstcow.ipv4.parity.MetricAccessorCalls;
import dstcow.ipv4.route.Ipv4Route;
import dstcow.ipv4.route.ParentIpv4Route;
import dstcow.ipv4.route.PatchedIpv4Route;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Call-site parity with route.c: for each ported function, the dst metric accessors it calls, in
 * text order, against the list written down from the kernel source (net/ipv4/route.c at
 * 62fa8a84 and its parent, include/net/route.h). Read from the bytecode by
 * {@link MetricAccessorCalls}: the dst trace records writes and copies, not reads.
 */
class AccessorOrderTest {

    /** Functions whose text is the same in both kernels. */
    static final Map<String, List<String>> BOTH = new LinkedHashMap<>();
    /** 62fa8a84's text. */
    static final Map<String, List<String>> PATCHED = new LinkedHashMap<>();
    /** The parent's text. */
    static final Map<String, List<String>> PARENT = new LinkedHashMap<>();

    static {
        // ip_rt_update_pmtu: if (dst_mtu(dst) > mtu && mtu >= 68 && !(dst_metric_locked(dst, RTAX_MTU))) {
        //   if (mtu < ip_rt_min_pmtu) { u32 lock = dst_metric(dst, RTAX_LOCK); ...; dst_metric_set(dst, RTAX_LOCK, ...); }
        //   dst_metric_set(dst, RTAX_MTU, mtu); ... }
        BOTH.put("ipRtUpdatePmtu", List.of("dst_mtu", "dst_metric_locked", "dst_metric", "dst_metric_set", "dst_metric_set"));
        // ip_rt_frag_needed: ... dst_metric_locked(&rth->dst, RTAX_MTU) ... old_mtu >= dst_mtu(&rth->dst) (BSD hack) ...
        //   if (mtu <= dst_mtu(...)) { if (mtu < dst_mtu(...)) { ... u32 lock = dst_metric(..., RTAX_LOCK); ...
        //   dst_metric_set(..., RTAX_LOCK, lock); } dst_metric_set(..., RTAX_MTU, mtu); ...
        BOTH.put("ipRtFragNeeded", List.of("dst_metric_locked", "dst_mtu", "dst_mtu", "dst_mtu", "dst_metric", "dst_metric_set",
                "dst_metric_set"));
        // ipv4_default_advmss: unsigned int advmss = dst_metric_raw(dst, RTAX_ADVMSS);
        BOTH.put("ipv4DefaultAdvmss", List.of("dst_metric_raw"));
        // ipv4_default_mtu: if (unlikely(dst_metric_locked(dst, RTAX_MTU))) ...
        BOTH.put("ipv4DefaultMtu", List.of("dst_metric_locked"));
        // rt_cache_seq_show: dst_metric_advmss(&r->dst) + 40, dst_metric(&r->dst, RTAX_WINDOW),
        //   (dst_metric(&r->dst, RTAX_RTT) >> 3) + dst_metric(&r->dst, RTAX_RTTVAR)
        BOTH.put("rtCacheSeqShow", List.of("dst_metric_advmss", "dst_metric", "dst_metric", "dst_metric"));
        // rt_fill_info: rtnetlink_put_metrics(skb, dst_metrics_ptr(&rt->dst))
        BOTH.put("rtFillInfo", List.of("dst_metrics_ptr"));
        // ip4_dst_hoplimit: int hoplimit = dst_metric_raw(dst, RTAX_HOPLIMIT);
        BOTH.put("ip4DstHoplimit", List.of("dst_metric_raw"));
        // ipv4_dst_blackhole: dst_copy_metrics(new, &ort->dst);
        BOTH.put("ipv4DstBlackhole", List.of("dst_copy_metrics"));
        // ip_rt_redirect: *rt = *rth; no accessor.
        BOTH.put("ipRtRedirect", List.of());
        // The creation paths reach metrics only through rt_set_nexthop.
        BOTH.put("__mkrouteInput", List.of());
        BOTH.put("__mkrouteOutput", List.of());
        BOTH.put("ipRouteInputSlow", List.of());
        BOTH.put("ipRouteOutputSlow", List.of());
        BOTH.put("__ipRouteOutputKey", List.of());

        // 62fa8a84 rt_set_nexthop: dst_init_metrics(dst, fi->fib_metrics, true); then
        //   if (dst_mtu(dst) > IP_MAX_MTU) dst_metric_set(...); if (dst_metric_raw(dst, RTAX_ADVMSS) > 65535 - 40) dst_metric_set(...);
        PATCHED.put("rtSetNexthop", List.of("dst_init_metrics", "dst_mtu", "dst_metric_set", "dst_metric_raw", "dst_metric_set"));
        // 62fa8a84 ipv4_dst_destroy: dst_destroy_metrics_generic(dst);
        PATCHED.put("ipv4DstDestroy", List.of("dst_destroy_metrics_generic"));
        // ipv4_cow_metrics: u32 *old_p = __DST_METRICS_PTR(old); ... p = __DST_METRICS_PTR(prev);
        PATCHED.put("ipv4CowMetrics", List.of("__DST_METRICS_PTR", "__DST_METRICS_PTR"));

        // The parent's rt_set_nexthop: dst_import_metrics(dst, fi->fib_metrics); then the same clamps.
        PARENT.put("rtSetNexthop", List.of("dst_import_metrics", "dst_mtu", "dst_metric_set", "dst_metric_raw", "dst_metric_set"));
        // The parent's ipv4_dst_destroy frees no metrics.
        PARENT.put("ipv4DstDestroy", List.of());
    }

    @Test
    void theAccessorsAreTheDstLayersOwn() {
        assertTrue(MetricAccessorCalls.accessorsExist(), "every accessor name maps to a DstKernel method");
    }

    @Test
    void patchedRouteC() {
        check(PatchedIpv4Route.class, BOTH);
        check(PatchedIpv4Route.class, PATCHED);
    }

    @Test
    void parentRouteC() {
        check(ParentIpv4Route.class, BOTH);
        check(ParentIpv4Route.class, PARENT);
    }

    private static void check(Class<? extends Ipv4Route> kernel, Map<String, List<String>> want) {
        want.forEach((method, calls) -> assertEquals(calls, MetricAccessorCalls.of(kernel, method),
                kernel.getSimpleName() + "." + method + " calls the accessors in another order than the kernel text"));
    }
}
