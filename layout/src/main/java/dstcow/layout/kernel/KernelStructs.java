package dstcow.layout.kernel;

import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.RecordDef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The structs users can ask for by name, each in both kernels (the same definition where the patch left it alone). */
public final class KernelStructs {

    /**
     * @param name    what users type ({@code dst_entry}; a leading {@code struct } is accepted)
     * @param parent  the definition before 62fa8a84
     * @param patched the definition at 62fa8a84
     * @param about   one line on what it is and what the patch did to it
     */
    public record Entry(String name, RecordDef parent, RecordDef patched, String about) {
        public RecordDef at(KernelVersion version) {
            return version == KernelVersion.PATCHED ? patched : parent;
        }

        public boolean changedByPatch() { return parent != patched; }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add(new Entry("dst_entry", DstEntry.PARENT, DstEntry.PATCHED,
                "the routing cache entry; _metrics becomes a tagged pointer and the struct is re-laid"));
        add(new Entry("rcu_head", RcuHead.DEF, RcuHead.DEF, "RCU callback head, first member of dst_entry"));
        for (Entry e : KernelStructsMore.entries()) {
            add(e);
        }
    }

    private static void add(Entry e) {
        ENTRIES.put(e.name(), e);
    }

    private KernelStructs() {
    }

    public static List<Entry> all() {
        return List.copyOf(ENTRIES.values());
    }

    public static Entry entry(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.startsWith("struct ")) {
            key = key.substring("struct ".length()).trim();
        }
        Entry e = ENTRIES.get(key);
        if (e == null) {
            throw new IllegalArgumentException("unknown struct '" + name + "'; allowed: " + allowed());
        }
        return e;
    }

    public static RecordDef get(String name, KernelVersion version) {
        return entry(name).at(version);
    }

    public static String allowed() {
        return String.join(", ", ENTRIES.keySet());
    }
}
