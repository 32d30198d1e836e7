package dstcow.tools.compare;

import dstcow.dst.KernelSource;
import dstcow.layout.abi.Abi;
import dstcow.layout.kernel.KernelStructs;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.RecordDef;
import dstcow.tools.compare.SymbolReport.Line;
import dstcow.tools.compare.SymbolReport.Mark;
import dstcow.tools.compare.SymbolReport.Status;

import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code dstcow compare} without the command line: for each manifest symbol of one kernel, finds
 * the C definition in a kernel tree and the Java port in the scanned classes and their sources,
 * runs the parity checks that apply (metrics calls for functions and macros, values for
 * constants, members and layout for structs, members for ops tables), and pairs the lines of the
 * two sides that correspond.
 */
public final class Compare {

    /**
     * What to compare.
     *
     * @param manifest  the symbols
     * @param kernel    the kernel whose symbols and Java port are compared
     * @param symbols   the symbols to compare, or empty for all of the kernel's
     * @param tree      the kernel source, or {@code null} to show the Java side only
     * @param sources   the Java sources, or {@code null} when not found (reflection then)
     * @param opsTables builds the Java ops tables, or {@code null}
     */
    public record Request(Manifest manifest, KernelVersion kernel, List<String> symbols, KernelTree tree, JavaSource sources,
                          OpsTableSource opsTables) {
        public Request {
            symbols = List.copyOf(symbols);
        }
    }

    /**
     * The outcome.
     *
     * @param request the request
     * @param symbols one report per symbol, in manifest order
     */
    public record Report(Request request, List<SymbolReport> symbols) {
        public Report {
            symbols = List.copyOf(symbols);
        }

        public long count(Status s) {
            return symbols.stream().filter(r -> r.status() == s).count();
        }

        /** {@code 61 symbols compared, 58 matching, 2 differing, 1 missing}. */
        public String summary() {
            String n = symbols.size() + (symbols.size() == 1 ? " symbol" : " symbols");
            if (request.tree() == null) {
                return n + " listed, Java side only (no --kernel-tree, so no parity checked); "
                        + count(Status.MISSING) + " without a Java counterpart";
            }
            return n + " compared, " + count(Status.MATCH) + " matching, " + count(Status.DIFFER)
                    + " differing, " + count(Status.MISSING) + " missing";
        }

        /** 0 when every symbol matches (or, without a tree, has its Java counterpart), else 1. */
        public int exitCode() {
            return symbols.stream().allMatch(r -> r.status() == Status.MATCH || r.status() == Status.UNCHECKED) ? 0 : 1;
        }
    }

    private final Request request;
    private final JavaPorts ports;
    private final CReader reader = reader();
    private final Map<String, Object> parsed = new HashMap<>();
    private Map<String, JavaOpsTable> tables;
    private String tablesError;

    private Compare(Request request, JavaPorts ports) {
        this.request = request;
        this.ports = ports;
    }

    /** Runs the comparison. Symbols not in the manifest, or not in the kernel, are an {@link IllegalArgumentException}. */
    public static Report run(Request request) {
        return run(request, JavaPorts.scan(request.manifest()));
    }

    /** Runs the comparison over already scanned ports. */
    public static Report run(Request request, JavaPorts ports) {
        Manifest m = request.manifest();
        List<Manifest.Entry> selected = new ArrayList<>();
        if (request.symbols().isEmpty()) {
            selected.addAll(m.of(request.kernel()));
        } else {
            for (String s : request.symbols()) {
                Manifest.Entry e = m.find(s).orElseThrow(() -> new IllegalArgumentException("--symbol '" + s
                        + "' is not in the manifest; allowed: " + m.allowed()));
                if (!e.in(request.kernel())) {
                    throw new IllegalArgumentException("--symbol " + s + " is only in the " + e.kernelsId()
                            + " kernel, not the " + request.kernel() + " one (" + e.file() + "); use --kernel " + e.kernelsId());
                }
                if (!selected.contains(e)) {
                    selected.add(e);
                }
            }
        }
        Compare c = new Compare(request, ports);
        List<SymbolReport> out = new ArrayList<>();
        for (Manifest.Entry e : selected) {
            out.add(c.symbol(e));
        }
        return new Report(request, out);
    }

    // ---- one symbol -------------------------------------------------------------------------------------

    private SymbolReport symbol(Manifest.Entry e) {
        KernelVersion v = request.kernel();
        JavaColumn java = e.kind() == Manifest.Kind.STRUCT ? structColumn(e) : portColumn(e);
        List<ParityResult> checks = new ArrayList<>(java.checks);

        String commit = java.commit != null ? java.commit : request.manifest().commit(v);
        String cAbsent = null;
        CDefinition def = null;
        CFile file = null;
        if (request.tree() == null) {
            cAbsent = "C not read (no --kernel-tree): " + e.symbol() + " is in " + e.file() + " at commit " + commit;
        } else {
            Object p = parse(e.file());
            if (p instanceof String why) {
                cAbsent = why;
            } else {
                file = (CFile) p;
                def = CDefinition.find(file, e.symbol(), e.kind()).orElse(null);
                if (def == null) {
                    cAbsent = "no definition of " + e.symbol() + " in " + e.file() + " (" + request.tree().describe()
                            + ") under the config read (" + readConfig() + ")";
                }
            }
        }
        List<Line> cLines = new ArrayList<>();
        List<CDefinition.Assignment> assigned = List.of();
        Map<String, Integer> assignmentLine = new HashMap<>();
        String cTitle;
        if (def != null) {
            for (int i = 0; i < def.lines().size(); i++) {
                cLines.add(new Line(def.startLine() + i, def.file(), def.lines().get(i), Mark.NONE));
            }
            cTitle = def.where() + ", " + def.what() + (request.tree().rev() != null ? " @ " + request.tree().rev() : "");
            if (e.kind() == Manifest.Kind.OPS && def.initializer() != null) {
                assigned = CDefinition.assignments(file, e.symbol());
                String in = null;
                for (CDefinition.Assignment a : assigned) {
                    if (!a.in().equals(in)) {
                        in = a.in();
                        cLines.add(new Line(-1, null, "", Mark.NONE));
                        cLines.add(new Line(-1, null, "/* set at init time, in " + in + "(): */", Mark.NONE));
                    }
                    assignmentLine.put(a.member(), cLines.size());
                    List<String> stmt = CDefinition.split(file.text());
                    for (int l = a.line(); l <= stmt.size(); l++) {
                        cLines.add(new Line(l, def.file(), stmt.get(l - 1), Mark.NONE));
                        if (stmt.get(l - 1).contains(";")) {
                            break;
                        }
                    }
                }
            }
        } else {
            cTitle = e.file() + " (" + e.symbol() + ", commit " + shortCommit(commit) + ")";
        }

        if (java.table != null) {
            List<String> order = new ArrayList<>();
            if (def != null && def.initializer() != null) {
                def.initializer().entries().stream().filter(x -> x.member() != null && x.active()).forEach(x -> order.add(x.member()));
                assigned.forEach(a -> order.add(a.member()));
            }
            renderTable(java, order);
        }
        List<MetricsCalls.Call> cCalls = null;
        List<MetricsCalls.Call> jCalls = null;
        List<int[]> anchors = new ArrayList<>();
        Status status;
        if (java.missing) {
            status = Status.MISSING;
        } else if (request.tree() == null) {
            status = Status.UNCHECKED;
        } else if (def == null) {
            status = Status.MISSING;
        } else {
            switch (e.kind()) {
                case FUNCTION, MACRO -> {
                    cCalls = MetricsCalls.ofC(def.calls());
                    jCalls = java.calls;
                    if (jCalls != null) {
                        MetricsCalls.Outcome o = MetricsCalls.compare(e.symbol(), cCalls, jCalls, def.where(), java.title);
                        checks.add(o.result());
                        for (MetricsCalls.Call[] pair : o.matched()) {
                            anchor(anchors, idx(def, pair[0].line()), java.index(pair[1]));
                        }
                        for (MetricsCalls.Call cc : o.cOnly()) {
                            mark(cLines, idx(def, cc.line()), Mark.C_ONLY);
                        }
                        for (MetricsCalls.Call jc : o.javaOnly()) {
                            mark(java.lines, java.index(jc), Mark.JAVA_ONLY);
                        }
                    }
                }
                case CONSTANT -> checks.add(constant(e, def, java));
                case STRUCT -> {
                    RecordDef model = KernelStructs.get(e.symbol(), v);
                    ParityResult members = StructParity.compare(file, e.symbol(), model);
                    checks.add(members);
                    checks.add(StructParity.compareLayout(file, e.symbol(), model, v));
                    structAnchors(def, java, members, cLines, anchors);
                }
                case OPS -> {
                    if (java.table != null) {
                        checks.add(ops(e, def, assigned, assignmentLine, java, cLines, anchors));
                    }
                }
                case VARIABLE -> {
                }
            }
            anchor(anchors, idx(def, def.nameLine()), java.declaration);
            if (e.kind() == Manifest.Kind.FUNCTION || e.kind() == Manifest.Kind.MACRO) {
                weakAnchors(def, java, anchors);
            }
            boolean differ = checks.stream().anyMatch(r -> r.status() == ParityResult.Status.DIFFER);
            boolean missing = checks.stream().anyMatch(r -> r.status() == ParityResult.Status.MISSING);
            status = missing ? Status.MISSING : differ ? Status.DIFFER : Status.MATCH;
        }
        anchors = monotonic(anchors, cLines.size(), java.lines.size());
        for (int[] a : anchors) {
            if (a[2] < 1000) {
                continue;
            }
            if (cLines.get(a[0]).mark() == Mark.NONE) {
                cLines.set(a[0], cLines.get(a[0]).withMark(Mark.ANCHOR));
            }
            if (java.lines.get(a[1]).mark() == Mark.NONE) {
                java.lines.set(a[1], java.lines.get(a[1]).withMark(Mark.ANCHOR));
            }
        }
        return new SymbolReport(e, v, status, cTitle, cLines, cAbsent, java.title, java.lines, checks, cCalls, jCalls, anchors);
    }

    /**
     * Symbols every kernel with IPv4 routing has, besides the layout model's: the C is read as
     * such a kernel compiles it ({@code rt_cache_seq_show} is under {@code CONFIG_PROC_FS}).
     */
    public static final List<String> BUILD_SYMBOLS = List.of("CONFIG_NET", "CONFIG_INET", "CONFIG_PROC_FS", "CONFIG_SYSCTL");

    /** The reader for the kernel the port follows: x86_64's default config, plus {@link #BUILD_SYMBOLS}. */
    public static CReader reader() {
        KernelConfig config = KernelConfig.defaults(Abi.X86_64);
        Map<String, Boolean> symbols = new LinkedHashMap<>(CReader.symbols(config));
        for (String s : BUILD_SYMBOLS) {
            symbols.put(s, true);
        }
        return new CReader(symbols).withValue("BITS_PER_LONG", config.abi().longSize() * 8L);
    }

    /** The configuration the C is read under, for the environment line. */
    public static String readConfig() {
        return "x86_64 default + " + String.join(", ", BUILD_SYMBOLS);
    }

    private Object parse(String path) {
        return parsed.computeIfAbsent(path, p -> {
            KernelTree.Source s = request.tree().read(p);
            if (!s.present()) {
                return s.absent();
            }
            try {
                return reader.parse(p, s.text());
            } catch (CParseException ex) {
                return "cannot read " + p + ": " + ex.getMessage();
            }
        });
    }

    private static String shortCommit(String c) {
        return c.length() > 12 && c.matches("[0-9a-f]{40}.*") ? c.substring(0, 12) + c.substring(40) : c;
    }

    // ---- the Java column ----------------------------------------------------------------------------

    /** The Java side of one symbol while it is being built. */
    private static final class JavaColumn {
        String title;
        final List<Line> lines = new ArrayList<>();
        final List<ParityResult> checks = new ArrayList<>();
        final Map<String, Integer> byFileLine = new HashMap<>();
        final Map<Executable, String> fileOf = new HashMap<>();
        boolean missing;
        String commit;
        int declaration = -1;
        JavaPorts.Counterpart counterpart;
        List<MetricsCalls.Call> calls;
        int tableStart = -1;
        List<String> tableOrder = List.of();
        JavaOpsTable table;

        void add(int number, String file, String text) {
            if (number > 0 && file != null) {
                byFileLine.putIfAbsent(file + ":" + number, lines.size());
            }
            lines.add(new Line(number, file, text, Mark.NONE));
        }

        void note(String text) {
            lines.add(new Line(-1, null, text, Mark.NONE));
        }

        int index(MetricsCalls.Call c) {
            if (c.in() == null) {
                return -1;
            }
            Integer i = byFileLine.get(fileOf.get(c.in()) + ":" + c.line());
            return i == null ? -1 : i;
        }
    }

    private JavaColumn portColumn(Manifest.Entry e) {
        KernelVersion v = request.kernel();
        JavaColumn col = new JavaColumn();
        JavaPorts.Counterpart cp = ports.counterpart(e.symbol(), e.kind(), v);
        col.counterpart = cp;
        if (cp.missing()) {
            col.missing = true;
            col.title = "no Java counterpart";
            String why = "no Java element carries @KernelSource(symbol = \"" + e.symbol() + "\") for the " + v
                    + " kernel in " + String.join(", ", ports.packages());
            col.note("// " + why);
            col.checks.add(ParityResult.missing(e.symbol(), ParityResult.Kind.COUNTERPART, why, e.file(), "none"));
            return col;
        }
        if (cp.duplicated()) {
            col.checks.add(ParityResult.of(e.symbol(), ParityResult.Kind.COUNTERPART, List.of(new ParityResult.Difference(
                    ParityResult.What.EXTRA, "", "", JavaPorts.list(cp.duplicates()), cp.duplicates().size()
                    + " Java elements claim to be " + e.symbol() + " in the " + v + " kernel: " + JavaPorts.list(cp.duplicates())
                    + "; make one the counterpart and the others its parts (non-public, called from it)")), e.file(),
                    JavaPorts.list(cp.duplicates())));
        }
        List<JavaPorts.Port> ordered = cp.ordered();
        JavaPorts.Port first = ordered.getFirst();
        col.commit = first.source().commit();
        col.title = first.javaName();
        for (JavaPorts.Port p : ordered) {
            boolean primary = p == cp.primary();
            Optional<JavaSource.Snippet> sn = request.sources() == null ? Optional.empty() : request.sources().extract(p.element());
            if (p != first) {
                col.note("");
                col.note("// " + (primary ? "" : "part of " + e.symbol() + ": ") + p.javaName()
                        + sn.map(s -> " (" + s.relativeFile() + ":" + s.startLine() + ")").orElse(""));
            }
            if (sn.isPresent()) {
                JavaSource.Snippet s = sn.get();
                if (p == first) {
                    col.title = p.javaName() + "  " + s.relativeFile() + ":" + s.startLine();
                }
                if (p.element() instanceof Executable ex) {
                    col.fileOf.put(ex, s.relativeFile());
                }
                int at = col.lines.size();
                for (int i = 0; i < s.lines().size(); i++) {
                    col.add(s.startLine() + i, s.relativeFile(), s.lines().get(i));
                }
                if (p == first) {
                    col.declaration = declarationLine(col.lines, at, p);
                }
            } else {
                col.note("// Java source not found (" + (request.sources() == null ? JavaSource.searched()
                        : "no " + p.declaringClass().getName() + " source under " + request.sources().root()) + "); from reflection:");
                col.note(annotation(p.source()));
                if (p == first) {
                    col.declaration = col.lines.size();
                }
                col.note(p.signature() + ";");
            }
        }
        if (e.kind() == Manifest.Kind.FUNCTION || e.kind() == Manifest.Kind.MACRO) {
            col.calls = cp.primary() == null ? null : MetricsCalls.ofJava(cp, v, ports.loader());
        }
        if (e.kind() == Manifest.Kind.OPS) {
            opsTable(e, col);
        }
        return col;
    }

    private static int declarationLine(List<Line> lines, int from, JavaPorts.Port p) {
        String name = switch (p.element()) {
            case java.lang.reflect.Method m -> m.getName();
            case java.lang.reflect.Constructor<?> c -> c.getDeclaringClass().getSimpleName();
            case Field f -> f.getName();
            case Class<?> c -> c.getSimpleName();
            default -> "";
        };
        Pattern decl = Pattern.compile("\\b" + Pattern.quote(name) + "\\b\\s*[(=;{]|\\b(class|interface|record|enum)\\s+" + Pattern.quote(name));
        for (int i = from; i < lines.size(); i++) {
            String t = lines.get(i).text().strip();
            if (t.startsWith("*") || t.startsWith("/") || t.startsWith("@")) {
                continue;
            }
            if (decl.matcher(t).find()) {
                return i;
            }
        }
        return from;
    }

    private static String annotation(KernelSource s) {
        StringBuilder b = new StringBuilder("@KernelSource(file = \"").append(s.file()).append("\", symbol = \"").append(s.symbol())
                .append("\", commit = \"").append(s.commit()).append('"');
        if (s.kernels().length == 1) {
            b.append(", kernels = ").append(s.kernels()[0].name());
        }
        if (!s.note().isEmpty()) {
            b.append(", note = \"").append(s.note()).append('"');
        }
        return b.append(')').toString();
    }

    private void opsTable(Manifest.Entry e, JavaColumn col) {
        if (tables == null && tablesError == null) {
            if (request.opsTables() == null) {
                tablesError = "the manifest names no @ops-tables source";
            } else {
                try {
                    List<String> names = request.manifest().entries().stream()
                            .filter(x -> x.kind() == Manifest.Kind.OPS).map(Manifest.Entry::symbol).toList();
                    tables = request.opsTables().tables(request.kernel(), names);
                } catch (RuntimeException | LinkageError ex) {
                    tablesError = "cannot build the Java ops tables: " + ex;
                }
            }
        }
        col.note("");
        JavaOpsTable t = tables == null ? null : tables.get(e.symbol());
        if (t == null) {
            String why = tablesError != null ? tablesError : "the port defines no table " + e.symbol();
            col.note("// " + why);
            col.checks.add(ParityResult.missing(e.symbol(), ParityResult.Kind.OPS_TABLE, why, e.file(), "none"));
            return;
        }
        col.note("// as built: " + t.origin());
        col.table = t;
    }

    /** Appends the built table to the Java column, its members in {@code order} first (the C's), the others after. */
    private static void renderTable(JavaColumn col, List<String> order) {
        JavaOpsTable t = col.table;
        Map<String, String> m = new LinkedHashMap<>();
        for (String member : order) {
            if (t.members().containsKey(member)) {
                m.put(member, t.members().get(member));
            }
        }
        m.putAll(t.members());
        col.tableStart = col.lines.size();
        col.tableOrder = new ArrayList<>(m.keySet());
        for (String l : new JavaOpsTable(t.name(), m, t.origin()).toC().split("\n")) {
            col.note(l);
        }
    }

    private JavaColumn structColumn(Manifest.Entry e) {
        JavaColumn col = new JavaColumn();
        KernelStructs.Entry se;
        try {
            se = KernelStructs.entry(e.symbol());
        } catch (IllegalArgumentException ex) {
            col.missing = true;
            col.title = "no Java counterpart";
            col.note("// " + ex.getMessage());
            col.checks.add(ParityResult.missing(e.symbol(), ParityResult.Kind.COUNTERPART, ex.getMessage(), e.file(), "none"));
            return col;
        }
        RecordDef model = se.at(request.kernel());
        col.commit = model.source() == null ? null : model.source().commit();
        col.title = "KernelStructs " + se.name() + " " + request.kernel().id();
        Optional<Field> holder = recordField(model);
        Optional<JavaSource.Snippet> sn = holder.flatMap(f -> request.sources() == null ? Optional.empty() : request.sources().extract(f));
        if (sn.isPresent()) {
            JavaSource.Snippet s = sn.get();
            col.title = JavaPorts.simpleName(holder.get().getDeclaringClass()) + "." + holder.get().getName() + "  "
                    + s.relativeFile() + ":" + s.startLine();
            int at = col.lines.size();
            for (int i = 0; i < s.lines().size(); i++) {
                col.add(s.startLine() + i, s.relativeFile(), s.lines().get(i));
            }
            col.declaration = at;
            for (int i = at; i < col.lines.size(); i++) {
                if (col.lines.get(i).text().contains(holder.get().getName())) {
                    col.declaration = i;
                    break;
                }
            }
            // A definition built by a method (Rtable.PATCHED = build(KernelVersion.PATCHED)): show the method too.
            for (java.lang.reflect.Method m : holder.get().getDeclaringClass().getDeclaredMethods()) {
                if (m.getReturnType() == RecordDef.class && Pattern.compile("\\b" + Pattern.quote(m.getName()) + "\\s*\\(")
                        .matcher(s.text()).find()) {
                    Optional<JavaSource.Snippet> more = request.sources().extract(m);
                    if (more.isPresent()) {
                        col.note("");
                        col.note("// " + JavaPorts.simpleName(m.getDeclaringClass()) + "." + m.getName() + " (" + more.get().relativeFile()
                                + ":" + more.get().startLine() + ")");
                        for (int i = 0; i < more.get().lines().size(); i++) {
                            col.add(more.get().startLine() + i, more.get().relativeFile(), more.get().lines().get(i));
                        }
                    }
                }
            }
        } else {
            col.note("// Java source not found" + holder.map(f -> " for " + JavaPorts.simpleName(f.getDeclaringClass()) + "." + f.getName())
                    .orElse("") + "; the model's members:");
            col.declaration = col.lines.size();
            col.note(model.cName() + " {");
            for (var m : model.members()) {
                col.note("\t" + (m.name() == null ? "(anonymous)" : m.name()) + ": " + m.type() + ";");
            }
            col.note("};");
        }
        return col;
    }

    /** The {@code static final RecordDef} field that holds {@code model}, in the layout module's kernel package. */
    private static Optional<Field> recordField(RecordDef model) {
        for (String cn : JavaPorts.classNames(List.of("dstcow.layout.kernel"), Compare.class.getClassLoader())) {
            try {
                Class<?> c = Class.forName(cn, true, Compare.class.getClassLoader());
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) && f.getType() == RecordDef.class) {
                        f.setAccessible(true);
                        if (f.get(null) == model) {
                            return Optional.of(f);
                        }
                    }
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
                // not a class to look in
            }
        }
        return Optional.empty();
    }

    // ---- checks --------------------------------------------------------------------------------------

    private ParityResult constant(Manifest.Entry e, CDefinition def, JavaColumn java) {
        JavaPorts.Port p = java.counterpart.primary();
        String javaSide = p == null ? "none" : p.javaName();
        if (p == null || !(p.element() instanceof Field f) || !Modifier.isStatic(f.getModifiers())) {
            return ParityResult.of(e.symbol(), ParityResult.Kind.CONSTANT, List.of(new ParityResult.Difference(ParityResult.What.UNAVAILABLE,
                    "", "", javaSide, "the counterpart " + javaSide + " is not a static field: no value to compare")), def.where(), javaSide);
        }
        if (def.value() == null) {
            return ParityResult.of(e.symbol(), ParityResult.Kind.CONSTANT, List.of(new ParityResult.Difference(ParityResult.What.UNAVAILABLE,
                    "", String.join(" ", def.lines()), "", "the C definition has no integer value")), def.where(), javaSide);
        }
        long jv;
        try {
            f.setAccessible(true);
            Object o = f.get(null);
            if (!(o instanceof Number n)) {
                return ParityResult.of(e.symbol(), ParityResult.Kind.CONSTANT, List.of(new ParityResult.Difference(ParityResult.What.UNAVAILABLE,
                        "", "", String.valueOf(o), javaSide + " is not a number")), def.where(), javaSide);
            }
            jv = n.longValue();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
            return ParityResult.of(e.symbol(), ParityResult.Kind.CONSTANT, List.of(new ParityResult.Difference(ParityResult.What.UNAVAILABLE,
                    "", "", "", "cannot read " + javaSide + ": " + ex)), def.where(), javaSide);
        }
        List<ParityResult.Difference> d = jv == def.value() ? List.of() : List.of(new ParityResult.Difference(ParityResult.What.VALUE, "",
                Long.toString(def.value()), Long.toString(jv), "value differs: " + e.symbol() + " is " + def.value() + " (0x"
                + Long.toHexString(def.value()) + ") in C but " + jv + " (0x" + Long.toHexString(jv) + ") in Java"));
        return ParityResult.of(e.symbol(), ParityResult.Kind.CONSTANT, d, def.where(), javaSide);
    }

    private ParityResult ops(Manifest.Entry e, CDefinition def, List<CDefinition.Assignment> assigned, Map<String, Integer> assignmentLine,
                             JavaColumn java, List<Line> cLines, List<int[]> anchors) {
        ParityResult r = OpsTableCheck.compare(def.initializer(), assigned, java.table);
        // Pair each C entry with the member's line of the built table.
        List<String> members = java.tableOrder;
        for (CInitEntry ce : def.initializer().entries()) {
            if (ce.member() == null) {
                continue;
            }
            int k = members.indexOf(ce.member());
            int ci = idx(def, ce.line());
            if (k >= 0 && ce.active()) {
                anchor(anchors, ci, java.tableStart + 1 + k);
            }
        }
        assignmentLine.forEach((member, ci) -> {
            int k = members.indexOf(member);
            if (k >= 0) {
                anchor(anchors, ci, java.tableStart + 1 + k);
            }
        });
        for (ParityResult.Difference d : r.differences()) {
            int k = members.indexOf(d.member());
            if (d.what() == ParityResult.What.EXTRA && k >= 0) {
                mark(java.lines, java.tableStart + 1 + k, Mark.JAVA_ONLY);
            } else if (d.what() == ParityResult.What.VALUE && k >= 0) {
                mark(java.lines, java.tableStart + 1 + k, Mark.DIFFERS);
            }
            if (d.what() == ParityResult.What.MISSING || d.what() == ParityResult.What.VALUE) {
                Mark m = d.what() == ParityResult.What.MISSING ? Mark.C_ONLY : Mark.DIFFERS;
                if (assignmentLine.containsKey(d.member())) {
                    mark(cLines, assignmentLine.get(d.member()), m);
                } else {
                    def.initializer().entry(d.member()).ifPresent(ce -> mark(cLines, idx(def, ce.line()), m));
                }
            }
        }
        return r;
    }

    private static void structAnchors(CDefinition def, JavaColumn java, ParityResult members, List<Line> cLines, List<int[]> anchors) {
        int from = java.declaration < 0 ? 0 : java.declaration;
        List<CMember> flat = new ArrayList<>();
        flatten(def.struct().members(), flat);
        for (CMember m : flat) {
            if (m.name() == null) {
                continue;
            }
            Pattern quoted = Pattern.compile("\"" + Pattern.quote(m.name()) + "\"");
            for (int i = from; i < java.lines.size(); i++) {
                if (quoted.matcher(java.lines.get(i).text()).find()) {
                    anchor(anchors, idx(def, m.line()), i);
                    from = i + 1;
                    break;
                }
            }
        }
        for (ParityResult.Difference d : members.differences()) {
            if (d.what() == ParityResult.What.MISSING) {
                String leaf = d.member().contains(".") ? d.member().substring(d.member().lastIndexOf('.') + 1) : d.member();
                flat.stream().filter(m -> leaf.equals(m.name())).findFirst().ifPresent(m -> mark(cLines, idx(def, m.line()), Mark.C_ONLY));
            }
        }
    }

    private static void flatten(List<CMember> ms, List<CMember> out) {
        for (CMember m : ms) {
            out.add(m);
            if (m.nested() != null) {
                flatten(m.nested().members(), out);
            }
        }
    }

    // ---- anchors ---------------------------------------------------------------------------------------

    private static int idx(CDefinition def, int line) {
        int i = line - def.startLine();
        return i >= 0 && i < def.lines().size() ? i : -1;
    }

    /** A pairing the checks established (a signature, a matched accessor call, a member): it wins over any number of weak ones. */
    private static void anchor(List<int[]> anchors, int c, int java) {
        if (c >= 0 && java >= 0) {
            anchors.add(new int[] {c, java, 1000});
        }
    }

    private static final Pattern JAVA_CALL = Pattern.compile("(?<!new )(?<![\\w$])([A-Za-z_$][\\w$]*)\\s*\\(");
    private static final java.util.Set<String> NOT_JAVA_CALLS = java.util.Set.of("if", "for", "while", "switch", "return", "catch",
            "synchronized", "super", "this");

    /**
     * Weak pairings, for the eye only: the other calls of the C body ({@code kmalloc},
     * {@code cmpxchg}, {@code fib_info_put}) with the Java lines that call a method of that name
     * ({@code mem.kmalloc}, {@code mem.cmpxchgULong}, {@code fs.fibInfoPut}), as the longest
     * common subsequence of the two.
     */
    private static void weakAnchors(CDefinition def, JavaColumn java, List<int[]> anchors) {
        List<String> cNames = new ArrayList<>();
        List<Integer> cAt = new ArrayList<>();
        for (CCall c : def.calls()) {
            int i = idx(def, c.line());
            if (i >= 0) {
                cNames.add(c.name());
                cAt.add(i);
            }
        }
        List<String> jNames = new ArrayList<>();
        List<Integer> jAt = new ArrayList<>();
        for (int i = 0; i < java.lines.size(); i++) {
            Line l = java.lines.get(i);
            String t = l.text().strip();
            if (l.number() < 0 || t.startsWith("*") || t.startsWith("/") || t.startsWith("@")) {
                continue;
            }
            java.util.regex.Matcher m = JAVA_CALL.matcher(t);
            while (m.find()) {
                if (!NOT_JAVA_CALLS.contains(m.group(1))) {
                    jNames.add(m.group(1));
                    jAt.add(i);
                }
            }
        }
        int n = cNames.size();
        int m = jNames.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = sameName(cNames.get(i), jNames.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (sameName(cNames.get(i), jNames.get(j))) {
                anchors.add(new int[] {cAt.get(i), jAt.get(j), 1});
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
    }

    private static boolean sameName(String c, String java) {
        String camel = camel(c);
        return java.equals(c) || java.equals(camel) || (c.indexOf('_') < 0 && c.length() >= 5 && java.startsWith(c));
    }

    /** {@code fib_info_put} to {@code fibInfoPut}; {@code __DST_METRICS_PTR} stays. */
    static String camel(String symbol) {
        if (symbol.toUpperCase(java.util.Locale.ROOT).equals(symbol)) {
            return symbol;
        }
        String lead = symbol.startsWith("__") ? "__" : "";
        String[] parts = symbol.substring(lead.length()).split("_");
        StringBuilder b = new StringBuilder(lead).append(parts[0]);
        for (int k = 1; k < parts.length; k++) {
            if (!parts[k].isEmpty()) {
                b.append(Character.toUpperCase(parts[k].charAt(0))).append(parts[k].substring(1));
            }
        }
        return b.toString();
    }

    private static void mark(List<Line> lines, int i, Mark m) {
        if (i >= 0 && i < lines.size()) {
            lines.set(i, lines.get(i).withMark(m));
        }
    }

    /**
     * The anchors to lay rows out by: the heaviest chain increasing in both C and Java line, so
     * that each pairing keeps the order of both sides; strong pairings outweigh any number of weak ones.
     */
    private static List<int[]> monotonic(List<int[]> anchors, int cSize, int javaSize) {
        List<int[]> sorted = new ArrayList<>(anchors);
        sorted.removeIf(a -> a[0] >= cSize || a[1] >= javaSize);
        sorted.sort(Comparator.<int[]>comparingInt(a -> a[0]).thenComparingInt(a -> a[1]));
        int n = sorted.size();
        long[] weight = new long[n];
        int[] prev = new int[n];
        int best = -1;
        for (int i = 0; i < n; i++) {
            weight[i] = sorted.get(i)[2];
            prev[i] = -1;
            for (int j = 0; j < i; j++) {
                if (sorted.get(j)[0] < sorted.get(i)[0] && sorted.get(j)[1] < sorted.get(i)[1]
                        && weight[j] + sorted.get(i)[2] > weight[i]) {
                    weight[i] = weight[j] + sorted.get(i)[2];
                    prev[i] = j;
                }
            }
            if (best < 0 || weight[i] > weight[best]) {
                best = i;
            }
        }
        List<int[]> out = new ArrayList<>();
        for (int i = best; i >= 0; i = prev[i]) {
            int[] a = sorted.get(i);
            out.addFirst(new int[] {a[0], a[1], a[2]});
        }
        return out;
    }

    /** Rows of a side-by-side view: the anchors on one row each, the lines between them top-aligned. */
    public static List<Line[]> rows(SymbolReport r) {
        List<Line> c = r.cLines();
        List<Line> j = r.javaLines();
        List<Line[]> out = new ArrayList<>();
        int ci = 0;
        int ji = 0;
        List<int[]> anchors = new ArrayList<>(r.anchors());
        anchors.add(new int[] {c.size(), j.size()});
        for (int[] a : anchors) {
            int cn = a[0] - ci;
            int jn = a[1] - ji;
            for (int k = 0; k < Math.max(cn, jn); k++) {
                out.add(new Line[] {k < cn ? c.get(ci + k) : null, k < jn ? j.get(ji + k) : null});
            }
            if (a[0] < c.size()) {
                out.add(new Line[] {c.get(a[0]), j.get(a[1])});
            }
            ci = a[0] + 1;
            ji = a[1] + 1;
        }
        return out;
    }
}
