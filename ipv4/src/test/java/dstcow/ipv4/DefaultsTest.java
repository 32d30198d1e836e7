package dstcow.ipv4;

import dstcow.dst.mem.MemoryMode;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The values a metric of 0 stands for: {@code ipv4_default_mtu} and {@code ipv4_default_advmss}
 * (computed from the device at each read, so they follow it), and {@code ip4_dst_hoplimit}.
 * Neither kernel stores them, so both agree.
 */
class DefaultsTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void ipv4DefaultMtuFollowsTheDeviceUpToIpMaxMtu(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.bootWith(v, abi, mode, "10.8.0.0/16 via 10.0.0.254", "10.9.0.0/16 via 10.0.0.254 mtu lock 0")) {
            Rtable rt = n.s.outputRoute("10.8.0.1");
            Rtable locked = n.s.outputRoute("10.9.0.1");
            assertEquals(1500, rt.mtu());
            assertEquals(576, locked.mtu(), "locked, no MTU, through a gateway: 576");
            n.s.device("eth0").setMtu(9000);
            assertEquals(9000, rt.mtu(), "read from dst->dev->mtu at each call");
            n.s.device("eth0").setMtu(70000);
            assertEquals(0xFFF0, rt.mtu(), "IP_MAX_MTU");
            assertEquals(0, n.cows(), "defaults are computed, never stored");
            n.s.release(rt);
            n.s.release(locked);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void ipv4DefaultAdvmssIsTheDeviceMtuLess40WithinItsBounds(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.bootWith(v, abi, mode, "10.8.0.0/16 via 10.0.0.254")) {
            Rtable rt = n.s.outputRoute("10.8.0.1");
            assertEquals(1460, rt.advmss());
            n.s.device("eth0").setMtu(100);
            assertEquals(256, rt.advmss(), "ip_rt_min_advmss");
            n.s.device("eth0").setMtu(70000);
            assertEquals(65535 - 40, rt.advmss());
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void ip4DstHoplimitIsTheMetricOrTheDefaultTtl(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.bootWith(v, abi, mode, "10.8.0.0/16 via 10.0.0.254 hoplimit 32", "10.9.0.0/16 via 10.0.0.254")) {
            Rtable a = n.s.outputRoute("10.8.0.1");
            Rtable b = n.s.outputRoute("10.9.0.1");
            assertEquals(32, a.hoplimit());
            assertEquals(64, b.hoplimit(), "sysctl_ip_default_ttl");
            n.s.release(a);
            n.s.release(b);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }
}
