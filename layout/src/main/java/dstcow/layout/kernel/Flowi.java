package dstcow.layout.kernel;

import dstcow.layout.model.AlignSpec;
import dstcow.layout.model.KernelSource;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import java.util.List;

import static dstcow.layout.kernel.KTypes.INT;
import static dstcow.layout.kernel.KTypes.__be16;
import static dstcow.layout.kernel.KTypes.__be32;
import static dstcow.layout.kernel.KTypes.__le16;
import static dstcow.layout.kernel.KTypes.__u32;
import static dstcow.layout.kernel.KTypes.__u8;

/**
 * {@code struct flowi}, include/net/flow.h as of early 2011 (untouched by 62fa8a84; the
 * {@code gre_key} member is there, as the patched xfrm4_policy.c uses {@code fl_gre_key}):
 * <pre>
 * struct flowi {
 *         int     oif;
 *         int     iif;
 *         __u32   mark;
 *         union {
 *                 struct { __be32 daddr; __be32 saddr; __u8 tos; __u8 scope; } ip4_u;
 *                 struct { struct in6_addr daddr; struct in6_addr saddr; __be32 flowlabel; } ip6_u;
 *                 struct { __le16 daddr; __le16 saddr; __u8 scope; } dn_u;
 *         } nl_u;
 *         __u8    proto;
 *         __u8    flags;
 *         union {
 *                 struct { __be16 sport; __be16 dport; } ports;
 *                 struct { __u8 type; __u8 code; } icmpt;
 *                 struct { __le16 sport; __le16 dport; } dnports;
 *                 __be32          spi;
 *                 __be32          gre_key;
 *                 struct { __u8 type; } mht;
 *         } uli_u;
 *         __u32           secid;
 * } __attribute__((__aligned__(BITS_PER_LONG/8)));
 * </pre>
 */
public final class Flowi {
    private Flowi() {
    }

    private static RecordDef s(Member... members) {
        return RecordDef.anonymous(RecordDef.Kind.STRUCT, members);
    }

    public static final RecordDef DEF = new RecordDef(RecordDef.Kind.STRUCT, "flowi", List.of(
            Member.of("oif", INT),
            Member.of("iif", INT),
            Member.of("mark", __u32),
            Member.of("nl_u", RecordDef.anonymous(RecordDef.Kind.UNION,
                    Member.of("ip4_u", s(Member.of("daddr", __be32), Member.of("saddr", __be32),
                            Member.of("tos", __u8), Member.of("scope", __u8)).type()),
                    Member.of("ip6_u", s(Member.of("daddr", KernelBasics.IN6_ADDR.type()),
                            Member.of("saddr", KernelBasics.IN6_ADDR.type()), Member.of("flowlabel", __be32)).type()),
                    Member.of("dn_u", s(Member.of("daddr", __le16), Member.of("saddr", __le16),
                            Member.of("scope", __u8)).type())).type()),
            Member.of("proto", __u8),
            Member.of("flags", __u8),
            Member.of("uli_u", RecordDef.anonymous(RecordDef.Kind.UNION,
                    Member.of("ports", s(Member.of("sport", __be16), Member.of("dport", __be16)).type()),
                    Member.of("icmpt", s(Member.of("type", __u8), Member.of("code", __u8)).type()),
                    Member.of("dnports", s(Member.of("sport", __le16), Member.of("dport", __le16)).type()),
                    Member.of("spi", __be32),
                    Member.of("gre_key", __be32),
                    Member.of("mht", s(Member.of("type", __u8)).type())).type()),
            Member.of("secid", __u32)),
            AlignSpec.LONG, new KernelSource("include/net/flow.h", "", KernelSource.PATCHED));
}
