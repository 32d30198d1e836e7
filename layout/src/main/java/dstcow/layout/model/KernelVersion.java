package dstcow.layout.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The two kernels dstcow compares: the parent of 62fa8a84, and 62fa8a84 itself. */
public enum KernelVersion {
    /** Before the patch: {@code u32 _metrics[RTAX_MAX]} inline in every {@code dst_entry}. */
    PARENT("parent"),
    /** 62fa8a84: {@code unsigned long _metrics}, a tagged pointer to shared read-only metrics. */
    PATCHED("patched");

    private final String id;

    KernelVersion(String id) { this.id = id; }

    public String id() { return id; }

    public static KernelVersion parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT);
        for (KernelVersion v : values()) {
            if (v.id.equals(key)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown kernel version '" + text + "'; allowed: " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(KernelVersion::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() { return id; }
}
