package dstcow.dst.ops;

import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;

import java.util.List;

/**
 * {@code struct dst_ops} laid out for one kernel version and configuration: member offsets as
 * the layout engine computes them from {@link DstOpsStruct}. Offsets of absent members
 * ({@code cow_metrics} in the parent kernel, the spinlock word on UP) are -1.
 */
public final class DstOpsLayout {

    /** The function-pointer members, in declaration order (the patched kernel's; the parent lacks cow_metrics). */
    public static final List<String> FUNCTION_MEMBERS = List.of("gc", "check", "default_advmss", "default_mtu",
            "cow_metrics", "destroy", "ifdown", "negative_advice", "link_failure", "update_pmtu", "local_out");

    private final KernelVersion version;
    private final RecordLayout layout;
    private final long family;
    private final long protocol;
    private final long gcThresh;
    private final long kmemCachep;
    private final long pcpucLock;
    private final long pcpucCount;

    private DstOpsLayout(KernelVersion version, KernelConfig config) {
        this.version = version;
        this.layout = LayoutEngine.layout(DstOpsStruct.of(version), config);
        this.family = layout.offsetOf("family");
        this.protocol = layout.offsetOf("protocol");
        this.gcThresh = layout.offsetOf("gc_thresh");
        this.kmemCachep = layout.offsetOf("kmem_cachep");
        this.pcpucLock = offsetPath(layout, "pcpuc_entries.lock");
        this.pcpucCount = offsetPath(layout, "pcpuc_entries.count");
    }

    /** The offset of a dotted member path, or -1 when a part is absent (no lock on a UP kernel). */
    static long offsetPath(RecordLayout record, String path) {
        return record.find(path).map(RecordLayout.Located::offset).orElse(-1L);
    }

    public static DstOpsLayout of(KernelVersion version, KernelConfig config) {
        return new DstOpsLayout(version, config);
    }

    public KernelVersion version() { return version; }

    /** The engine's layout, for printing and for the FFM {@code GroupLayout}. */
    public RecordLayout layout() { return layout; }

    public long size() { return layout.size(); }

    public long align() { return layout.align(); }

    public long family() { return family; }

    public long protocol() { return protocol; }

    public long gcThresh() { return gcThresh; }

    public long kmemCachep() { return kmemCachep; }

    /** The {@code arch_spinlock_t} word of {@code pcpuc_entries.lock}, or -1 on UP kernels. */
    public long pcpucLock() { return pcpucLock; }

    /** {@code pcpuc_entries.count}, an {@code s64}. */
    public long pcpucCount() { return pcpucCount; }

    public boolean has(String member) {
        return layout.find(member).isPresent();
    }

    /**
     * The offset of a function-pointer member; the error says when the member does not exist in
     * this kernel ({@code cow_metrics} before 62fa8a84) and lists the ones that do.
     */
    public long function(String member) {
        if (!FUNCTION_MEMBERS.contains(member)) {
            throw new IllegalArgumentException("struct dst_ops has no function pointer '" + member + "'; function pointers: "
                    + String.join(", ", functionMembers()));
        }
        if (!has(member)) {
            throw new IllegalArgumentException("struct dst_ops has no '" + member + "' in the " + version
                    + " kernel (62fa8a84 adds it); function pointers: " + String.join(", ", functionMembers()));
        }
        return layout.offsetOf(member);
    }

    /** The function-pointer members this kernel's {@code struct dst_ops} has. */
    public List<String> functionMembers() {
        return FUNCTION_MEMBERS.stream().filter(this::has).toList();
    }
}
