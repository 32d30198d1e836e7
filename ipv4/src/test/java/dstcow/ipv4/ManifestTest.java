package dstcow.ipv4;

import dstcow.dst.KernelPorts;
import dstcow.dst.KernelSource;
import dstcow.ipv4.fib.FibSemantics;
import dstcow.ipv4.fib.FibTable;
import dstcow.ipv4.net.Inet;
import dstcow.ipv4.net.Nla;
import dstcow.ipv4.route.DstInlines;
import dstcow.ipv4.route.Ipv4Route;
import dstcow.ipv4.route.Jhash;
import dstcow.ipv4.route.ParentIpv4Route;
import dstcow.ipv4.route.PatchedIpv4Route;
import dstcow.ipv4.route.RtNetlink;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifest of issue 4 for the ipv4 module: every kernel symbol the port must have carries a
 * {@link KernelSource} on a Java counterpart, for the kernels that have it; public ports are named
 * after their symbol in camelCase; sources cite a file and a full commit.
 */
class ManifestTest {

    static final List<Class<?>> CLASSES = List.of(Ipv4Route.class, ParentIpv4Route.class, PatchedIpv4Route.class, FibSemantics.class,
            FibTable.class, RtNetlink.class, DstInlines.class, Jhash.class, Nla.class, Inet.class);

    static final List<String> BOTH = List.of("ipv4_dst_ops", "rt_set_nexthop", "__mkroute_input", "__mkroute_output",
            "ip_route_input_slow", "ip_route_output_slow", "__ip_route_output_key", "ip_rt_update_pmtu", "ip_rt_frag_needed",
            "ip_rt_redirect", "ipv4_dst_destroy", "ipv4_default_advmss", "ipv4_default_mtu", "ipv4_dst_blackhole_ops",
            "ipv4_dst_blackhole", "ipv4_blackhole_dst_check", "ipv4_rt_blackhole_update_pmtu", "rt_cache_seq_show", "rt_fill_info",
            "rtnetlink_put_metrics", "ip4_dst_hoplimit", "ipv4_dst_check", "ipv4_negative_advice", "ipv4_link_failure",
            "ipv4_dst_ifdown", "rt_garbage_collect", "rt_intern_hash", "rt_del", "rt_cache_flush", "fib_create_info", "fib_find_info",
            "fib_release_info", "fib_info_put", "free_fib_info", "dst_set_expires", "IP_MAX_MTU", "guess_mtu");
    static final List<String> PATCHED_ONLY = List.of("ipv4_cow_metrics");

    static List<KernelPorts.Port> ports() {
        return KernelPorts.scan(CLASSES).ports();
    }

    static String camel(String symbol) {
        return KernelPorts.camel(symbol);
    }

    @Test
    void everySymbolOfTheIssueHasACounterpartInTheRightKernels() {
        List<String> wrong = KernelPorts.scan(CLASSES).coverageErrors(BOTH, PATCHED_ONLY, List.of());
        assertEquals(List.of(), wrong);
    }

    @Test
    void publicPortedFunctionsAreNamedAfterTheirSymbol() {
        Set<String> wrong = new TreeSet<>();
        for (KernelPorts.Port p : ports()) {
            if (p.method() && p.isPublic() && !p.symbol().contains("*") && !p.javaName().equals(camel(p.symbol()))) {
                wrong.add(p.symbol() + " -> " + p.javaName());
            }
        }
        assertEquals(Set.of(), wrong);
        assertEquals("__mkrouteInput", camel("__mkroute_input"));
        assertEquals("_decodeSession4", camel("_decode_session4"));
    }

    @Test
    void sourcesCiteAKernelFileAndACommit() {
        for (KernelPorts.Port p : ports()) {
            assertTrue(p.source().commit().matches("[0-9a-f]{40}\\^?"), p + ": " + p.source().commit());
            assertTrue(p.source().file().matches("(include|net|lib|kernel)/[a-z0-9_/-]+\\.[ch]"), p + ": " + p.source().file());
            List<KernelVersion> k = List.of(p.source().kernels());
            if (k.equals(List.of(KernelVersion.PARENT))) {
                assertEquals(KernelSource.PARENT, p.source().commit(), "the parent's text cites the parent: " + p);
            }
        }
    }
}
