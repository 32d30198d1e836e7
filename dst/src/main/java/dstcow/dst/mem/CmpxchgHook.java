package dstcow.dst.mem;

/**
 * Called just before every emulated {@code cmpxchg}, outside any emulator lock: tests use it to
 * hold racing threads at the point where the kernel's window is (after reading the old word,
 * before the exchange), so that races happen every time instead of by luck.
 */
@FunctionalInterface
public interface CmpxchgHook {
    void beforeCmpxchg(long address, String function);
}
