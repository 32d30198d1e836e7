package dstcow.layout.check;

import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.RecordDef;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout rules that guard {@code struct dst_entry}:
 * <ul>
 *   <li>{@code BUILD_BUG_ON(offsetof(struct dst_entry, __refcnt) & 63)} in {@code dst_hold()}
 *       (include/net/dst.h, both kernels);</li>
 *   <li>the kernel comment "__refcnt wants to be on a different cache line from input/output/ops
 *       or performance tanks badly", as a group assertion in the style of the kernel's later
 *       {@code CACHELINE_ASSERT_GROUP_MEMBER};</li>
 *   <li>62fa8a84's commit message: {@code flags} moves "into the writeable cache line", so the
 *       writeable group ({@code __refcnt} .. {@code flags}) shares one line (patched kernel).</li>
 * </ul>
 * The kernel checks at 64 bytes ("L1_CACHE_SIZE would be too much"); the same group rules at the
 * architecture's real L1 line size are reported but never fail.
 */
public final class KernelAssertions {

    /** The granularity the kernel's assertion uses, whatever the architecture's line size. */
    public static final int KERNEL_LINE = 64;

    private KernelAssertions() {
    }

    /** The rules for a struct and kernel version; empty for structs the kernel does not guard. */
    public static List<Assertion> forStruct(RecordDef def, KernelVersion version) {
        if (!"dst_entry".equals(def.tag())) {
            return List.of();
        }
        List<Assertion> rules = new ArrayList<>();
        rules.add(new Assertion("refcnt&63", "BUILD_BUG_ON(offsetof(struct dst_entry, __refcnt) & 63)",
                "include/net/dst.h dst_hold()", true, KernelAssertions::refcntAligned));
        rules.add(new Assertion("read-mostly", "__refcnt not on the line of input/output/ops (64-byte lines)",
                "include/net/dst.h, comment above __refcnt", true, l -> readMostlyApart(l, KERNEL_LINE)));
        if (version == KernelVersion.PATCHED) {
            rules.add(new Assertion("writeable", "__refcnt, __use, lastuse, rate_last, rate_tokens, flags share one 64-byte line",
                    "62fa8a84 commit message", true, l -> writeableTogether(l, KERNEL_LINE)));
        }
        rules.add(new Assertion("read-mostly@L1", "as read-mostly, at the architecture's L1 line size",
                "report only", false, l -> readMostlyApart(l, l.config().abi().l1CacheBytes())));
        if (version == KernelVersion.PATCHED) {
            rules.add(new Assertion("writeable@L1", "as writeable, at the architecture's L1 line size",
                    "report only", false, l -> writeableTogether(l, l.config().abi().l1CacheBytes())));
        }
        return rules;
    }

    private static String where(RecordLayout l) {
        return "on " + l.config().abi() + " (config " + l.config().diffFromDefaults() + ")";
    }

    static Assertion.Outcome refcntAligned(RecordLayout l) {
        long off = l.offsetOf("__refcnt");
        if ((off & 63) == 0) {
            return Assertion.Outcome.ok("__refcnt at offset " + off + " " + where(l) + " is 64-byte aligned");
        }
        boolean hasPad = l.find("__pad_to_align_refcnt").isPresent();
        return Assertion.Outcome.fail("struct dst_entry: __refcnt at offset " + off + " " + where(l)
                + " is not 64-byte aligned (offset & 63 = " + (off & 63) + "); "
                + (hasPad ? "resize __pad_to_align_refcnt" : "check __pad_to_align_refcnt (absent from this layout)")
                + " so that __refcnt starts a 64-byte line");
    }

    static Assertion.Outcome readMostlyApart(RecordLayout l, int line) {
        long refLine = l.offsetOf("__refcnt") / line;
        for (String name : DstEntry.READ_MOSTLY) {
            RecordLayout.Located f = l.field(name);
            long first = f.offset() / line;
            long last = (f.end() - 1) / line;
            if (refLine >= first && refLine <= last) {
                return Assertion.Outcome.fail("struct dst_entry: " + name + " at offset " + f.offset() + " shares "
                        + line + "-byte line " + refLine + " with __refcnt at " + l.offsetOf("__refcnt") + " " + where(l)
                        + "; move __refcnt to its own line (check __pad_to_align_refcnt) or move " + name
                        + " before it");
            }
        }
        return Assertion.Outcome.ok("input/output/ops are off __refcnt's " + line + "-byte line " + refLine + " " + where(l));
    }

    static Assertion.Outcome writeableTogether(RecordLayout l, int line) {
        long refLine = l.offsetOf("__refcnt") / line;
        for (String name : DstEntry.WRITEABLE) {
            RecordLayout.Located f = l.field(name);
            long first = f.offset() / line;
            long last = (f.end() - 1) / line;
            if (first != refLine || last != refLine) {
                return Assertion.Outcome.fail("struct dst_entry: " + name + " at offset " + f.offset() + " (size "
                        + (f.end() - f.offset()) + ") is not on __refcnt's " + line + "-byte line " + refLine + " " + where(l)
                        + "; keep the writeable group __refcnt..flags together after __refcnt");
            }
        }
        return Assertion.Outcome.ok("the writeable group shares " + line + "-byte line " + refLine + " " + where(l));
    }
}
