package dstcow.dst.mem;

import java.util.List;

/**
 * The slab objects still live, oldest first: what {@code kmemleak} would list.
 *
 * @param objects     the live objects
 * @param pointerSize for printing addresses
 */
public record LeakReport(List<LiveObject> objects, int pointerSize) {

    public LeakReport {
        objects = List.copyOf(objects);
    }

    public boolean isEmpty() { return objects.isEmpty(); }

    /** Bytes of the leaked slots. */
    public long bytes() {
        return objects.stream().mapToLong(LiveObject::slotSize).sum();
    }

    @Override
    public String toString() {
        if (objects.isEmpty()) {
            return "no leaks";
        }
        StringBuilder b = new StringBuilder();
        b.append(objects.size()).append(objects.size() == 1 ? " object" : " objects").append(", ")
                .append(bytes()).append(" bytes still allocated:");
        for (LiveObject o : objects) {
            b.append("\n  ").append(Hex.addr(o.address(), pointerSize)).append("  ").append(o.cache())
                    .append(" (").append(o.requested()).append(" bytes) allocated by ").append(o.allocatedBy())
                    .append(" (#").append(o.seq()).append(')');
        }
        return b.toString();
    }
}
