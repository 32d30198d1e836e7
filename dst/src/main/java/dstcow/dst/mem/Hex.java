package dstcow.dst.mem;

/** Kernel-style hex: addresses zero-padded to the ABI's pointer width. */
public final class Hex {
    private Hex() {
    }

    /** {@code 0xffff880000021040} on 64-bit ABIs, {@code 0xc0021040} on 32-bit ones. */
    public static String addr(long address, int pointerSize) {
        String digits = Long.toHexString(pointerSize == 4 ? address & 0xffffffffL : address);
        int width = pointerSize * 2;
        StringBuilder b = new StringBuilder(2 + width).append("0x");
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits).toString();
    }
}
