package dstcow.tools.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The C fixtures under src/test/resources/compare, read under a configuration. */
final class Fixtures {
    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/compare/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture compare/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code on} are the symbols switched on; every other symbol is not defined. */
    static CFile read(String name, String... on) {
        return CReader.parse(name, text(name), config(on));
    }

    static Map<String, Boolean> config(String... on) {
        Map<String, Boolean> m = new HashMap<>();
        for (String s : on) {
            m.put(s, true);
        }
        return m;
    }
}
