package dstcow.layout.abi;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A Linux ABI as the kernel's compiler sees it: type sizes and alignments, byte order and the
 * architecture's L1 cache-line size ({@code L1_CACHE_BYTES}).
 *
 * <p>The numbers are the System V psABI of each architecture as GCC (the kernel's compiler)
 * implements it; the ground-truth tests check every one of them against a compiler for the
 * target triple (clang, or GCC where clang disagrees with GCC: see {@link #M68K}).
 */
public enum Abi {
    X86_64("x86_64", "x86_64-linux-gnu", ByteOrder.LITTLE_ENDIAN, 8, 8, 8, 4, 2, 8, 64, true, null),
    I386("i386", "i386-linux-gnu", ByteOrder.LITTLE_ENDIAN, 4, 4, 4, 4, 2, 4, 64, true, null),
    /** ARM EABI (AAPCS): 64-bit scalars are 8-byte aligned even on a 32-bit machine. */
    ARM("arm", "arm-linux-gnueabi", ByteOrder.LITTLE_ENDIAN, 4, 4, 4, 4, 2, 8, 64, true, null),
    AARCH64("aarch64", "aarch64-linux-gnu", ByteOrder.LITTLE_ENDIAN, 8, 8, 8, 4, 2, 8, 64, true, null),
    /** 64-bit PowerPC, big-endian; L1 lines are 128 bytes. */
    POWERPC64("powerpc64", "powerpc64-linux-gnu", ByteOrder.BIG_ENDIAN, 8, 8, 8, 4, 2, 8, 128, true, null),
    /** 64-bit s390 (z/Architecture), big-endian; L1 lines are 256 bytes. */
    S390X("s390x", "s390x-linux-gnu", ByteOrder.BIG_ENDIAN, 8, 8, 8, 4, 2, 8, 256, true, null),
    RISCV64("riscv64", "riscv64-linux-gnu", ByteOrder.LITTLE_ENDIAN, 8, 8, 8, 4, 2, 8, 64, true, null),
    /**
     * m68k: every scalar wider than a byte is only 2-byte aligned, bitfields are packed and add
     * no alignment (except one exactly as wide as an integer mode and aligned for it, which GCC
     * lays out as an ordinary member), L1 lines are 16 bytes. Clang (up to 19 at least) aligns {@code long long}
     * to 8 and bitfields to their type on m68k, unlike GCC, which builds the kernel; the ground
     * truth for this ABI is therefore GCC's {@code m68k-linux-gnu-gcc}.
     */
    M68K("m68k", "m68k-linux-gnu", ByteOrder.BIG_ENDIAN, 4, 2, 4, 2, 2, 2, 16, false, "m68k-linux-gnu-gcc");

    private final String id;
    private final String triple;
    private final ByteOrder byteOrder;
    private final int pointerSize;
    private final int pointerAlign;
    private final int longSize;
    private final int intAlign;
    private final int shortAlign;
    private final int longLongAlign;
    private final int l1CacheBytes;
    private final boolean bitfieldTypeAlignment;
    private final String gccGroundTruth;

    Abi(String id, String triple, ByteOrder byteOrder, int pointerSize, int pointerAlign, int longSize,
        int intAlign, int shortAlign, int longLongAlign, int l1CacheBytes, boolean bitfieldTypeAlignment,
        String gccGroundTruth) {
        this.id = id;
        this.triple = triple;
        this.byteOrder = byteOrder;
        this.pointerSize = pointerSize;
        this.pointerAlign = pointerAlign;
        this.longSize = longSize;
        this.intAlign = intAlign;
        this.shortAlign = shortAlign;
        this.longLongAlign = longLongAlign;
        this.l1CacheBytes = l1CacheBytes;
        this.bitfieldTypeAlignment = bitfieldTypeAlignment;
        this.gccGroundTruth = gccGroundTruth;
    }

    /** The name users type: {@code x86_64}, {@code i386}, ... */
    public String id() { return id; }

    /** The compiler target triple used by the ground-truth tests. */
    public String triple() { return triple; }

    public ByteOrder byteOrder() { return byteOrder; }

    public boolean bigEndian() { return byteOrder == ByteOrder.BIG_ENDIAN; }

    public int pointerSize() { return pointerSize; }

    public int pointerAlign() { return pointerAlign; }

    /** {@code sizeof(long)}, which is also the kernel's word size ({@code BITS_PER_LONG / 8}). */
    public int longSize() { return longSize; }

    /** {@code CONFIG_64BIT} follows the ABI. */
    public boolean is64Bit() { return longSize == 8; }

    public int intAlign() { return intAlign; }

    public int shortAlign() { return shortAlign; }

    public int longLongAlign() { return longLongAlign; }

    /** The architecture's {@code L1_CACHE_BYTES}, before any command-line override. */
    public int l1CacheBytes() { return l1CacheBytes; }

    /** Whether a bitfield's declared type sets its container and adds alignment (SysV), or not (m68k). */
    public boolean bitfieldTypeAlignment() { return bitfieldTypeAlignment; }

    /** The macro the ABI's compilers predefine ({@code __x86_64__}): what arch-specific kernel headers test. */
    public String predefinedMacro() {
        return switch (this) {
            case X86_64 -> "__x86_64__";
            case I386 -> "__i386__";
            case ARM -> "__arm__";
            case AARCH64 -> "__aarch64__";
            case POWERPC64 -> "__powerpc64__";
            case S390X -> "__s390x__";
            case RISCV64 -> "__riscv";
            case M68K -> "__m68k__";
        };
    }

    /** The cross GCC that is the ground truth for this ABI, or {@code null} when clang is. */
    public String gccGroundTruth() { return gccGroundTruth; }

    /** Looks an ABI up by its user-facing id; the error lists every allowed id. */
    public static Abi parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT);
        for (Abi abi : values()) {
            if (abi.id.equals(key)) {
                return abi;
            }
        }
        throw new IllegalArgumentException("unknown ABI '" + text + "'; allowed: " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Abi::id).collect(Collectors.joining(", "));
    }

    /** The ABI of the machine we run on, when it is one we model. */
    public static Abi host() {
        String arch = System.getProperty("os.arch", "");
        return switch (arch) {
            case "amd64", "x86_64" -> X86_64;
            case "x86", "i386", "i686" -> I386;
            case "aarch64", "arm64" -> AARCH64;
            case "arm" -> ARM;
            case "ppc64" -> POWERPC64;
            case "s390x" -> S390X;
            case "riscv64" -> RISCV64;
            default -> X86_64;
        };
    }

    @Override
    public String toString() { return id; }
}
