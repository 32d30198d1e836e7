package dstcow.xfrm;

import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.TraceKind;
import dstcow.ipv4.Ipv4Stack;
import dstcow.ipv4.RouteSpec;
import dstcow.ipv4.fib.FibSemantics;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import dstcow.xfrm.state.EspParams;
import dstcow.xfrm.state.XfrmStates;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test IPsec setup: {@code eth0} 10.0.0.1/24 (MTU 1500); {@code 10.1.0.0/16 via 10.0.0.254}
 * with mtu 1400, advmss 1360, rtt 800, rttvar 200, window 65535; {@code 192.168.7.0/24 via
 * 10.0.0.254} without metrics; an ESP transport state to 10.1.2.3 and an ESP tunnel state to
 * 10.1.9.9, both AES-CBC with HMAC-SHA1.
 */
final class Ipsec implements AutoCloseable {

    static final String ROUTE = "10.1.0.0/16 via 10.0.0.254 mtu 1400 advmss 1360 rtt 800 rttvar 200 window 65535";
    static final String PLAIN = "192.168.7.0/24 via 10.0.0.254";

    final Ipv4Stack ip;
    final XfrmStack x;
    final KernelMemory mem;
    final FibSemantics fs;
    final XfrmState transport;
    final XfrmState tunnel;

    Ipsec(KernelVersion v, Abi abi, MemoryMode mode) {
        this.ip = Ipv4Stack.boot(v, abi, mode);
        this.mem = ip.memory();
        this.fs = ip.fibSemantics();
        ip.addDevice("eth0", 1500, "10.0.0.1/24");
        ip.addRoute(ROUTE);
        ip.addRoute(PLAIN);
        this.x = XfrmStack.boot(ip);
        this.transport = x.addState(EspParams.aesCbcSha1(XfrmStates.XFRM_MODE_TRANSPORT), "10.0.0.1", "10.1.2.3", 0x100);
        this.tunnel = x.addState(EspParams.aesCbcSha1(XfrmStates.XFRM_MODE_TUNNEL), "10.0.0.1", "10.1.9.9", 0x200);
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (KernelVersion v : KernelVersion.values()) {
            for (Abi abi : List.of(Abi.X86_64, Abi.I386)) {
                for (MemoryMode m : MemoryMode.values()) {
                    out.add(Arguments.of(v, abi, m));
                }
            }
        }
        return out.stream();
    }

    boolean patched() {
        return ip.version() == KernelVersion.PATCHED;
    }

    long fi(String prefix) {
        RouteSpec p = RouteSpec.of(prefix);
        return ip.fib().route(p.dst(), p.dstLen()).fi();
    }

    long count(TraceKind k) {
        return ip.trace().count(k);
    }

    /** COWs by the generic cow_metrics (bundle elements), not ipv4_cow_metrics (routes). */
    long genericCows() {
        return ip.trace().filter(e -> e.kind() == TraceKind.COW && e.function().equals("dst_cow_metrics_generic")).size();
    }

    @Override
    public void close() {
        ip.close();
    }
}
