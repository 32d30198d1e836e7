package dstcow.ipv4;

import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.TraceKind;
import dstcow.ipv4.fib.FibSemantics;
import dstcow.ipv4.net.Inet;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test network: a kernel (version, ABI, memory mode) with {@code eth0} (MTU 1500,
 * 10.0.0.1/24) and the route {@code 10.1.0.0/16 via 10.0.0.254} with metrics mtu 1400, advmss
 * 1360, rtt 800, rttvar 200, window 65535. {@link #matrix()} is every combination the tests run:
 * both kernels, checked and fast memory, x86_64 and i386.
 */
final class Net implements AutoCloseable {

    static final String ROUTE = "10.1.0.0/16 via 10.0.0.254 mtu 1400 advmss 1360 rtt 800 rttvar 200 window 65535";
    static final String DST = "10.1.2.3";

    final Ipv4Stack s;
    final KernelMemory mem;
    final FibSemantics fs;

    private Net(KernelVersion v, Abi abi, MemoryMode mode, String... routes) {
        this.s = Ipv4Stack.boot(v, abi, mode);
        this.mem = s.memory();
        this.fs = s.fibSemantics();
        s.addDevice("eth0", 1500, "10.0.0.1/24");
        for (String r : routes) {
            s.addRoute(r);
        }
    }

    static Net boot(KernelVersion v, Abi abi, MemoryMode mode) {
        return new Net(v, abi, mode, ROUTE);
    }

    static Net bootWith(KernelVersion v, Abi abi, MemoryMode mode, String... routes) {
        return new Net(v, abi, mode, routes);
    }

    /** Both kernels x checked/fast x x86_64/i386. */
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

    /** Both kernels on x86_64 and i386, checked memory (for checks that need object details). */
    static Stream<Arguments> checked() {
        return matrix().filter(a -> a.get()[2] == MemoryMode.CHECKED);
    }

    boolean patched() {
        return s.version() == KernelVersion.PATCHED;
    }

    /** The fib_info of the main-table route {@code prefix}. */
    long fi(String prefix) {
        RouteSpec p = RouteSpec.of(prefix);
        return s.fib().route(p.dst(), p.dstLen()).fi();
    }

    long count(TraceKind k) {
        return s.trace().count(k);
    }

    long cows() {
        return count(TraceKind.COW);
    }

    static int ip(String a) {
        return Inet.parse(a);
    }

    @Override
    public void close() {
        s.close();
    }
}
