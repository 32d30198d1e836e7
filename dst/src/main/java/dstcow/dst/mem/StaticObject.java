package dstcow.dst.mem;

/** A named object in the emulated {@code .rodata} or {@code .data}. */
final class StaticObject {
    final String name;
    final boolean readOnly;
    final long start;
    final long size;
    int protFrom = -1;
    int protTo = -1;
    String protBy;

    StaticObject(String name, boolean readOnly, long start, long size) {
        this.name = name;
        this.readOnly = readOnly;
        this.start = start;
        this.size = size;
    }

    String section() { return readOnly ? ".rodata" : ".data"; }
}
