package dstcow.dst.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Plain loads and stores of emulated kernel memory, for {@link KernelMemory} itself and for the
 * code that runs on it (the ported kernels extend this class).
 *
 * <p>Each object that extends this class carries its own copy of fast mode's window: the bound
 * of the emulated memory and the offset from emulated to native addresses. A CPU caches
 * address translations in its own TLB rather than walking the page tables for every access,
 * and for the same reason: a load that finds everything it needs in the object it is already
 * running in costs one dependent load less than one that first fetches the memory object. The
 * JIT inlines the hot path into the kernel's code as one subtraction of a constant, one unsigned
 * comparison, one add and the native access. {@link KernelMemory#close()} flushes every copy
 * (sets its bound to 0), so after close every access fails the comparison, takes the slow path
 * and becomes a {@link KernelOops}, never a JVM crash.
 *
 * <p>The window is only ever open in fast mode on a 64-bit little-endian ABI. Everything else,
 * checked mode with its validation, big-endian and 32-bit fast mode, and any address outside the
 * emulated memory, goes to the memory's out-of-line path, which is where every oops is made.
 */
public abstract class MemoryAccess {

    /**
     * The whole native address space as one segment: the hot path's view, created on first use
     * (so checked memory never makes the restricted call). Restricted
     * ({@code --enable-native-access}): every access through it is first bounded by the window.
     */
    static final class Everything {
        @SuppressWarnings("restricted")
        static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

        private Everything() {
        }
    }

    static final ValueLayout.OfInt U32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Where the window starts: the window is only open on 64-bit ABIs, whose memory starts here. */
    private static final long WINDOW_BASE = KernelMemory.DATA_BASE_64;

    /**
     * The window's size in bytes from {@link #WINDOW_BASE}, or 0 when it is shut (checked mode,
     * a big-endian or 32-bit ABI, a closed memory). Accesses of up to 8 bytes may start at its
     * last byte: the memory keeps spare bytes after its end.
     */
    private long window;
    /** Native address minus emulated address. */
    private long nativeDelta;
    /** The memory whose out-of-line path takes every access the window does not. */
    private final KernelMemory memory;

    /** For {@link KernelMemory}, which is its own slow path and opens its window itself. */
    MemoryAccess() {
        this.memory = (KernelMemory) this;
    }

    /** For code that runs on {@code memory}: copies its window, and is flushed when it closes. */
    protected MemoryAccess(KernelMemory memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
        memory.attach(this);
    }

    /** Sets the copy of the window; called by the memory, under its lock. */
    final void window(long size, long delta) {
        this.window = size;
        this.nativeDelta = delta;
    }

    /** The size of this copy of the window: 0 when shut. For tests. */
    final long windowSize() {
        return window;
    }

    private boolean inWindow(long address) {
        return Long.compareUnsigned(address - WINDOW_BASE, window) < 0;
    }

    /** A {@code u32} (or {@code int}) load, as {@code int} bits; {@code fn} is the kernel function, for an oops. */
    protected final int loadU32(long address, String fn) {
        if (inWindow(address)) {
            return Everything.ALL.get(U32_LE, address + nativeDelta);
        }
        return memory.readU32Slow(address, fn);
    }

    protected final void storeU32(long address, int value, String fn) {
        if (inWindow(address)) {
            Everything.ALL.set(U32_LE, address + nativeDelta, value);
            return;
        }
        memory.writeU32Slow(address, value, fn);
    }

    protected final long loadU64(long address, String fn) {
        if (inWindow(address)) {
            return Everything.ALL.get(U64_LE, address + nativeDelta);
        }
        return memory.readU64Slow(address, fn);
    }

    protected final void storeU64(long address, long value, String fn) {
        if (inWindow(address)) {
            Everything.ALL.set(U64_LE, address + nativeDelta, value);
            return;
        }
        memory.writeU64Slow(address, value, fn);
    }

    /** An {@code unsigned long} (or a pointer): 8 bytes on 64-bit ABIs, 4 zero-extended on 32-bit ones. */
    protected final long loadULong(long address, String fn) {
        if (inWindow(address)) {
            return Everything.ALL.get(U64_LE, address + nativeDelta);
        }
        return memory.readULongSlow(address, fn);
    }

    /** Stores an {@code unsigned long} (or a pointer); on 32-bit ABIs only the low 32 bits, as C truncates. */
    protected final void storeULong(long address, long value, String fn) {
        if (inWindow(address)) {
            Everything.ALL.set(U64_LE, address + nativeDelta, value);
            return;
        }
        memory.writeULongSlow(address, value, fn);
    }

    /** A pointer: {@code sizeof(void *) == sizeof(unsigned long)} on every ABI modelled. */
    protected final long loadPointer(long address, String fn) {
        return loadULong(address, fn);
    }

    protected final void storePointer(long address, long value, String fn) {
        storeULong(address, value, fn);
    }
}
