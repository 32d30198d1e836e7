package dstcow.dst.mem;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * The events of one emulated kernel, in order: allocations and frees, cmpxchg outcomes, COWs,
 * dropped metric writes, indirect calls, warnings and oopses. Safe to record from many threads.
 *
 * <p>The trace keeps the most recent {@link #capacity()} events; {@link #count(TraceKind)}
 * stays exact for every event since the last {@link #clear()} even when old ones are dropped.
 * Recording can be switched off for benchmarks ({@link #setEnabled(boolean)}).
 */
public final class Trace {

    /** The default number of events kept. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private final int pointerSize;
    private final int capacity;
    private final ArrayDeque<TraceEvent> events = new ArrayDeque<>();
    private final AtomicLongArray counts = new AtomicLongArray(TraceKind.values().length);
    private long nextSeq = 1;
    private volatile boolean enabled = true;

    Trace(int pointerSize, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("trace capacity " + capacity + " must be positive");
        }
        this.pointerSize = pointerSize;
        this.capacity = capacity;
    }

    public int capacity() { return capacity; }

    public boolean enabled() { return enabled; }

    /** Switches recording on or off; while off, nothing is recorded or counted. */
    public void setEnabled(boolean on) { this.enabled = on; }

    /** Records an event (other modules use this for their own kernel functions' events). */
    public void emit(TraceKind kind, String function, long address, String detail) {
        if (!enabled) {
            return;
        }
        counts.incrementAndGet(kind.ordinal());
        String thread = Thread.currentThread().getName();
        synchronized (events) {
            events.addLast(new TraceEvent(nextSeq++, kind, function, address, detail, thread));
            if (events.size() > capacity) {
                events.removeFirst();
            }
        }
    }

    /** The sequence number the next event will get: pass it to {@link #since(long)}. */
    public long mark() {
        synchronized (events) {
            return nextSeq;
        }
    }

    /** The events kept, oldest first. */
    public List<TraceEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The events kept of the given kinds. */
    public List<TraceEvent> events(TraceKind first, TraceKind... more) {
        Set<TraceKind> kinds = EnumSet.of(first, more);
        return filter(e -> kinds.contains(e.kind()));
    }

    public List<TraceEvent> filter(Predicate<TraceEvent> keep) {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : events()) {
            if (keep.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The events kept whose sequence number is at least {@code mark}. */
    public List<TraceEvent> since(long mark) {
        return filter(e -> e.seq() >= mark);
    }

    /** How many events of this kind were recorded since the last {@link #clear()}, dropped ones included. */
    public long count(TraceKind kind) {
        return counts.get(kind.ordinal());
    }

    /** Forgets every event and count; numbering continues. */
    public void clear() {
        synchronized (events) {
            events.clear();
            for (int i = 0; i < counts.length(); i++) {
                counts.set(i, 0);
            }
        }
    }

    /** Prints every kept event, one per line. */
    public void print(PrintWriter out) {
        print(out, e -> true);
    }

    public void print(PrintWriter out, Predicate<TraceEvent> keep) {
        for (TraceEvent e : events()) {
            if (keep.test(e)) {
                out.println(e.format(pointerSize));
            }
        }
        out.flush();
    }

    /** The lines {@link #print} would write, for the given events. */
    public String format(List<TraceEvent> list) {
        StringWriter s = new StringWriter();
        PrintWriter w = new PrintWriter(s);
        for (TraceEvent e : list) {
            w.println(e.format(pointerSize));
        }
        w.flush();
        return s.toString();
    }

    /** A one-line summary of the counts: {@code kmalloc=1 kfree=1 ...}, kinds with zero left out. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        for (TraceKind k : TraceKind.values()) {
            long n = count(k);
            if (n > 0) {
                b.append(b.isEmpty() ? "" : " ").append(k.label().replace(' ', '_')).append('=').append(n);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return format(events());
    }
}
