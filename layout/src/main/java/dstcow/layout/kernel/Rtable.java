package dstcow.layout.kernel;

import dstcow.layout.model.KernelSource;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import java.util.ArrayList;
import java.util.List;

import static dstcow.layout.kernel.KTypes.INT;
import static dstcow.layout.kernel.KTypes.UINT;
import static dstcow.layout.kernel.KTypes.__be32;
import static dstcow.layout.kernel.KTypes.__u16;
import static dstcow.layout.kernel.KTypes.ptr;

/**
 * {@code struct rtable}, include/net/route.h lines 53-74 at 62fa8a84; the patch adds the last
 * member, {@code fi}, the route's client reference on the fib_info whose metrics it shares:
 * <pre>
 * struct rtable {
 *         struct dst_entry        dst;
 *         struct flowi            fl;
 *         int                     rt_genid;
 *         unsigned                rt_flags;
 *         __u16                   rt_type;
 *         __be32                  rt_dst;
 *         __be32                  rt_src;
 *         int                     rt_iif;
 *         __be32                  rt_gateway;
 *         __be32                  rt_spec_dst;
 *         struct inet_peer        *peer;
 *         struct fib_info         *fi;       // new in 62fa8a84
 * };
 * </pre>
 */
public final class Rtable {
    private Rtable() {
    }

    private static RecordDef build(KernelVersion v) {
        List<Member> m = new ArrayList<>(List.of(
                Member.of("dst", DstEntry.of(v).type()),
                Member.of("fl", Flowi.DEF.type()),
                Member.of("rt_genid", INT),
                Member.of("rt_flags", UINT),
                Member.of("rt_type", __u16),
                Member.of("rt_dst", __be32),
                Member.of("rt_src", __be32),
                Member.of("rt_iif", INT),
                Member.of("rt_gateway", __be32),
                Member.of("rt_spec_dst", __be32),
                Member.of("peer", ptr("inet_peer"))));
        if (v == KernelVersion.PATCHED) {
            m.add(Member.of("fi", ptr("fib_info")));
        }
        return new RecordDef(RecordDef.Kind.STRUCT, "rtable", m, null, v == KernelVersion.PATCHED
                ? new KernelSource("include/net/route.h", "53-74", KernelSource.PATCHED)
                : new KernelSource("include/net/route.h", "", KernelSource.PARENT_DST_H));
    }

    public static final RecordDef PARENT = build(KernelVersion.PARENT);
    public static final RecordDef PATCHED = build(KernelVersion.PATCHED);

    public static RecordDef of(KernelVersion version) {
        return version == KernelVersion.PATCHED ? PATCHED : PARENT;
    }
}
