package dstcow.ipv4.route;

import dstcow.dst.KernelSource;

import static dstcow.dst.KernelSource.PATCHED;

/**
 * The Jenkins hash of include/linux/jhash.h as of 2.6.37 (Bob Jenkins' lookup3, with
 * {@code JHASH_INITVAL 0xdeadbeef}), which {@code rt_hash()} uses to pick a route cache bucket.
 */
public final class Jhash {
    private Jhash() {
    }

    /** {@code JHASH_INITVAL}. */
    @KernelSource(file = "include/linux/jhash.h", symbol = "JHASH_INITVAL", commit = PATCHED)
    public static final int JHASH_INITVAL = 0xdeadbeef;

    /** {@code u32 jhash_3words(u32 a, u32 b, u32 c, u32 initval)}: {@code __jhash_final} of the three words. */
    @KernelSource(file = "include/linux/jhash.h", symbol = "jhash_3words", commit = PATCHED)
    public static int jhash3words(int a, int b, int c, int initval) {
        a += JHASH_INITVAL;
        b += JHASH_INITVAL;
        c += initval;
        // __jhash_final(a, b, c)
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }
}
