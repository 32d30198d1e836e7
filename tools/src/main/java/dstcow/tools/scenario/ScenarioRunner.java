package dstcow.tools.scenario;

import dstcow.dst.Rtax;
import dstcow.dst.mem.CacheStats;
import dstcow.dst.mem.KernelOops;
import dstcow.dst.mem.LeakReport;
import dstcow.dst.mem.TraceKind;
import dstcow.ipv4.Ipv4Error;
import dstcow.ipv4.Ipv4Stack;
import dstcow.ipv4.Rtable;
import dstcow.layout.model.KernelVersion;
import dstcow.xfrm.Bundle;
import dstcow.xfrm.XfrmStack;
import dstcow.xfrm.XfrmState;
import dstcow.xfrm.state.EspParams;
import dstcow.xfrm.state.XfrmStates;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a {@link Scenario} on one booted kernel: each line drives the ported kernel code through
 * the ipv4 and xfrm facades, {@code expect} lines assert on what it did, and the run ends with
 * a leak check. The language, one command per line ({@code #} starts a comment; a leading
 * {@code [parent]} or {@code [patched]} limits a line to one kernel):
 * <pre>
 * device NAME mtu N addr A.B.C.D/LEN
 * route add [unicast|unreachable|blackhole|prohibit] PREFIX [via GW] [dev DEV] [src A] [METRIC [lock] VALUE]...
 * route del PREFIX
 * lookup NAME output DADDR                       ip_route_output_key; NAME holds the reference
 * lookup NAME input DADDR from SADDR dev DEV     ip_route_input
 * release NAME                                   ip_rt_put / dst_release of a route or a bundle
 * pmtu NAME MTU                                  ip_rt_update_pmtu (or xfrm4_update_pmtu on a bundle)
 * frag-needed SADDR DADDR len N mtu M dev DEV    ip_rt_frag_needed (an ICMP "fragmentation needed")
 * redirect DADDR from OLDGW to NEWGW src SADDR dev DEV   ip_rt_redirect
 * metric NAME METRIC VALUE                       a TCP metric update: dst_metric_set
 * rtt NAME METRIC MS                             set_dst_metric_rtt (MS converted to jiffies)
 * blackhole NEW OLD                              ipv4_dst_blackhole (consumes OLD's reference)
 * state NAME esp transport|tunnel SADDR DADDR spi N [cipher aes-cbc-sha1|des3-md5|aes-gcm]
 * bundle NAME ROUTE STATE...                     xfrm_bundle_create over ROUTE
 * bundle-ok NAME                                 xfrm_bundle_ok (MTU re-check and propagation)
 * tick MS                                        advance jiffies
 * flush                                          rt_cache_flush, bundles flushed
 * show rt_cache | show NAME | show memory | show trace
 * expect NAME mtu|advmss|hoplimit|refcnt|METRIC == N
 * expect NAME metrics inline|default|shared|private
 * expect cache CACHE live == N                   live objects in a kmem_cache / kmalloc-N
 * expect trace KIND == N                         events so far: cow, kmalloc, kfree, cmpxchg-won, write-dropped, ...
 * expect oops KIND                               the previous line oopsed with KIND (use-after-free, ...)
 * </pre>
 */
public final class ScenarioRunner {

    private final Scenario scenario;
    private final Ipv4Stack ipv4;
    private final XfrmStack xfrm;
    private final PrintWriter out;
    private final Map<String, Rtable> routes = new LinkedHashMap<>();
    private final Map<String, Bundle> bundles = new LinkedHashMap<>();
    private final Map<String, XfrmState> states = new LinkedHashMap<>();
    private int expectations;
    private KernelOops lastOops;

    public ScenarioRunner(Scenario scenario, Ipv4Stack ipv4, PrintWriter out) {
        this.scenario = scenario;
        this.ipv4 = ipv4;
        this.xfrm = XfrmStack.boot(ipv4);
        this.out = out;
    }

    /**
     * What a run ended with. {@code oops} is the expected oops that ended it (the emulated kernel
     * is dead from there on: no more lines run and no leak check is made), or {@code null}.
     */
    public record Result(int lines, int expectations, LeakReport leaks, KernelOops oops) {
        public boolean clean() { return oops != null || leaks.isEmpty(); }
    }

    /** Runs every line for this kernel, then the leak check. */
    public Result run() {
        int ran = 0;
        KernelVersion v = ipv4.version();
        for (Scenario.Line line : scenario.lines()) {
            if (line.only() != null && line.only() != v) {
                continue;
            }
            ran++;
            out.printf("%4d  %s%n", line.number(), line.text());
            try {
                execute(line);
                if (line.word(0).equals("expect") && line.size() > 1 && line.word(1).equals("oops")) {
                    out.println("      the kernel oopsed as expected; the run ends here (no leak check on a dead kernel)");
                    return new Result(ran, expectations, new LeakReport(List.of(), ipv4.kernel().abi().pointerSize()), lastOops);
                }
                lastOops = null;
            } catch (KernelOops oops) {
                if (!nextExpectsOops(line)) {
                    throw oops;
                }
                lastOops = oops;
                out.println("      oops: " + oops.getMessage());
            } catch (Ipv4Error | IllegalArgumentException e) {
                throw new ScenarioError(scenario.name(), line.number(), line.column(0), e.getMessage());
            }
        }
        LeakReport leaks = xfrm.shutdown();
        return new Result(ran, expectations, leaks, null);
    }

    private boolean nextExpectsOops(Scenario.Line line) {
        List<Scenario.Line> all = scenario.lines();
        int i = all.indexOf(line);
        for (int j = i + 1; j < all.size(); j++) {
            Scenario.Line next = all.get(j);
            if (next.only() != null && next.only() != ipv4.version()) {
                continue;
            }
            return next.size() >= 2 && next.word(0).equals("expect") && next.word(1).equals("oops");
        }
        return false;
    }

    private void execute(Scenario.Line l) {
        String cmd = l.word(0).toLowerCase(Locale.ROOT);
        switch (cmd) {
            case "device" -> {
                need(l, 6, "device NAME mtu N addr A.B.C.D/LEN");
                keyword(l, 2, "mtu");
                keyword(l, 4, "addr");
                ipv4.addDevice(l.word(1), integer(l, 3), l.word(5));
            }
            case "route" -> {
                need(l, 3, "route add SPEC or route del PREFIX");
                switch (l.word(1)) {
                    case "add" -> ipv4.addRoute(String.join(" ", l.words().subList(2, l.size())));
                    case "del" -> ipv4.deleteRoute(l.word(2));
                    default -> throw error(l, 1, "expected 'add' or 'del' after 'route', found '" + l.word(1) + "'");
                }
            }
            case "lookup" -> {
                need(l, 4, "lookup NAME output DADDR | lookup NAME input DADDR from SADDR dev DEV");
                String name = fresh(l, 1);
                switch (l.word(2)) {
                    case "output" -> routes.put(name, ipv4.outputRoute(l.word(3)));
                    case "input" -> {
                        need(l, 8, "lookup NAME input DADDR from SADDR dev DEV");
                        keyword(l, 4, "from");
                        keyword(l, 6, "dev");
                        routes.put(name, ipv4.inputRoute(dstcow.ipv4.net.Inet.parse(l.word(3)),
                                dstcow.ipv4.net.Inet.parse(l.word(5)), 0, l.word(7), 0));
                    }
                    default -> throw error(l, 2, "expected 'output' or 'input', found '" + l.word(2) + "'");
                }
                out.println("      " + name + " = " + routes.get(name).describe());
            }
            case "release" -> {
                need(l, 2, "release NAME");
                String name = l.word(1);
                if (routes.containsKey(name)) {
                    ipv4.release(routes.remove(name));
                } else if (bundles.containsKey(name)) {
                    xfrm.release(bundles.remove(name));
                } else {
                    throw unknown(l, 1);
                }
            }
            case "pmtu" -> {
                need(l, 3, "pmtu NAME MTU");
                if (bundles.containsKey(l.word(1))) {
                    xfrm.updatePmtu(bundles.get(l.word(1)), integer(l, 2));
                } else {
                    ipv4.updatePmtu(route(l, 1), integer(l, 2));
                }
            }
            case "frag-needed" -> {
                need(l, 9, "frag-needed SADDR DADDR len N mtu M dev DEV");
                keyword(l, 3, "len");
                keyword(l, 5, "mtu");
                keyword(l, 7, "dev");
                int r = ipv4.fragNeeded(l.word(1), l.word(2), integer(l, 4), integer(l, 6), l.word(8));
                out.println("      ip_rt_frag_needed returned " + r);
            }
            case "redirect" -> {
                need(l, 10, "redirect DADDR from OLDGW to NEWGW src SADDR dev DEV");
                keyword(l, 2, "from");
                keyword(l, 4, "to");
                keyword(l, 6, "src");
                keyword(l, 8, "dev");
                ipv4.redirect(l.word(3), l.word(1), l.word(5), l.word(7), l.word(9));
            }
            case "metric" -> {
                need(l, 4, "metric NAME METRIC VALUE");
                ipv4.setMetric(route(l, 1), metric(l, 2), integer(l, 3));
            }
            case "rtt" -> {
                need(l, 4, "rtt NAME METRIC MS");
                long jiffies = ipv4.kernel().time().msecsToJiffies(integer(l, 3));
                ipv4.setRtt(route(l, 1), metric(l, 2), jiffies);
            }
            case "blackhole" -> {
                need(l, 3, "blackhole NEW OLD");
                String name = fresh(l, 1);
                Rtable old = route(l, 2);
                routes.remove(l.word(2));
                routes.put(name, ipv4.blackhole(old));
            }
            case "state" -> {
                need(l, 8, "state NAME esp transport|tunnel SADDR DADDR spi N [cipher C]");
                keyword(l, 2, "esp");
                int mode = switch (l.word(3)) {
                    case "transport" -> XfrmStates.XFRM_MODE_TRANSPORT;
                    case "tunnel" -> XfrmStates.XFRM_MODE_TUNNEL;
                    default -> throw error(l, 3, "expected 'transport' or 'tunnel', found '" + l.word(3) + "'");
                };
                keyword(l, 6, "spi");
                EspParams p = EspParams.aesCbcSha1(mode);
                if (l.size() >= 10) {
                    keyword(l, 8, "cipher");
                    p = switch (l.word(9)) {
                        case "aes-cbc-sha1" -> EspParams.aesCbcSha1(mode);
                        case "des3-md5" -> EspParams.des3Md5(mode);
                        case "aes-gcm" -> EspParams.aesGcm16(mode);
                        default -> throw error(l, 9, "unknown cipher '" + l.word(9) + "'; allowed: aes-cbc-sha1, des3-md5, aes-gcm");
                    };
                }
                states.put(fresh(l, 1), xfrm.addState(p, l.word(4), l.word(5), integer(l, 7)));
            }
            case "bundle" -> {
                need(l, 4, "bundle NAME ROUTE STATE...");
                String name = fresh(l, 1);
                Rtable rt = route(l, 2);
                XfrmState[] xs = new XfrmState[l.size() - 3];
                for (int i = 3; i < l.size(); i++) {
                    XfrmState x = states.get(l.word(i));
                    if (x == null) {
                        throw error(l, i, "no state named '" + l.word(i) + "'; states: " + String.join(", ", states.keySet()));
                    }
                    xs[i - 3] = x;
                }
                bundles.put(name, xfrm.bundle(rt, xs));
                out.println("      " + name + " = " + bundles.get(name).describe());
            }
            case "bundle-ok" -> {
                need(l, 2, "bundle-ok NAME");
                Bundle b = bundle(l, 1);
                out.println("      xfrm_bundle_ok: " + xfrm.bundleOk(b));
            }
            case "tick" -> {
                need(l, 2, "tick MS");
                ipv4.kernel().advanceJiffies(ipv4.kernel().time().msecsToJiffies(integer(l, 1)));
            }
            case "flush" -> {
                xfrm.flushBundles();
                ipv4.flush();
            }
            case "show" -> show(l);
            case "expect" -> expect(l);
            default -> throw error(l, 0, "unknown command '" + l.word(0) + "'; commands: device, route, lookup, release, pmtu, "
                    + "frag-needed, redirect, metric, rtt, blackhole, state, bundle, bundle-ok, tick, flush, show, expect");
        }
    }

    private void show(Scenario.Line l) {
        need(l, 2, "show rt_cache|memory|trace|NAME");
        switch (l.word(1)) {
            case "rt_cache" -> ipv4.rtCache().forEach(s -> out.println("      " + s));
            case "memory" -> out.println("      live bytes " + ipv4.memory().liveBytes() + "; kmalloc-64: "
                    + ipv4.memory().stats("kmalloc-64"));
            case "trace" -> ipv4.trace().print(out);
            default -> {
                String name = l.word(1);
                if (bundles.containsKey(name)) {
                    out.println("      " + bundles.get(name).describe());
                } else {
                    out.println("      " + route(l, 1).describe());
                }
            }
        }
    }

    private void expect(Scenario.Line l) {
        need(l, 3, "expect NAME WHAT == N | expect NAME metrics STATE | expect cache C live == N | expect trace KIND == N | expect oops KIND");
        expectations++;
        String subject = l.word(1);
        switch (subject) {
            case "oops" -> {
                if (lastOops == null) {
                    throw error(l, 1, "expected an oops from the previous line, and there was none");
                }
                String want = l.word(2).toUpperCase(Locale.ROOT).replace('-', '_');
                if (!lastOops.kind().name().equals(want)) {
                    StringBuilder kinds = new StringBuilder();
                    for (dstcow.dst.mem.OopsKind k : dstcow.dst.mem.OopsKind.values()) {
                        kinds.append(kinds.isEmpty() ? "" : ", ").append(k.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                    }
                    throw error(l, 2, "expected oops '" + l.word(2) + "', got " + lastOops.kind().name().toLowerCase(Locale.ROOT)
                            .replace('_', '-') + ": " + lastOops.getMessage() + " (kinds: " + kinds + ")");
                }
                return;
            }
            case "cache" -> {
                need(l, 6, "expect cache CACHE live == N");
                keyword(l, 3, "live");
                CacheStats s = ipv4.memory().stats(l.word(2));
                compare(l, 5, s.liveObjects(), "live objects in " + l.word(2));
                return;
            }
            case "trace" -> {
                need(l, 5, "expect trace KIND == N");
                TraceKind kind = traceKind(l, 2);
                compare(l, 4, ipv4.trace().count(kind), "trace events of kind '" + kind + "'");
                return;
            }
            default -> {
            }
        }
        String what = l.word(2);
        if (bundles.containsKey(subject)) {
            Bundle b = bundles.get(subject);
            need(l, 5, "expect BUNDLE mtu|advmss|refcnt|METRIC == N");
            long actual = switch (what) {
                case "mtu" -> b.mtu();
                case "advmss" -> b.advmss();
                case "refcnt" -> b.refcnt();
                default -> Integer.toUnsignedLong(b.metric(metric(l, 2)));
            };
            compare(l, 4, actual, subject + " " + what);
            return;
        }
        Rtable rt = route(l, 1);
        if (what.equals("metrics")) {
            String actual = rt.metricsState().id();
            if (!actual.equals(l.word(3))) {
                throw error(l, 3, "expected " + subject + "'s metrics to be " + l.word(3) + ", they are " + actual
                        + " (" + rt.describe() + ")");
            }
            return;
        }
        need(l, 5, "expect NAME mtu|advmss|hoplimit|refcnt|METRIC == N");
        long actual = switch (what) {
            case "mtu" -> rt.mtu();
            case "advmss" -> rt.advmss();
            case "hoplimit" -> rt.hoplimit();
            case "refcnt" -> rt.refcnt();
            default -> Integer.toUnsignedLong(rt.metric(metric(l, 2)));
        };
        compare(l, 4, actual, subject + " " + what);
    }

    private void compare(Scenario.Line l, int valueIndex, long actual, String what) {
        keyword(l, valueIndex - 1, "==");
        long expected = integer(l, valueIndex);
        if (actual != expected) {
            throw error(l, valueIndex, "expected " + what + " == " + expected + ", it is " + actual);
        }
    }

    private TraceKind traceKind(Scenario.Line l, int i) {
        String want = l.word(i).replace('-', ' ');
        for (TraceKind k : TraceKind.values()) {
            if (k.toString().equalsIgnoreCase(want) || k.name().equalsIgnoreCase(l.word(i).replace('-', '_'))) {
                return k;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (TraceKind k : TraceKind.values()) {
            allowed.append(allowed.isEmpty() ? "" : ", ").append(k.toString().replace(' ', '-'));
        }
        throw error(l, i, "unknown trace kind '" + l.word(i) + "'; allowed: " + allowed);
    }

    private int metric(Scenario.Line l, int i) {
        try {
            return Rtax.parse(l.word(i));
        } catch (IllegalArgumentException e) {
            throw error(l, i, e.getMessage());
        }
    }

    private Rtable route(Scenario.Line l, int i) {
        Rtable rt = routes.get(l.word(i));
        if (rt == null) {
            throw unknown(l, i);
        }
        return rt;
    }

    private Bundle bundle(Scenario.Line l, int i) {
        Bundle b = bundles.get(l.word(i));
        if (b == null) {
            throw error(l, i, "no bundle named '" + l.word(i) + "'; bundles: " + String.join(", ", bundles.keySet()));
        }
        return b;
    }

    private String fresh(Scenario.Line l, int i) {
        String name = l.word(i);
        if (routes.containsKey(name) || bundles.containsKey(name) || states.containsKey(name)) {
            throw error(l, i, "'" + name + "' is already in use; release it first or pick another name");
        }
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw error(l, i, "'" + name + "' is not a name (letters, digits, _; not starting with a digit)");
        }
        return name;
    }

    private ScenarioError unknown(Scenario.Line l, int i) {
        return error(l, i, "no route or bundle named '" + l.word(i) + "'; routes: " + String.join(", ", routes.keySet())
                + (bundles.isEmpty() ? "" : "; bundles: " + String.join(", ", bundles.keySet())));
    }

    private int integer(Scenario.Line l, int i) {
        String w = l.word(i);
        try {
            return w.startsWith("0x") ? Integer.parseUnsignedInt(w.substring(2), 16) : Integer.parseInt(w);
        } catch (NumberFormatException e) {
            throw error(l, i, "expected a number, found '" + w + "'");
        }
    }

    private void keyword(Scenario.Line l, int i, String expected) {
        if (!l.word(i).equals(expected)) {
            throw error(l, i, "expected '" + expected + "', found '" + l.word(i) + "'");
        }
    }

    private void need(Scenario.Line l, int words, String usage) {
        if (l.size() < words) {
            throw error(l, l.size() - 1, "too few words; expected: " + usage);
        }
    }

    private ScenarioError error(Scenario.Line l, int i, String message) {
        return new ScenarioError(scenario.name(), l.number(), l.column(i), message);
    }
}
