package dstcow.xfrm.state;

import dstcow.layout.kernel.KernelBasics;
import dstcow.ipv4.struct.MemberPath;
import dstcow.layout.ctype.CType;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelSource;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import static dstcow.layout.kernel.KTypes.INT;
import static dstcow.layout.kernel.KTypes.UINT;
import static dstcow.layout.kernel.KTypes.__be16;
import static dstcow.layout.kernel.KTypes.__be32;
import static dstcow.layout.kernel.KTypes.__u16;
import static dstcow.layout.kernel.KTypes.__u8;
import static dstcow.layout.kernel.KTypes.atomic_t;
import static dstcow.layout.kernel.KTypes.ptr;
import static dstcow.layout.kernel.KTypes.u16;
import static dstcow.layout.kernel.KTypes.u32;
import static dstcow.layout.kernel.KTypes.u8;

/**
 * Stand-ins for the IPsec state structs, declared as data and laid out by the engine: the
 * members of {@code struct xfrm_state}, {@code struct xfrm_type}, {@code struct esp_data} and
 * {@code struct crypto_aead} that {@code xfrm_state_mtu}, {@code esp4_get_mtu},
 * {@code xfrm_bundle_create} and {@code xfrm_bundle_ok} read, in the kernel's relative order.
 *
 * <p>They are not the kernel's structs: {@code struct xfrm_state} has some forty more members,
 * {@code struct crypto_aead} hides its sizes behind the algorithm. Nothing compares their layout
 * with the kernel's; they exist so that states live in native memory, referenced by
 * {@code dst->xfrm}, counted by {@code refcnt}, freed by {@code xfrm_state_put}, and so that
 * {@code x->type->get_mtu} is a function pointer. The parts that are the kernel's own
 * ({@code xfrm_address_t}, {@code struct xfrm_id}, {@code struct xfrm_selector},
 * include/linux/xfrm.h) are transcribed whole.
 */
public final class XfrmStateLayout {

    private static KernelSource src(String file, String note) {
        return new KernelSource(file, note, dstcow.dst.KernelSource.PATCHED);
    }

    /** {@code typedef union { __be32 a4; __be32 a6[4]; } xfrm_address_t;} */
    public static final RecordDef XFRM_ADDRESS = RecordDef.union("xfrm_address", src("include/linux/xfrm.h", ""),
            Member.of("a4", __be32),
            Member.of("a6", CType.array(__be32, 4)));

    /** {@code struct xfrm_id { xfrm_address_t daddr; __be32 spi; __u8 proto; };} */
    public static final RecordDef XFRM_ID = RecordDef.struct("xfrm_id", src("include/linux/xfrm.h", ""),
            Member.of("daddr", XFRM_ADDRESS.type()),
            Member.of("spi", __be32),
            Member.of("proto", __u8));

    /** {@code struct xfrm_selector}, include/linux/xfrm.h. */
    public static final RecordDef XFRM_SELECTOR = RecordDef.struct("xfrm_selector", src("include/linux/xfrm.h", ""),
            Member.of("daddr", XFRM_ADDRESS.type()),
            Member.of("saddr", XFRM_ADDRESS.type()),
            Member.of("dport", __be16),
            Member.of("dport_mask", __be16),
            Member.of("sport", __be16),
            Member.of("sport_mask", __be16),
            Member.of("family", __u16),
            Member.of("prefixlen_d", __u8),
            Member.of("prefixlen_s", __u8),
            Member.of("proto", __u8),
            Member.of("ifindex", INT),
            Member.of("user", UINT));

    /** Stand-in {@code struct xfrm_state}: refcnt, lock, id, sel, genid, km.state, props, type, data. */
    public static final RecordDef XFRM_STATE = RecordDef.struct("xfrm_state", src("include/net/xfrm.h", "stand-in: a subset of the members"),
            Member.of("refcnt", atomic_t),
            Member.of("lock", KernelBasics.SPINLOCK_T),
            Member.of("id", XFRM_ID.type()),
            Member.of("sel", XFRM_SELECTOR.type()),
            Member.of("genid", u32),
            Member.of("km", RecordDef.anonymous(RecordDef.Kind.STRUCT,
                    Member.of("state", u8),
                    Member.of("dying", u8)).type()),
            Member.of("props", RecordDef.anonymous(RecordDef.Kind.STRUCT,
                    Member.of("reqid", u32),
                    Member.of("mode", u8),
                    Member.of("replay_window", u8),
                    Member.of("aalgo", u8),
                    Member.of("ealgo", u8),
                    Member.of("calgo", u8),
                    Member.of("flags", u8),
                    Member.of("family", u16),
                    Member.of("saddr", XFRM_ADDRESS.type()),
                    Member.of("header_len", INT),
                    Member.of("trailer_len", INT)).type()),
            Member.of("type", ptr("xfrm_type")),
            Member.of("data", ptr(dstcow.layout.kernel.KTypes.VOID)));

    /** Stand-in {@code struct xfrm_type}: proto, flags and the {@code destructor} and {@code get_mtu} function pointers. */
    public static final RecordDef XFRM_TYPE = RecordDef.struct("xfrm_type", src("include/net/xfrm.h", "stand-in: a subset of the members"),
            Member.of("proto", u8),
            Member.of("flags", u8),
            Member.of("destructor", CType.fn(dstcow.layout.kernel.KTypes.VOID, ptr("xfrm_state"))),
            Member.of("get_mtu", CType.fn(u32, ptr("xfrm_state"), INT)));

    /** {@code struct esp_data { int padlen; struct crypto_aead *aead; };} (include/net/esp.h). */
    public static final RecordDef ESP_DATA = RecordDef.struct("esp_data", src("include/net/esp.h", ""),
            Member.of("padlen", INT),
            Member.of("aead", ptr("crypto_aead")));

    /** Stand-in {@code struct crypto_aead}: the three sizes {@code crypto_aead_ivsize/authsize/blocksize} answer. */
    public static final RecordDef CRYPTO_AEAD = RecordDef.struct("crypto_aead", src("include/linux/crypto.h", "stand-in: the sizes only"),
            Member.of("ivsize", UINT),
            Member.of("authsize", UINT),
            Member.of("blocksize", UINT));

    final RecordLayout state;
    final RecordLayout type;
    final RecordLayout espData;
    final RecordLayout aead;
    final long refcnt;
    final long lock;
    final long idDaddr;
    final long idSpi;
    final long idProto;
    final long selDaddr;
    final long selSaddr;
    final long selDport;
    final long selDportMask;
    final long selSport;
    final long selSportMask;
    final long selFamily;
    final long selPrefixlenD;
    final long selPrefixlenS;
    final long selProto;
    final long selIfindex;
    final long genid;
    final long kmState;
    final long propsMode;
    final long propsFamily;
    final long propsSaddr;
    final long propsHeaderLen;
    final long propsTrailerLen;
    final long typePtr;
    final long data;
    final long typeProto;
    final long typeFlags;
    final long typeGetMtu;
    final long typeDestructor;
    final long espPadlen;
    final long espAead;
    final long aeadIvsize;
    final long aeadAuthsize;
    final long aeadBlocksize;

    public XfrmStateLayout(KernelConfig config) {
        state = LayoutEngine.layout(XFRM_STATE, config);
        type = LayoutEngine.layout(XFRM_TYPE, config);
        espData = LayoutEngine.layout(ESP_DATA, config);
        aead = LayoutEngine.layout(CRYPTO_AEAD, config);
        refcnt = MemberPath.offsetOf(state, "refcnt");
        lock = MemberPath.offsetOf(state, "lock");
        idDaddr = MemberPath.offsetOf(state, "id.daddr");
        idSpi = MemberPath.offsetOf(state, "id.spi");
        idProto = MemberPath.offsetOf(state, "id.proto");
        selDaddr = MemberPath.offsetOf(state, "sel.daddr");
        selSaddr = MemberPath.offsetOf(state, "sel.saddr");
        selDport = MemberPath.offsetOf(state, "sel.dport");
        selDportMask = MemberPath.offsetOf(state, "sel.dport_mask");
        selSport = MemberPath.offsetOf(state, "sel.sport");
        selSportMask = MemberPath.offsetOf(state, "sel.sport_mask");
        selFamily = MemberPath.offsetOf(state, "sel.family");
        selPrefixlenD = MemberPath.offsetOf(state, "sel.prefixlen_d");
        selPrefixlenS = MemberPath.offsetOf(state, "sel.prefixlen_s");
        selProto = MemberPath.offsetOf(state, "sel.proto");
        selIfindex = MemberPath.offsetOf(state, "sel.ifindex");
        genid = MemberPath.offsetOf(state, "genid");
        kmState = MemberPath.offsetOf(state, "km.state");
        propsMode = MemberPath.offsetOf(state, "props.mode");
        propsFamily = MemberPath.offsetOf(state, "props.family");
        propsSaddr = MemberPath.offsetOf(state, "props.saddr");
        propsHeaderLen = MemberPath.offsetOf(state, "props.header_len");
        propsTrailerLen = MemberPath.offsetOf(state, "props.trailer_len");
        typePtr = MemberPath.offsetOf(state, "type");
        data = MemberPath.offsetOf(state, "data");
        typeProto = MemberPath.offsetOf(type, "proto");
        typeFlags = MemberPath.offsetOf(type, "flags");
        typeGetMtu = MemberPath.offsetOf(type, "get_mtu");
        typeDestructor = MemberPath.offsetOf(type, "destructor");
        espPadlen = MemberPath.offsetOf(espData, "padlen");
        espAead = MemberPath.offsetOf(espData, "aead");
        aeadIvsize = MemberPath.offsetOf(aead, "ivsize");
        aeadAuthsize = MemberPath.offsetOf(aead, "authsize");
        aeadBlocksize = MemberPath.offsetOf(aead, "blocksize");
    }

    /** {@code sizeof} the stand-in {@code struct xfrm_state}. */
    public long stateSize() { return state.size(); }
}
