package dstcow.dst.mem;

/**
 * One recorded event.
 *
 * @param seq      its number in the trace, from 1
 * @param kind     what happened
 * @param function the kernel function it happened in
 * @param address  the address concerned (object, word or function), or 0
 * @param detail   a short human-readable description
 * @param thread   the Java thread, standing for the CPU
 */
public record TraceEvent(long seq, TraceKind kind, String function, long address, String detail, String thread) {

    /** The line {@link Trace#print} writes, with addresses {@code pointerSize} bytes wide. */
    public String format(int pointerSize) {
        String addr = address == 0 ? " ".repeat(2 + 2 * pointerSize) : Hex.addr(address, pointerSize);
        return String.format("%4d  %-16s %-30s %s  %s", seq, kind.label(), function, addr, detail).stripTrailing();
    }
}
