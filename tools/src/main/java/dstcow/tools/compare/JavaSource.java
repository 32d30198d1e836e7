package dstcow.tools.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java source of ported elements, read from the repository's working tree: the method, field
 * or class found by name in its class's body with a brace matcher, with its Javadoc and
 * annotations. The repository is the directory holding {@code dst/src/main/java}, found above the
 * tools' jar (or classes directory) or above the current directory.
 */
public final class JavaSource {

    /** A run of source lines. */
    public record Snippet(Path file, String relativeFile, int startLine, int endLine, List<String> lines) {
        public Snippet {
            lines = List.copyOf(lines);
        }

        public String text() { return String.join("\n", lines); }
    }

    private final Path root;
    private final Map<Path, Parsed> files = new ConcurrentHashMap<>();

    private JavaSource(Path root) {
        this.root = root;
    }

    /** Sources under {@code root}, a directory with {@code <module>/src/main/java} trees. */
    public static JavaSource at(Path root) {
        return new JavaSource(root);
    }

    /** The repository found from the jar location or the current directory, if any. */
    public static Optional<JavaSource> find() {
        return findRoot().map(JavaSource::new);
    }

    public Path root() { return root; }

    /** The directory containing {@code dst/src/main/java}, above this class's code source or the current directory. */
    public static Optional<Path> findRoot() {
        List<Path> starts = new ArrayList<>();
        try {
            var cs = JavaSource.class.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                starts.add(Path.of(cs.getLocation().toURI()).toAbsolutePath());
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            // no usable code source: the current directory remains
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path s : starts) {
            for (Path d = s; d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("dst/src/main/java"))) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    /** Where to look, for messages. */
    public static String searched() {
        return "no directory containing dst/src/main/java above the tools' jar or the current directory " + Path.of("").toAbsolutePath();
    }

    /** The source file of a class (its outermost class's file), in any module's main or test tree. */
    public Optional<Path> file(Class<?> c) {
        Class<?> outer = c;
        while (outer.getEnclosingClass() != null) {
            outer = outer.getEnclosingClass();
        }
        String rel = outer.getName().replace('.', '/') + ".java";
        try (Stream<Path> modules = Files.list(root)) {
            for (Path m : modules.filter(Files::isDirectory).sorted().toList()) {
                for (String tree : List.of("src/main/java", "src/test/java")) {
                    Path p = m.resolve(tree).resolve(rel);
                    if (Files.isRegularFile(p)) {
                        return Optional.of(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return Optional.empty();
    }

    /** The element's source with its Javadoc and annotations, or empty when it cannot be found. */
    public Optional<Snippet> extract(AnnotatedElement e) {
        Class<?> c = e instanceof java.lang.reflect.Member m ? m.getDeclaringClass() : (Class<?>) e;
        Optional<Path> f = file(c);
        if (f.isEmpty()) {
            return Optional.empty();
        }
        Parsed p = files.computeIfAbsent(f.get(), Parsed::read);
        Optional<int[]> body = p.classBody(c);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Optional<int[]> span = switch (e) {
            case Method m -> p.executable(body.get(), m.getName(), m);
            case Constructor<?> k -> p.executable(body.get(), k.getDeclaringClass().getSimpleName(), k);
            case Field fd -> p.field(body.get(), fd.getName());
            case Class<?> k -> p.classHead(k);
            default -> Optional.empty();
        };
        return span.map(s -> p.snippet(f.get(), root.relativize(f.get()).toString(), s[0], s[1]));
    }

    /** A file with its text, a copy where comments and literals are blanked, and the depth of every position. */
    private static final class Parsed {
        final String text;
        final char[] code;
        final int[] braces;
        final int[] parens;
        final int[] lineStarts;

        private Parsed(String text) {
            this.text = text;
            this.code = blank(text);
            this.braces = new int[code.length + 1];
            this.parens = new int[code.length + 1];
            int b = 0;
            int p = 0;
            for (int i = 0; i < code.length; i++) {
                braces[i] = b;
                parens[i] = p;
                switch (code[i]) {
                    case '{' -> b++;
                    case '}' -> b--;
                    case '(' -> p++;
                    case ')' -> p--;
                    default -> {
                    }
                }
            }
            braces[code.length] = b;
            parens[code.length] = p;
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }

        static Parsed read(Path f) {
            try {
                return new Parsed(Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }

        /** Comments, strings, text blocks and character literals replaced by spaces (newlines kept). */
        static char[] blank(String s) {
            char[] out = s.toCharArray();
            int n = out.length;
            int i = 0;
            while (i < n) {
                char ch = out[i];
                if (ch == '/' && i + 1 < n && out[i + 1] == '/') {
                    while (i < n && out[i] != '\n') {
                        out[i++] = ' ';
                    }
                } else if (ch == '/' && i + 1 < n && out[i + 1] == '*') {
                    int end = s.indexOf("*/", i + 2);
                    end = end < 0 ? n : end + 2;
                    for (; i < end; i++) {
                        if (out[i] != '\n') {
                            out[i] = ' ';
                        }
                    }
                } else if (ch == '"' && s.startsWith("\"\"\"", i)) {
                    int end = s.indexOf("\"\"\"", i + 3);
                    while (end > 0 && s.charAt(end - 1) == '\\') {
                        end = s.indexOf("\"\"\"", end + 1);
                    }
                    end = end < 0 ? n : end + 3;
                    for (; i < end; i++) {
                        if (out[i] != '\n') {
                            out[i] = ' ';
                        }
                    }
                } else if (ch == '"' || ch == '\'') {
                    int j = i + 1;
                    while (j < n && out[j] != ch && out[j] != '\n') {
                        j += out[j] == '\\' ? 2 : 1;
                    }
                    int end = Math.min(n, j + 1);
                    for (; i < end; i++) {
                        out[i] = ' ';
                    }
                } else {
                    i++;
                }
            }
            return out;
        }

        int line(int pos) {
            int lo = 0;
            int hi = lineStarts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (lineStarts[mid] <= pos) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo + 1;
        }

        /** The index of the brace matching the {@code {} at {@code open}. */
        int close(int open) {
            int depth = braces[open];
            for (int i = open + 1; i < code.length; i++) {
                if (code[i] == '}' && braces[i] == depth + 1) {
                    return i;
                }
            }
            return code.length - 1;
        }

        /** [open brace, close brace] of the body of {@code c} (nested classes through their outers). */
        Optional<int[]> classBody(Class<?> c) {
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
                chain.addFirst(k);
            }
            int from = 0;
            int to = code.length;
            int depth = 0;
            for (Class<?> k : chain) {
                Optional<Integer> decl = typeDecl(k.getSimpleName(), from, to, depth);
                if (decl.isEmpty()) {
                    return Optional.empty();
                }
                int open = indexOf('{', decl.get(), to);
                if (open < 0) {
                    return Optional.empty();
                }
                from = open + 1;
                to = close(open);
                depth = braces[open] + 1;
            }
            return Optional.of(new int[] {from - 1, to});
        }

        private Optional<Integer> typeDecl(String name, int from, int to, int depth) {
            Matcher m = Pattern.compile("\\b(class|interface|enum|record)\\s+" + Pattern.quote(name) + "\\b")
                    .matcher(new String(code, from, to - from));
            while (m.find()) {
                int at = from + m.start();
                if (braces[at] == depth && parens[at] == 0) {
                    return Optional.of(at);
                }
            }
            return Optional.empty();
        }

        private int indexOf(char ch, int from, int to) {
            for (int i = from; i < to; i++) {
                if (code[i] == ch) {
                    return i;
                }
            }
            return -1;
        }

        /** [start, end] character span of a method or constructor declared in the body. */
        Optional<int[]> executable(int[] body, String name, Executable e) {
            int depth = braces[body[0]] + 1;
            Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*\\(").matcher(new String(code, body[0], body[1] - body[0]));
            List<int[]> found = new ArrayList<>();
            while (m.find()) {
                int at = body[0] + m.start();
                boolean constructor = e instanceof Constructor<?>;
                if (braces[at] != depth || parens[at] != 0 || !(constructor ? constructorBefore(at) : declarationBefore(at))) {
                    continue;
                }
                int openParen = body[0] + m.end() - 1;
                int closeParen = closeParen(openParen);
                String params = new String(code, openParen + 1, closeParen - openParen - 1);
                if (!paramsMatch(params, e)) {
                    continue;
                }
                int end = -1;
                for (int i = closeParen + 1; i < body[1]; i++) {
                    if (code[i] == '{') {
                        end = close(i);
                        break;
                    }
                    if (code[i] == ';') {
                        end = i;
                        break;
                    }
                }
                if (end > 0) {
                    found.add(new int[] {memberStart(at, body[0]), end});
                }
            }
            return found.size() == 1 ? Optional.of(found.getFirst()) : found.stream().findFirst();
        }

        private int closeParen(int open) {
            int depth = parens[open];
            for (int i = open + 1; i < code.length; i++) {
                if (code[i] == ')' && parens[i] == depth + 1) {
                    return i;
                }
            }
            return code.length - 1;
        }

        /** Whether the name at {@code at} is declared (a type or a modifier before it), not called. */
        private boolean declarationBefore(int at) {
            int i = at - 1;
            while (i >= 0 && Character.isWhitespace(code[i])) {
                i--;
            }
            return i >= 0 && (Character.isJavaIdentifierPart(code[i]) || code[i] == '>' || code[i] == ']');
        }

        /** A constructor's name follows a modifier, an annotation, or the end of the previous member; not {@code new} or a dot. */
        private boolean constructorBefore(int at) {
            int i = at - 1;
            while (i >= 0 && Character.isWhitespace(code[i])) {
                i--;
            }
            if (i < 0 || code[i] == '.' || code[i] == '=' || code[i] == '(' || code[i] == ',') {
                return false;
            }
            int end = i + 1;
            while (i >= 0 && Character.isJavaIdentifierPart(code[i])) {
                i--;
            }
            return !new String(code, i + 1, end - i - 1).equals("new");
        }

        private static boolean paramsMatch(String params, Executable e) {
            List<String> ps = splitTopLevel(params);
            if (ps.size() != e.getParameterCount()) {
                return false;
            }
            Class<?>[] types = e.getParameterTypes();
            for (int i = 0; i < ps.size(); i++) {
                String p = ps.get(i).replaceAll("@\\w+(\\.\\w+)*", " ").strip();
                String simple = types[i].getSimpleName().replace("[]", "");
                if (!p.matches("(?s).*\\b" + Pattern.quote(simple) + "\\b.*")) {
                    return false;
                }
            }
            return true;
        }

        private static List<String> splitTopLevel(String s) {
            List<String> out = new ArrayList<>();
            if (s.isBlank()) {
                return out;
            }
            int depth = 0;
            int start = 0;
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '<' || ch == '(' || ch == '[') {
                    depth++;
                } else if (ch == '>' || ch == ')' || ch == ']') {
                    depth--;
                } else if (ch == ',' && depth == 0) {
                    out.add(s.substring(start, i));
                    start = i + 1;
                }
            }
            out.add(s.substring(start));
            return out;
        }

        /** [start, end] of a field declaration: through the {@code ;} that ends it. */
        Optional<int[]> field(int[] body, String name) {
            int depth = braces[body[0]] + 1;
            Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*(=|;|,)").matcher(new String(code, body[0], body[1] - body[0]));
            while (m.find()) {
                int at = body[0] + m.start();
                if (braces[at] != depth || parens[at] != 0 || !declarationBefore(at)) {
                    continue;
                }
                for (int i = at; i < body[1]; i++) {
                    if (code[i] == ';' && braces[i] == depth && parens[i] == 0) {
                        return Optional.of(new int[] {memberStart(at, body[0]), i});
                    }
                }
            }
            return Optional.empty();
        }

        /** [start, end] of a class declaration's head (through its opening brace). */
        Optional<int[]> classHead(Class<?> c) {
            Optional<int[]> body = classBody(c);
            if (body.isEmpty()) {
                return Optional.empty();
            }
            int open = body.get()[0];
            int declDepth = braces[open];
            int start = open;
            while (start > 0) {
                char ch = code[start - 1];
                if ((ch == ';' || ch == '}' || ch == '{') && braces[start - 1] <= declDepth + (ch == '}' ? 1 : 0) && parens[start - 1] == 0) {
                    break;
                }
                start--;
            }
            return Optional.of(new int[] {skipBlank(start), open});
        }

        /**
         * Where the member whose name is at {@code at} starts: after the end of the previous member
         * ({@code ;} or {@code }} at the member's level, or the class's opening brace), then past
         * blank space, so that its Javadoc and annotations are included.
         */
        private int memberStart(int at, int bodyOpen) {
            int depth = braces[at];
            int i = at;
            while (i > bodyOpen + 1) {
                char ch = code[i - 1];
                if (parens[i - 1] == 0 && ((ch == ';' && braces[i - 1] == depth) || (ch == '}' && braces[i - 1] == depth + 1))) {
                    break;
                }
                i--;
            }
            return skipBlank(i);
        }

        private int skipBlank(int i) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            // Start at the beginning of that line, to keep the indentation.
            int ls = lineStarts[line(i) - 1];
            return text.substring(ls, i).isBlank() ? ls : i;
        }

        Snippet snippet(Path file, String relative, int start, int end) {
            int first = line(start);
            int last = line(end);
            // A section banner ("// ---- metrics ----") above the member belongs to the section, not to it.
            while (first < last) {
                String t = text.substring(lineStarts[first - 1], lineStarts[first] - 1).strip();
                if (t.isEmpty() || (t.startsWith("//") && (t.contains("----") || t.contains("====")))) {
                    first++;
                } else {
                    break;
                }
            }
            List<String> out = new ArrayList<>();
            for (int l = first; l <= last; l++) {
                int s = lineStarts[l - 1];
                int e = l < lineStarts.length ? lineStarts[l] - 1 : text.length();
                String t = text.substring(s, Math.max(s, e));
                out.add(t.endsWith("\r") ? t.substring(0, t.length() - 1) : t);
            }
            int indent = Integer.MAX_VALUE;
            for (String l : out) {
                if (!l.isBlank()) {
                    int k = 0;
                    while (k < l.length() && l.charAt(k) == ' ') {
                        k++;
                    }
                    indent = Math.min(indent, k);
                }
            }
            if (indent > 0 && indent != Integer.MAX_VALUE) {
                List<String> dedented = new ArrayList<>();
                for (String l : out) {
                    dedented.add(l.length() >= indent ? l.substring(indent) : l.strip());
                }
                out = dedented;
            }
            return new Snippet(file, relative, first, last, out);
        }
    }
}
