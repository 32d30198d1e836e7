package dstcow.ipv4;

import dstcow.dst.mem.MemoryMode;
import dstcow.ipv4.route.Ipv4Route;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What route.c prints and dumps, byte for byte: the /proc/net/rt_cache line of
 * {@code rt_cache_seq_show} (addresses are the raw {@code __be32} words printed with
 * {@code %08X}, so their digits depend on the byte order) and the {@code RTA_METRICS} attribute of
 * {@code rt_fill_info} (netlink attributes in host order). Expected values are written out by
 * hand from the C format strings; both kernels print the same.
 */
class RtCacheFormatTest {

    static Stream<Arguments> abis() {
        return Stream.of(KernelVersion.values()).flatMap(v -> Stream.of(
                Arguments.of(v, Abi.X86_64, "0302010A", "FE00000A", "0100000A"),
                Arguments.of(v, Abi.I386, "0302010A", "FE00000A", "0100000A"),
                Arguments.of(v, Abi.POWERPC64, "0A010203", "0A0000FE", "0A000001")));
    }

    @Test
    void theHeaderIsPaddedTo127() {
        String h = Ipv4Route.RT_CACHE_HEADER;
        assertEquals(127, h.length());
        assertTrue(h.startsWith("Iface\tDestination\tGateway \tFlags\t\tRefCnt\tUse\tMetric\tSource\t\tMTU\tWindow\tIRTT\tTOS\tHHRef\tHHUptod\tSpecDst"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("abis")
    void rtCacheSeqShowLine(KernelVersion v, Abi abi, String dst, String gw, String src) {
        try (Net n = Net.boot(v, abi, MemoryMode.CHECKED)) {
            Rtable rt = n.s.outputRoute(Net.DST);
            // MTU = dst_metric_advmss + 40 = 1400; IRTT = (800 >> 3) + 200 = 300.
            String want = "eth0\t" + dst + "\t" + gw + "\t       0\t1\t0\t0\t" + src + "\t1400\t65535\t300\t00\t-1\t0\t" + src;
            want = want + " ".repeat(127 - want.length());
            assertEquals(want, rt.rtCacheLine());
            List<String> all = n.s.rtCache();
            assertEquals(List.of(Ipv4Route.RT_CACHE_HEADER, want), all);
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("abis")
    void rtFillInfoPutsTheNonZeroMetricsAsRtaMetrics(KernelVersion v, Abi abi, String dst, String gw, String src) {
        try (Net n = Net.bootWith(v, abi, MemoryMode.CHECKED, Net.ROUTE, "10.8.0.0/16 via 10.0.0.254")) {
            Rtable rt = n.s.outputRoute(Net.DST);
            boolean be = abi.bigEndian();
            // nest: len 44 (4 + 5 * 8), type RTA_METRICS (8); then u32 attributes MTU(2) 1400, WINDOW(3) 65535,
            // RTT(4) 800, RTTVAR(5) 200, ADVMSS(8) 1360.
            String want = be
                    ? "002c0008" + "00080002" + "00000578" + "00080003" + "0000ffff" + "00080004" + "00000320" + "00080005" + "000000c8"
                    + "00080008" + "00000550"
                    : "2c000800" + "08000200" + "78050000" + "08000300" + "ffff0000" + "08000400" + "20030000" + "08000500" + "c8000000"
                    + "08000800" + "50050000";
            assertEquals(want, HexFormat.of().formatHex(n.s.rtMetricsAttribute(rt)));
            Rtable none = n.s.outputRoute("10.8.0.1");
            assertEquals("", HexFormat.of().formatHex(n.s.rtMetricsAttribute(none)), "no non-zero metric: the nest is cancelled");
            n.s.release(rt);
            n.s.release(none);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }
}
