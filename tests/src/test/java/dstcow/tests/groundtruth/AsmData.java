package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The initial bytes of global objects in GNU assembler output ({@code gcc -S}): every label
 * followed by data directives ({@code .byte}, {@code .short}, {@code .long}, {@code .4byte},
 * {@code .quad}, {@code .zero}, {@code .skip}, {@code .string}, {@code .ascii}, ...) becomes the
 * bytes those directives assemble to, in the ABI's byte order.
 */
final class AsmData {
    private AsmData() {
    }

    private static final Pattern LABEL = Pattern.compile("^([A-Za-z_.$][\\w.$]*):\\s*(?:[#|@;].*)?$");
    private static final Set<String> FILL = Set.of(".zero", ".skip", ".space");
    private static final Set<String> STRING_NUL = Set.of(".string", ".asciz");

    /** Every labelled run of data directives, by label, in the ABI's byte order. */
    static Map<String, byte[]> symbols(String asm, Abi abi) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String label = null;
        ByteArrayOutputStream bytes = null;
        for (String raw : asm.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            var lm = LABEL.matcher(line);
            if (lm.matches()) {
                if (label != null) {
                    out.put(label, bytes.toByteArray());
                }
                label = lm.group(1);
                bytes = new ByteArrayOutputStream();
                continue;
            }
            if (label == null) {
                continue;
            }
            int sp = indexOfSpace(line);
            String directive = (sp < 0 ? line : line.substring(0, sp)).toLowerCase(Locale.ROOT);
            String args = sp < 0 ? "" : line.substring(sp + 1).strip();
            int width = width(directive, abi);
            if (width > 0) {
                for (String v : args.split(",")) {
                    emit(bytes, parseNumber(firstToken(v), line), width, abi);
                }
            } else if (FILL.contains(directive)) {
                String[] parts = args.split(",");
                long n = parseNumber(firstToken(parts[0]), line);
                long fill = parts.length > 1 ? parseNumber(firstToken(parts[1]), line) : 0;
                for (long i = 0; i < n; i++) {
                    bytes.write((int) fill);
                }
            } else if (STRING_NUL.contains(directive) || directive.equals(".ascii")) {
                unescape(args, bytes, line);
                if (STRING_NUL.contains(directive)) {
                    bytes.write(0);
                }
            } else {
                // Any other directive (.globl, .size, .align, .section, ...) ends the object.
                out.put(label, bytes.toByteArray());
                label = null;
            }
        }
        if (label != null) {
            out.put(label, bytes.toByteArray());
        }
        return out;
    }

    /** Unsigned 32-bit values of an {@code unsigned int[]} object. */
    static long[] u32s(byte[] data, Abi abi) {
        if (data.length % 4 != 0) {
            throw new IllegalStateException("an unsigned int array of " + data.length + " bytes");
        }
        long[] out = new long[data.length / 4];
        for (int i = 0; i < out.length; i++) {
            long v = 0;
            for (int j = 0; j < 4; j++) {
                int b = data[i * 4 + (abi.bigEndian() ? j : 3 - j)] & 0xff;
                v = (v << 8) | b;
            }
            out[i] = v;
        }
        return out;
    }

    private static int width(String directive, Abi abi) {
        return switch (directive) {
            case ".byte" -> 1;
            case ".short", ".2byte", ".hword", ".value", ".half" -> 2;
            // .word is 2 bytes in the x86 and m68k assemblers, 4 in the RISC ones.
            case ".word" -> switch (abi) {
                case X86_64, I386, M68K -> 2;
                case ARM, AARCH64, RISCV64, POWERPC64, S390X -> 4;
            };
            case ".long", ".4byte", ".int" -> 4;
            case ".quad", ".8byte", ".dword", ".xword" -> 8;
            default -> 0;
        };
    }

    private static void emit(ByteArrayOutputStream out, long value, int width, Abi abi) {
        for (int i = 0; i < width; i++) {
            int shift = 8 * (abi.bigEndian() ? width - 1 - i : i);
            out.write((int) (value >>> shift) & 0xff);
        }
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String firstToken(String s) {
        String t = s.strip();
        int sp = indexOfSpace(t);
        return sp < 0 ? t : t.substring(0, sp);
    }

    private static long parseNumber(String token, String line) {
        try {
            String t = token.toLowerCase(Locale.ROOT);
            boolean neg = t.startsWith("-");
            if (neg) {
                t = t.substring(1);
            }
            long v = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("cannot read a number from assembler line '" + line + "'", e);
        }
    }

    private static void unescape(String quoted, ByteArrayOutputStream out, String line) {
        if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
            throw new IllegalStateException("not a single quoted string in assembler line '" + line + "'");
        }
        String s = quoted.substring(1, quoted.length() - 1);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            if (e >= '0' && e <= '7') {
                int v = 0;
                int n = 0;
                while (n < 3 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                    v = v * 8 + (s.charAt(i) - '0');
                    i++;
                    n++;
                }
                i--;
                out.write(v);
            } else {
                out.write(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'f' -> '\f';
                    case 'b' -> '\b';
                    case '"', '\\' -> e;
                    default -> throw new IllegalStateException("unknown escape \\" + e + " in assembler line '" + line + "'");
                });
            }
        }
    }
}
