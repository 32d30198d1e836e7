package dstcow.xfrm;

import dstcow.dst.KernelSource;
import dstcow.layout.model.KernelVersion;
import dstcow.xfrm.core.ErrPtr;
import dstcow.xfrm.core.Xfrm;
import dstcow.xfrm.ipv4.ParentXfrm4Policy;
import dstcow.xfrm.ipv4.PatchedXfrm4Policy;
import dstcow.xfrm.ipv4.Xfrm4Policy;
import dstcow.xfrm.state.XfrmStates;
import org.junit.jupiter.api.Test;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifest of issue 4 for the xfrm module: the symbols of xfrm_policy.c the issue names and
 * the whole of xfrm4_policy.c, each with an annotated Java counterpart in the kernels that have it.
 */
class ManifestTest {

    static final List<Class<?>> CLASSES = List.of(Xfrm.class, Xfrm4Policy.class, ParentXfrm4Policy.class, PatchedXfrm4Policy.class,
            XfrmStates.class, ErrPtr.class);

    static final List<String> BOTH = List.of("xfrm_alloc_dst", "xfrm_bundle_create", "xfrm_init_path", "xfrm_init_pmtu",
            "xfrm_bundle_ok", "xfrm_default_advmss", "xfrm_default_mtu", "xfrm_dst_destroy", "xfrm_dst_check", "stale_bundle",
            "xfrm_dst_ifdown", "xfrm_policy_register_afinfo", "xfrm_state_mtu", "esp4_get_mtu", "esp_init_state", "xfrm_state_put",
            // net/ipv4/xfrm4_policy.c, whole
            "xfrm4_dst_lookup", "xfrm4_get_saddr", "xfrm4_get_tos", "xfrm4_init_path", "xfrm4_fill_dst", "_decode_session4",
            "xfrm4_garbage_collect", "xfrm4_update_pmtu", "xfrm4_dst_destroy", "xfrm4_dst_ifdown", "xfrm4_dst_ops",
            "xfrm4_policy_afinfo", "xfrm4_policy_init", "xfrm4_init");

    private record Port(String symbol, String javaName, KernelSource source, boolean isPublic, boolean method) {
    }

    static List<Port> ports() {
        List<Port> out = new ArrayList<>();
        for (Class<?> c : CLASSES) {
            List<AnnotatedElement> elements = new ArrayList<>(List.of(c.getDeclaredMethods()));
            elements.addAll(List.of(c.getDeclaredFields()));
            for (AnnotatedElement e : elements) {
                KernelSource s = e.getAnnotation(KernelSource.class);
                if (s != null) {
                    Member m = (Member) e;
                    out.add(new Port(s.symbol(), m.getName(), s, Modifier.isPublic(m.getModifiers()), e instanceof Method));
                }
            }
        }
        return out;
    }

    static String camel(String symbol) {
        if (symbol.toUpperCase(Locale.ROOT).equals(symbol)) {
            return symbol;
        }
        int lead = 0;
        while (lead < symbol.length() && symbol.charAt(lead) == '_') {
            lead++;
        }
        String[] parts = symbol.substring(lead).split("_");
        StringBuilder b = new StringBuilder(symbol.substring(0, lead)).append(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            }
        }
        return b.toString();
    }

    @Test
    void everySymbolHasACounterpartInBothKernels() {
        List<Port> ports = ports();
        List<String> wrong = new ArrayList<>();
        for (String symbol : BOTH) {
            Set<KernelVersion> covered = EnumSet.noneOf(KernelVersion.class);
            ports.stream().filter(p -> p.symbol().equals(symbol)).forEach(p -> covered.addAll(List.of(p.source().kernels())));
            if (!covered.equals(EnumSet.allOf(KernelVersion.class))) {
                wrong.add(symbol + " covers " + covered);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void publicPortedFunctionsAreNamedAfterTheirSymbol() {
        Set<String> wrong = new TreeSet<>();
        for (Port p : ports()) {
            if (p.method() && p.isPublic() && !p.javaName().equals(camel(p.symbol()))) {
                wrong.add(p.symbol() + " -> " + p.javaName());
            }
        }
        assertEquals(Set.of(), wrong);
    }

    @Test
    void sourcesCiteAKernelFileAndACommit() {
        for (Port p : ports()) {
            assertTrue(p.source().commit().matches("[0-9a-f]{40}\\^?"), p + ": " + p.source().commit());
            assertTrue(p.source().file().matches("(include|net|lib|kernel)/[a-z0-9_/-]+\\.[ch]"), p + ": " + p.source().file());
        }
    }
}
