package dstcow.tools.compare;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the reader pulls out of the fixtures pkt.h and pkt.c, construct by construct. */
class CReaderTest {

    private static final CFile H = Fixtures.read("pkt.h", "CONFIG_XFRM", "CONFIG_SMP");
    private static final CFile C = Fixtures.read("pkt.c", "CONFIG_XFRM");

    private static CMember member(CStruct s, String name) {
        return s.member(name).orElseThrow(() -> new AssertionError("no member " + name + " in " + s.memberNames()));
    }

    @Test
    void structMembersInOrderWithTheirLines() {
        CStruct s = H.requireStruct("pkt_desc");
        assertEquals("struct", s.kind());
        assertEquals(23, s.line());
        assertEquals(53, s.endLine());
        assertEquals(List.of("next", "pprev", "ops", "stamp", "xfrm", "__pad1", "slots", "num_in", "num_out", "kind", "urgent",
                "cls", "peer", "cookie", "ports", "cpu_list", "handler", "route", "refs"), s.memberNames());
        assertEquals(24, member(s, "next").line());
        assertEquals(30, member(s, "__pad1").line());
        assertEquals(52, member(s, "refs").line());
        assertTrue(s.text().startsWith("struct pkt_desc {\n\tstruct pkt_desc\t\t*next, **pprev;"), s.text());
        assertTrue(s.text().endsWith("} __attribute__((__aligned__(BITS_PER_LONG/8)));"), s.text());
    }

    @Test
    void commaDeclaratorsKeepTheirOwnPointerLevels() {
        CStruct s = H.requireStruct("pkt_desc");
        assertEquals("struct pkt_desc *", member(s, "next").comparableType());
        assertEquals("struct pkt_desc **", member(s, "pprev").comparableType());
        assertEquals("int", member(s, "num_out").comparableType());
        assertEquals(33, member(s, "num_out").line());
    }

    @Test
    void ifdefElseMembersCarryTheirConditionAndWhetherItHolds() {
        CStruct s = H.requireStruct("pkt_desc");
        CMember xfrm = member(s, "xfrm");
        assertEquals("defined(CONFIG_XFRM)", xfrm.condition().text());
        assertTrue(xfrm.condition().holds());
        CMember pad = member(s, "__pad1");
        assertEquals("!defined(CONFIG_XFRM)", pad.condition().text());
        assertFalse(pad.condition().holds());
        CMember cpu = member(s, "cpu_list");
        assertEquals("defined(CONFIG_SMP) && defined(CONFIG_HOTPLUG_CPU)", cpu.condition().text());
        assertFalse(cpu.condition().holds(), "CONFIG_HOTPLUG_CPU is not in the configuration, so not defined");
        assertTrue(member(s, "stamp").condition().always());
        // The include guard and #ifdef __KERNEL__ outside the struct are not the members' business.
        assertEquals("", member(s, "stamp").condition().text());
    }

    @Test
    void bitfieldsArraysWithMacroSizesAndAttributes() {
        CStruct s = H.requireStruct("pkt_desc");
        assertEquals(4, member(s, "kind").bitWidth());
        assertEquals("unsigned int", member(s, "kind").comparableType());
        assertEquals("unsigned", member(s, "kind").typeText());
        assertEquals(1, member(s, "urgent").bitWidth());
        assertEquals(3, member(s, "cls").bitWidth());
        assertEquals(-1, member(s, "stamp").bitWidth());
        CMember slots = member(s, "slots");
        assertEquals(List.of("PKT_SLOTS"), slots.arrayDims());
        assertEquals("u32[PKT_SLOTS]", slots.comparableType());
        assertEquals("u32[6]", slots.type().spelling(StructParity.dims(H.constants())));
        assertEquals(List.of("____cacheline_aligned_in_smp"), member(s, "refs").attributes());
        assertEquals(List.of("__attribute__((__aligned__(BITS_PER_LONG/8)))"), s.attributes());
    }

    @Test
    void functionPointersAndQualifiersSpellLikeTheModel() {
        CStruct s = H.requireStruct("pkt_desc");
        CMember handler = member(s, "handler");
        assertEquals("int (*)(struct sk_buff *, struct pkt_desc *)", handler.comparableType());
        assertEquals("int (*handler)(struct sk_buff *, const struct pkt_desc *)", handler.declaration());
        CMember route = member(s, "route");
        assertEquals("struct rtable *", route.comparableType());
        assertEquals("struct rtable __rcu *", route.typeText());
        CStruct cfg = H.requireStruct("pkt_cfg");
        assertEquals("unsigned long", member(cfg, "wide").comparableType());
        assertEquals("unsigned long", member(cfg, "wide2").comparableType());
        assertEquals("int", member(cfg, "narrow").comparableType());
        assertEquals("char *", member(cfg, "name").comparableType());
        assertEquals("const char *", member(cfg, "name").typeText());
        assertEquals("u16 *", member(cfg, "counters").comparableType());
        assertEquals("struct pkt_desc *[2][PKT_SLOTS]", member(cfg, "ring").comparableType());
        assertEquals(List.of("2", "PKT_SLOTS"), member(cfg, "ring").arrayDims());
        assertEquals("u32 *(*)(struct pkt_desc *, unsigned long)", member(cfg, "cow").comparableType());
    }

    @Test
    void nestedAnonymousUnionAndNamedInnerStruct() {
        CStruct s = H.requireStruct("pkt_desc");
        CMember union = s.members().stream().filter(CMember::anonymous).findFirst().orElseThrow();
        assertEquals("union {...}", union.comparableType());
        assertEquals(39, union.line());
        CStruct u = union.nested();
        assertEquals("union", u.kind());
        assertNull(u.name());
        assertEquals(List.of("peer", "cookie", "ports"), u.memberNames());
        CMember ports = u.member("ports").orElseThrow();
        assertEquals("struct {...}", ports.comparableType());
        assertEquals(List.of("sport", "dport"), ports.nested().memberNames());
        assertEquals("__be16", ports.nested().member("dport").orElseThrow().comparableType());
        assertEquals(44, ports.nested().member("dport").orElseThrow().line());
    }

    @Test
    void defineLinesInsideAStructBodyAreRecordedNotMembers() {
        CStruct s = H.requireStruct("pkt_desc");
        assertEquals(List.of("PKT_KIND_DATA", "PKT_KIND_CTRL"), s.defines().stream().map(CMacro::name).toList());
        assertEquals(37, s.defines().get(0).line());
        assertEquals(Long.valueOf(2), H.constants().get("PKT_KIND_CTRL"));
    }

    @Test
    void elifElseIsEnabledAndIntegerConditions() {
        CStruct cfg = H.requireStruct("pkt_cfg");
        assertEquals("PKT_LEVEL >= 2", member(cfg, "deep").condition().text());
        assertTrue(member(cfg, "deep").condition().holds(), "PKT_LEVEL is #defined to 2 earlier in the file");
        assertEquals("defined(CONFIG_PKT_STATS) && !defined(CONFIG_PKT_LITE)", member(cfg, "hits").condition().text());
        assertFalse(member(cfg, "hits").condition().holds());
        assertEquals("!(defined(CONFIG_PKT_STATS) && !defined(CONFIG_PKT_LITE)) && IS_ENABLED(CONFIG_PKT_LITE)",
                member(cfg, "lite_hits").condition().text());
        assertFalse(member(cfg, "lite_hits").condition().holds());
        assertTrue(member(cfg, "no_hits").condition().holds());
        assertFalse(member(cfg, "never").condition().holds(), "unknown symbols are not defined");

        CStruct lite = CReader.parse("pkt.h", Fixtures.text("pkt.h"), Map.of("CONFIG_PKT_LITE_MODULE", true))
                .requireStruct("pkt_cfg");
        assertTrue(member(lite, "lite_hits").condition().holds(), "IS_ENABLED counts a module as enabled");
        assertFalse(member(lite, "no_hits").condition().holds());
        CStruct stats = CReader.parse("pkt.h", Fixtures.text("pkt.h"), Map.of("CONFIG_PKT_STATS", true))
                .requireStruct("pkt_cfg");
        assertTrue(member(stats, "hits").condition().holds());
        assertFalse(member(stats, "lite_hits").condition().holds(), "#elif is not taken after a taken #if");
    }

    @Test
    void multiLineMacroWithContinuations() {
        CMacro m = H.requireMacro("PKT_SLOT_PTR");
        assertEquals(List.of("p", "i"), m.params());
        assertEquals("((u32 *)((p)->slots + (i)))", m.body());
        assertEquals(19, m.line());
        assertEquals(21, m.endLine());
        assertEquals("#define PKT_SLOT_PTR(p, i)\t\\\n\t((u32 *)((p)->slots +\t\\\n\t\t (i)))", m.text());
        CMacro ro = H.requireMacro("PKT_READ_ONLY");
        assertNull(ro.params());
        assertEquals("0x1UL", ro.body());
        assertEquals(Long.valueOf(1), H.constants().get("PKT_READ_ONLY"));
        assertEquals(Long.valueOf(6), H.constants().get("PKT_SLOTS"));
    }

    @Test
    void staticInlineWithBracesInCommentsStringsAndCharacters() {
        CFunction f = H.requireFunction("pkt_slots_write_ptr");
        assertEquals(List.of("static", "inline"), f.specifiers());
        assertTrue(f.isStatic());
        assertTrue(f.isInline());
        assertEquals("u32 *", f.returnType());
        assertEquals("struct pkt_desc *x, unsigned long old", f.parameters());
        assertEquals("static inline u32 *pkt_slots_write_ptr(struct pkt_desc *x, unsigned long old)", f.signature());
        assertEquals(85, f.line());
        assertEquals(94, f.endLine());
        assertTrue(f.body().contains("\"pkt {%lu}\\n\""), f.body());
        assertEquals(List.of("cow_metrics", "pr_debug", "PKT_SLOT_PTR"), f.callNames(),
                "sizeof, if and return are not calls");
    }

    @Test
    void memberCallsThroughOpsAreIndirect() {
        CFunction f = H.requireFunction("pkt_slots_write_ptr");
        CCall cow = f.calls().getFirst();
        assertEquals("cow_metrics", cow.name());
        assertTrue(cow.indirect());
        assertEquals(new SourcePos("pkt.h", 91, 18), cow.pos());
        assertFalse(f.calls().get(1).indirect());
    }

    @Test
    void returnTypeOnThePreviousLine() {
        CFunction f = H.requireFunction("pkt_slot");
        assertEquals("u32", f.returnType());
        assertEquals(96, f.line());
        assertEquals(97, f.nameLine());
        assertEquals("static inline u32 pkt_slot(const struct pkt_desc *x, int i)", f.signature());
    }

    @Test
    void initAndExitAnnotationsAndExportSymbol() {
        CFunction init = C.requireFunction("pkt_table_init");
        assertEquals(List.of("__init"), init.specifiers());
        assertEquals("int", init.returnType());
        assertEquals("EXPORT_SYMBOL_GPL", init.exportedAs());
        assertEquals("struct dst_ops *ops, int count", init.parameters());
        assertEquals(List.of("dst_entries_init", "gc"), init.callNames());
        assertTrue(init.calls().get(1).indirect());
        CFunction exit = C.requireFunction("pkt_table_exit");
        assertEquals(List.of("static", "__exit"), exit.specifiers());
        assertNull(exit.exportedAs());
        assertEquals(List.of("kfree"), exit.callNames(), "PKT_LEVEL is not defined in pkt.c, so the #else branch is compiled");
        assertEquals(List.of("pkt_gc", "pkt_check", "pkt_destroy", "pkt_table_init", "pkt_table_exit"),
                C.functions().stream().map(CFunction::name).toList(), "prototypes are not definitions");
    }

    @Test
    void designatedInitializerWithIfdefInside() {
        CInitializer ops = C.requireInitializer("pkt_dst_ops");
        assertEquals("static struct dst_ops", ops.type());
        assertEquals("dst_ops", ops.structTag());
        assertEquals(28, ops.line());
        assertEquals(43, ops.endLine());
        assertEquals(Map.of("family", "AF_INET", "protocol", "cpu_to_be16(ETH_P_IP)", "gc", "pkt_gc", "check", "pkt_check",
                "cow_metrics", "pkt_cow_metrics", "destroy", "pkt_destroy", "local_out", "__ip_local_out"), ops.values());
        CInitEntry cow = ops.entry("cow_metrics").orElseThrow();
        assertEquals("pkt_cow_metrics", cow.identifier());
        assertEquals("defined(CONFIG_XFRM)", cow.condition().text());
        assertEquals(34, cow.line());
        CInitEntry ifdown = ops.entries().stream().filter(e -> "ifdown".equals(e.member())).findFirst().orElseThrow();
        assertFalse(ifdown.active());
        assertNull(ops.entry("protocol").orElseThrow().identifier());

        CInitializer noXfrm = Fixtures.read("pkt.c").requireInitializer("pkt_dst_ops");
        assertEquals("dst_cow_metrics_generic", noXfrm.values().get("cow_metrics"));
    }

    @Test
    void kernelIsDefinedUnlessSwitchedOff() {
        assertTrue(H.function("pkt_slot").isPresent());
        CFile user = CReader.parse("pkt.h", Fixtures.text("pkt.h"), Map.of("__KERNEL__", false));
        assertTrue(user.function("pkt_slot").isEmpty(), "everything under #ifdef __KERNEL__ is gone");
        assertTrue(user.struct("pkt_desc").isPresent());
    }

    @Test
    void continuationLinesKeepLaterLineNumbers() {
        String text = "struct s {\n\tunsig\\\nned long a;\n\tint b;\n};\n";
        CStruct s = CReader.parse("s.h", text, Map.of()).requireStruct("s");
        assertEquals("unsigned long", s.member("a").orElseThrow().comparableType());
        assertEquals(new SourcePos("s.h", 3, 10), s.member("a").orElseThrow().pos());
        assertEquals(4, s.member("b").orElseThrow().line());
    }

    @Test
    void anonymousStructVariableWithInitializer() {
        String text = "static struct {\n\tspinlock_t lock;\n\tint n;\n} garbage = {\n\t.n = 1,\n};\n";
        CInitializer g = CReader.parse("g.c", text, Map.of()).requireInitializer("garbage");
        assertEquals(Map.of("n", "1"), g.values());
        assertEquals(4, g.entry("n").orElseThrow().line() - 1);
    }

    @Test
    void lookupFailuresListWhatIsThere() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> C.requireInitializer("ipv4_dst_ops"));
        assertEquals("no initialized variable 'ipv4_dst_ops' in pkt.c; it has: pkt_dst_ops", e.getMessage());
    }
}
