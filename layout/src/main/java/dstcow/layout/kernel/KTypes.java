package dstcow.layout.kernel;

import dstcow.layout.ctype.CType;
import dstcow.layout.ctype.IntKind;
import dstcow.layout.model.KernelSource;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

/**
 * The kernel's typedefs used by the structs in scope, as the kernel defines them
 * (include/asm-generic/int-ll64.h, include/linux/types.h at 62fa8a84).
 */
public final class KTypes {
    private KTypes() {
    }

    public static final CType CHAR = CType.of(IntKind.CHAR);
    public static final CType SHORT = CType.of(IntKind.SHORT);
    public static final CType USHORT = CType.of(IntKind.USHORT);
    public static final CType INT = CType.of(IntKind.INT);
    public static final CType UINT = CType.of(IntKind.UINT);
    public static final CType LONG = CType.of(IntKind.LONG);
    public static final CType ULONG = CType.of(IntKind.ULONG);
    public static final CType VOID = new CType.Void();

    public static final CType __u8 = new CType.Typedef("__u8", CType.of(IntKind.UCHAR));
    public static final CType __u16 = new CType.Typedef("__u16", CType.of(IntKind.USHORT));
    public static final CType __u32 = new CType.Typedef("__u32", CType.of(IntKind.UINT));
    public static final CType __s32 = new CType.Typedef("__s32", CType.of(IntKind.INT));
    public static final CType __u64 = new CType.Typedef("__u64", CType.of(IntKind.ULLONG));
    public static final CType __s64 = new CType.Typedef("__s64", CType.of(IntKind.LLONG));
    public static final CType u8 = new CType.Typedef("u8", CType.of(IntKind.UCHAR));
    public static final CType u16 = new CType.Typedef("u16", CType.of(IntKind.USHORT));
    public static final CType u32 = new CType.Typedef("u32", CType.of(IntKind.UINT));
    public static final CType s32 = new CType.Typedef("s32", CType.of(IntKind.INT));
    public static final CType u64 = new CType.Typedef("u64", CType.of(IntKind.ULLONG));
    public static final CType s64 = new CType.Typedef("s64", CType.of(IntKind.LLONG));
    public static final CType __be16 = new CType.Typedef("__be16", __u16);
    public static final CType __be32 = new CType.Typedef("__be32", __u32);
    public static final CType __le16 = new CType.Typedef("__le16", __u16);
    public static final CType __le32 = new CType.Typedef("__le32", __u32);

    /** {@code typedef struct { int counter; } atomic_t;} (include/linux/types.h). */
    public static final CType atomic_t = new CType.Typedef("atomic_t",
            new RecordDef(RecordDef.Kind.STRUCT, null, java.util.List.of(Member.of("counter", INT)),
                    null, new KernelSource("include/linux/types.h", "", KernelSource.PATCHED)).type());

    /** Opaque pointers: the kernel objects the structs in scope point to but never embed. */
    public static CType ptr(String structTag) { return CType.ptrTo(structTag); }

    public static CType ptr(CType target) { return CType.ptr(target); }

    /** {@code int (*)(struct sk_buff *)}: dst_entry's input and output. */
    public static final CType SKB_HANDLER = CType.fn(INT, ptr("sk_buff"));
}
