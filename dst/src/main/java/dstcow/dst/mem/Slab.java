package dstcow.dst.mem;

/**
 * One slab: a run of pages cut into equal object slots, with what checked mode needs to know
 * about each slot. Guarded by the owning memory's lock.
 */
final class Slab {
    static final byte NEVER = 0;
    static final byte LIVE = 1;
    static final byte FREED = 2;

    final KmemCache cache;
    /** Segment offset of the first slot. */
    final long start;
    final long objSize;
    final int count;

    final byte[] state;
    final long[] requested;
    final String[] allocatedBy;
    final String[] freedBy;
    final long[] seq;
    /** A range published read-only (offsets within the object), or -1. */
    final int[] protFrom;
    final int[] protTo;
    final String[] protBy;

    Slab(KmemCache cache, long start, long objSize, int count) {
        this.cache = cache;
        this.start = start;
        this.objSize = objSize;
        this.count = count;
        this.state = new byte[count];
        this.requested = new long[count];
        this.allocatedBy = new String[count];
        this.freedBy = new String[count];
        this.seq = new long[count];
        this.protFrom = new int[count];
        this.protTo = new int[count];
        this.protBy = new String[count];
        java.util.Arrays.fill(protFrom, -1);
    }

    long objectStart(int index) {
        return start + index * objSize;
    }

    int indexOf(long offset) {
        long i = (offset - start) / objSize;
        return i >= count ? -1 : (int) i;
    }
}
