package dstcow.layout.kernel;

import dstcow.layout.abi.Abi;
import dstcow.layout.ctype.CType;
import dstcow.layout.model.AlignSpec;
import dstcow.layout.model.Cond;
import dstcow.layout.model.KernelSource;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import static dstcow.layout.kernel.KTypes.UINT;
import static dstcow.layout.kernel.KTypes.__be16;
import static dstcow.layout.kernel.KTypes.__be32;
import static dstcow.layout.kernel.KTypes.__u8;
import static dstcow.layout.kernel.KTypes.ptr;
import static dstcow.layout.kernel.KTypes.s32;
import static dstcow.layout.kernel.KTypes.s64;

/**
 * The small kernel types the structs in scope embed by value, as they were in early 2011
 * (2.6.38/2.6.39): list and hash-list nodes, {@code struct in6_addr}, {@code struct percpu_counter}
 * and the spinlock types it holds.
 */
public final class KernelBasics {
    private KernelBasics() {
    }

    private static KernelSource at(String file) {
        return new KernelSource(file, "", KernelSource.PATCHED);
    }

    /** {@code struct list_head { struct list_head *next, *prev; };} (include/linux/types.h). */
    public static final RecordDef LIST_HEAD = RecordDef.struct("list_head", at("include/linux/types.h"),
            Member.of("next", ptr("list_head")),
            Member.of("prev", ptr("list_head")));

    /** {@code struct hlist_node { struct hlist_node *next, **pprev; };} (include/linux/types.h). */
    public static final RecordDef HLIST_NODE = RecordDef.struct("hlist_node", at("include/linux/types.h"),
            Member.of("next", ptr("hlist_node")),
            Member.of("pprev", CType.ptr(ptr("hlist_node"))));

    /**
     * {@code struct in6_addr} (include/linux/in6.h):
     * <pre>
     * struct in6_addr {
     *         union {
     *                 __u8            u6_addr8[16];
     *                 __be16          u6_addr16[8];
     *                 __be32          u6_addr32[4];
     *         } in6_u;
     * };
     * </pre>
     */
    public static final RecordDef IN6_ADDR = RecordDef.struct("in6_addr", at("include/linux/in6.h"),
            Member.of("in6_u", RecordDef.anonymous(RecordDef.Kind.UNION,
                    Member.of("u6_addr8", CType.array(__u8, 16)),
                    Member.of("u6_addr16", CType.array(__be16, 8)),
                    Member.of("u6_addr32", CType.array(__be32, 4))).type()));

    /**
     * {@code arch_spinlock_t} under CONFIG_SMP, per architecture (arch/ * /include/asm/spinlock_types.h):
     * one 32-bit word named {@code slock} on x86 and powerpc, {@code lock} on arm, {@code owner_cpu}
     * (aligned 4) on s390. arm64 and riscv64 did not exist in 2011; their later 32-bit locks are
     * modelled as x86's. {@code volatile} qualifiers are left out: they do not change the layout.
     */
    public static final CType ARCH_SPINLOCK_T = new CType.Typedef("arch_spinlock_t",
            new RecordDef(RecordDef.Kind.STRUCT, null, java.util.List.of(
                    Member.of("slock", UINT).when(Cond.arch(Abi.X86_64, Abi.I386, Abi.POWERPC64, Abi.AARCH64, Abi.RISCV64, Abi.M68K)),
                    Member.of("lock", UINT).when(Cond.arch(Abi.ARM)),
                    Member.of("owner_cpu", UINT).when(Cond.arch(Abi.S390X))),
                    AlignSpec.NONE, at("arch/x86/include/asm/spinlock_types.h")).type());

    /** {@code raw_spinlock_t} without lock debugging (include/linux/spinlock_types.h). */
    public static final RecordDef RAW_SPINLOCK = RecordDef.struct("raw_spinlock", at("include/linux/spinlock_types.h"),
            Member.of("raw_lock", ARCH_SPINLOCK_T),
            Member.of("break_lock", UINT).ifdef("CONFIG_GENERIC_LOCKBREAK"));

    /** {@code typedef struct spinlock { union { struct raw_spinlock rlock; }; } spinlock_t;} without lockdep. */
    public static final CType SPINLOCK_T = new CType.Typedef("spinlock_t",
            RecordDef.struct("spinlock", at("include/linux/spinlock_types.h"),
                    Member.anonymous(RecordDef.anonymous(RecordDef.Kind.UNION, Member.of("rlock", RAW_SPINLOCK.type())))).type());

    /**
     * {@code struct percpu_counter} (include/linux/percpu_counter.h). The kernel declares two
     * structs, one under CONFIG_SMP and one without; the model is one struct whose members carry
     * those conditions, which lays out the same:
     * <pre>
     * struct percpu_counter {            // CONFIG_SMP
     *         spinlock_t lock;
     *         s64 count;
     * #ifdef CONFIG_HOTPLUG_CPU
     *         struct list_head list;
     * #endif
     *         s32 __percpu *counters;
     * };
     * struct percpu_counter {            // !CONFIG_SMP
     *         s64 count;
     * };
     * </pre>
     */
    public static final RecordDef PERCPU_COUNTER = RecordDef.struct("percpu_counter", at("include/linux/percpu_counter.h"),
            Member.of("lock", SPINLOCK_T).ifdef("CONFIG_SMP"),
            Member.of("count", s64),
            Member.of("list", LIST_HEAD.type()).when(Cond.both(Cond.ifdef("CONFIG_SMP"), Cond.ifdef("CONFIG_HOTPLUG_CPU"))),
            Member.of("counters", CType.ptr(s32)).ifdef("CONFIG_SMP"));

    /** {@code struct flow_cache_object { const struct flow_cache_ops *ops; };} (include/net/flow.h). */
    public static final RecordDef FLOW_CACHE_OBJECT = RecordDef.struct("flow_cache_object", at("include/net/flow.h"),
            Member.of("ops", ptr("flow_cache_ops")));
}
