package dstcow.layout.print;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dstcow.layout.engine.FieldLayout;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.model.KernelVersion;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layouts as JSON for machines: struct, ABI, version, config, size, alignment, every field with
 * offset/size/alignment/cache line (nested records inline), and the holes.
 */
public final class JsonPrinter {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonPrinter() {
    }

    public static Map<String, Object> toMap(RecordLayout layout, KernelVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("struct", layout.def().cName());
        m.put("abi", layout.config().abi().id());
        m.put("triple", layout.config().abi().triple());
        m.put("byte_order", layout.config().abi().bigEndian() ? "big" : "little");
        m.put("version", version.id());
        m.put("config", layout.config().values());
        m.put("cacheline", layout.cacheLine());
        m.put("size", layout.size());
        m.put("alignment", layout.align());
        m.put("cachelines", layout.cacheLines());
        if (layout.def().source() != null) {
            m.put("kernel_source", layout.def().source().toString());
        }
        m.put("fields", fields(layout, 0));
        m.put("holes", holes(layout, 0));
        return m;
    }

    public static String print(RecordLayout layout, KernelVersion version) {
        return write(toMap(layout, version));
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> fields(RecordLayout layout, long base) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Long> holeAfter = new LinkedHashMap<>();
        for (Holes.Hole h : Holes.of(layout)) {
            holeAfter.put(h.after(), h.size());
        }
        for (FieldLayout f : layout.fields()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("type", f.nested() != null && f.name() == null ? f.nested().def().kind().keyword() : f.type().spelling());
            m.put("offset", base + f.offset());
            m.put("size", f.size());
            m.put("alignment", f.align());
            m.put("cacheline", (base + f.offset()) / layout.cacheLine());
            if (f.bitfield()) {
                m.put("bit_offset", base * 8 + f.bitOffset());
                m.put("bit_width", f.bitWidth());
            }
            if (f.member().condition() != dstcow.layout.model.Cond.ALWAYS) {
                m.put("condition", f.member().condition().toString());
            }
            m.put("hole_after", holeAfter.getOrDefault(f.displayName(), 0L));
            if (f.nested() != null) {
                m.put("fields", fields(f.nested(), base + f.offset()));
            }
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> holes(RecordLayout layout, long base) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Holes.Hole h : Holes.of(layout)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("after", h.after());
            m.put("offset", base + h.offset());
            m.put("size", h.size());
            out.add(m);
        }
        return out;
    }
}
