package dstcow.xfrm.core;

import dstcow.dst.KernelSource;
import dstcow.dst.mem.KernelMemory;

import static dstcow.dst.KernelSource.PATCHED;

/**
 * {@code ERR_PTR}, {@code IS_ERR} and {@code PTR_ERR} (include/linux/err.h) for the ABI's pointer
 * width: an error travels as a pointer in the last page of the address space, and pointer
 * arithmetic on one wraps as it does in C.
 */
public final class ErrPtr {
    private ErrPtr() {
    }

    /** {@code MAX_ERRNO}. */
    @KernelSource(file = "include/linux/err.h", symbol = "MAX_ERRNO", commit = PATCHED)
    public static final int MAX_ERRNO = 4095;

    /** {@code ERR_PTR(error)}. */
    @KernelSource(file = "include/linux/err.h", symbol = "ERR_PTR", commit = PATCHED)
    public static long ERR_PTR(KernelMemory mem, int error) {
        return wrap(mem, error);
    }

    /** {@code IS_ERR(ptr)}. */
    @KernelSource(file = "include/linux/err.h", symbol = "IS_ERR", commit = PATCHED)
    public static boolean IS_ERR(KernelMemory mem, long ptr) {
        return Long.compareUnsigned(wrap(mem, ptr), wrap(mem, -MAX_ERRNO)) >= 0;
    }

    /** {@code PTR_ERR(ptr)}. */
    @KernelSource(file = "include/linux/err.h", symbol = "PTR_ERR", commit = PATCHED)
    public static int PTR_ERR(long ptr) {
        return (int) ptr;
    }

    /** {@code ptr + offset} in the ABI's {@code unsigned long}: wraps at 32 bits on 32-bit ABIs. */
    public static long add(KernelMemory mem, long ptr, long offset) {
        return wrap(mem, ptr + offset);
    }

    private static long wrap(KernelMemory mem, long v) {
        return mem.pointerSize() == 8 ? v : v & 0xffffffffL;
    }
}
