package dstcow.xfrm;

import dstcow.dst.mem.MemoryMode;
import dstcow.dst.ops.DstOps;
import dstcow.ipv4.Rtable;
import dstcow.ipv4.net.Flowi;
import dstcow.ipv4.net.Inet;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import dstcow.xfrm.core.ErrPtr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rest of net/ipv4/xfrm4_policy.c: the ops table and its registration, lookups, fill_dst, update_pmtu, ifdown, gc. */
class Xfrm4Test {

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void xfrm4DstOpsBeforeAndAfterRegistration(KernelVersion v) {
        try (Ipsec s = new Ipsec(v, Abi.X86_64, MemoryMode.CHECKED)) {
            Map<String, String> want = new LinkedHashMap<>();
            want.put("gc", "xfrm4_garbage_collect");
            want.put("check", "xfrm_dst_check");
            want.put("default_advmss", "xfrm_default_advmss");
            want.put("default_mtu", "xfrm_default_mtu");
            if (v == KernelVersion.PATCHED) {
                want.put("cow_metrics", "dst_cow_metrics_generic");
            }
            want.put("destroy", "xfrm4_dst_destroy");
            want.put("ifdown", "xfrm4_dst_ifdown");
            want.put("negative_advice", "xfrm_negative_advice");
            want.put("link_failure", "xfrm_link_failure");
            want.put("update_pmtu", "xfrm4_update_pmtu");
            want.put("local_out", "__ip_local_out");
            DstOps stat = s.ip.kernel().dstOps(s.x.xfrm4().xfrm4DstOps());
            DstOps net = s.x.xfrm4DstOps();
            assertEquals(want, stat.functions(), "xfrm4_dst_ops after xfrm_policy_register_afinfo filled it in");
            assertEquals(want, net.functions(), "the copy in net->xfrm.xfrm4_dst_ops");
            assertEquals(DstOps.AF_INET, net.family());
            assertEquals(DstOps.ETH_P_IP, net.protocol());
            assertEquals(s.ip.route().ipRtMaxSize() / 2, net.gcThresh(), "xfrm4_init: rt_max_size / 2 replaces the initializer's 1024");
            assertEquals("xfrm_dst_cache", net.cache().name());
            assertEquals(s.x.xfrm().xfrmDstLayout().size(), net.cache().requestedSize(), "sizeof(struct xfrm_dst)");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void lookupsTosAndSaddr(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            var x4 = s.x.xfrm4();
            assertEquals(0x1c, x4.xfrm4GetTos(Flowi.output(0, 0, 0x1f, 0)), "ECN bits stripped");
            assertEquals(0, x4.xfrm4InitPath(0, 0, 0));
            assertEquals(Inet.parse("10.0.0.1"), s.x.getSaddr("10.1.2.3"));
            long err = x4.xfrm4DstLookup(0, 0, null, Inet.parse("172.16.0.1"));
            assertTrue(ErrPtr.IS_ERR(s.mem, err));
            assertEquals(-Inet.ENETUNREACH, ErrPtr.PTR_ERR(err));
            long dst = x4.xfrm4DstLookup(0, 0, Inet.parse("10.0.0.1"), Inet.parse("10.1.2.3"));
            assertEquals(Inet.parse("10.0.0.1"), s.ip.route().rtSrc(dst));
            s.ip.release(s.ip.wrap(dst));
            assertTrue(s.x.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void fillDstGivesTheElementTheRoutesIdentityButNoFibInfo(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            Flowi fl = rt.key().withProto(6).withPorts(1234, 80);
            Bundle b = s.x.bundle(rt, fl, s.transport);
            var r = s.ip.route();
            long e = b.address();
            assertEquals(r.rtDst(rt.address()), r.rtDst(e));
            assertEquals(r.rtSrc(rt.address()), r.rtSrc(e));
            assertEquals(r.rtGateway(rt.address()), r.rtGateway(e));
            assertEquals(r.rtType(rt.address()), r.rtType(e));
            assertEquals(fl, s.x.xfrm().rtFl(e), "xdst->u.rt.fl = *fl");
            assertEquals(s.ip.device("eth0").address(), s.x.xfrm().dstFields().dev(e, "test"));
            assertEquals(0, r.fi(e), "u.rt.fi stays NULL: the element's metrics are its own");
            s.x.release(b);
            s.ip.release(rt);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void updatePmtuGoesToTheRouteBelow(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            Bundle b = s.x.bundle(rt, s.transport);
            s.x.updatePmtu(b, 1280);
            assertEquals(1280, rt.mtu(), "xfrm4_update_pmtu -> route->ops->update_pmtu = ip_rt_update_pmtu");
            assertEquals(1350, b.mtu(), "the bundle learns it at its next check");
            assertTrue(s.x.check(b));
            assertEquals(1230, b.mtu(), "esp4_get_mtu(1280): 1244 -> 1232 - 12 + 12 - 2");
            s.x.release(b);
            s.ip.release(rt);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void ifdownMovesInnerElementsOffTheDeviceOnlyOnUnregister(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("192.168.7.5");
            Bundle b = s.x.bundle(rt, s.tunnel, s.transport);
            long inner = b.elements().get(1).address();
            var f = s.x.xfrm().dstFields();
            long eth0 = s.ip.device("eth0").address();
            s.x.ifdown("eth0", false);
            assertEquals(eth0, f.dev(inner, "test"));
            s.x.ifdown("eth0", true);
            assertEquals(s.ip.devices().loopback().address(), f.dev(inner, "test"), "xfrm_dst_ifdown walks dst->child");
            assertEquals(eth0, f.dev(b.address(), "test"), "the first element is not a child");
            s.x.release(b);
            s.ip.release(rt);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void garbageCollectFlushesTheCacheAndRefusesAboveTwiceTheThreshold(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            Bundle kept = s.x.bundle(rt, s.transport);
            Bundle dropped = s.x.bundle(rt, s.transport);
            s.x.release(dropped);
            assertEquals(2, s.x.xfrm4DstOps().entries());
            assertEquals(0, s.x.garbageCollect());
            assertTrue(s.x.cachedBundles().isEmpty(), "flow_cache_flush");
            assertEquals(1, s.x.xfrm4DstOps().entries(), "the held bundle waits on the garbage list");
            s.x.xfrm4().setXfrm4GcThresh(0);
            assertEquals(1, s.x.garbageCollect(), "1 entry > 2 * 0");
            s.x.release(kept);
            s.ip.gc();
            s.ip.release(rt);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void aTunnelToAnUnreachableEndpointFailsCleanly(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            XfrmState far = s.x.addState(dstcow.xfrm.state.EspParams.aesGcm16(dstcow.xfrm.state.XfrmStates.XFRM_MODE_TUNNEL),
                    "10.0.0.1", "172.16.0.1", 0x400);
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            dstcow.ipv4.Ipv4Error e = org.junit.jupiter.api.Assertions.assertThrows(dstcow.ipv4.Ipv4Error.class,
                    () -> s.x.bundle(rt, far, s.transport));
            assertEquals(-Inet.ENETUNREACH, e.errno(), "xfrm_dst_lookup failed: put_states, free_dst");
            assertEquals(1, far.refcnt(), "the states' references were given back");
            assertEquals(1, s.transport.refcnt());
            assertEquals(1, rt.refcnt());
            assertEquals(0, s.x.xfrm().xfrmNegativeAdvice(0));
            s.ip.release(rt);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void xfrm4PolicyFiniUnregistersTheAfinfo(KernelVersion v) {
        try (Ipsec s = new Ipsec(v, Abi.I386, MemoryMode.CHECKED)) {
            assertEquals(0, s.x.xfrm4().xfrm4PolicyFini());
            DstOps stat = s.ip.kernel().dstOps(s.x.xfrm4().xfrm4DstOps());
            assertEquals("NULL", stat.functionName("check"));
            assertEquals("NULL", stat.functionName("negative_advice"));
            assertEquals("NULL", stat.functionName("link_failure"));
            assertEquals("xfrm_default_mtu", stat.functionName("default_mtu"), "not cleared by unregister");
            assertEquals(0, stat.kmemCachep());
            assertEquals(null, s.x.xfrm().xfrmPolicyGetAfinfo(DstOps.AF_INET));
            assertEquals("xfrm_dst_check", s.x.xfrm4DstOps().functionName("check"), "the namespace copy keeps its members");
        }
    }
}
