package dstcow.dst.mem;

import java.util.Arrays;

/** A growable stack of longs without boxing: a slab cache's freelist. */
final class LongStack {
    private long[] items = new long[16];
    private int size;

    void push(long v) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = v;
    }

    long pop() {
        return items[--size];
    }

    boolean isEmpty() { return size == 0; }

    int size() { return size; }
}
