package dstcow.tools.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits kernel-style C into tokens and whole directives, the way translation phases 1 to 3 do:
 * backslash-newlines are spliced first (so a token or a {@code #define} may span lines), comments
 * become whitespace, string and character literals are single tokens (braces in them never count).
 * Every token keeps its original line and column.
 */
final class CLexer {

    /** Longest first, so {@code ->} wins over {@code -}. */
    private static final String[] PUNCTUATORS = {
        "...", "<<=", ">>=",
        "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##",
        "{", "}", "(", ")", "[", "]", ";", ",", ".", "&", "*", "+", "-", "~", "!",
        "/", "%", "<", ">", "^", "|", "?", ":", "=", "#",
    };

    private final String file;
    /** The text with backslash-newlines removed, and for each of its characters the original position. */
    private final String s;
    private final int[] lineOf;
    private final int[] colOf;
    private final int[] offOf;

    private CLexer(String file, String text) {
        this.file = file;
        StringBuilder sb = new StringBuilder(text.length());
        int n = text.length();
        int[] lines = new int[n + 1];
        int[] cols = new int[n + 1];
        int[] offs = new int[n + 1];
        int line = 1;
        int col = 1;
        int k = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                int j = i + 1;
                if (j < n && text.charAt(j) == '\r' && j + 1 < n && text.charAt(j + 1) == '\n') {
                    j++;
                }
                if (j < n && text.charAt(j) == '\n') {
                    i = j;
                    line++;
                    col = 1;
                    continue;
                }
            }
            if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                col++;
                continue;
            }
            sb.append(c);
            lines[k] = line;
            cols[k] = col;
            offs[k] = i;
            k++;
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        lines[k] = line;
        cols[k] = col;
        offs[k] = n;
        this.s = sb.toString();
        this.lineOf = lines;
        this.colOf = cols;
        this.offOf = offs;
    }

    static List<CToken> tokenize(String file, String text) {
        return new CLexer(file, text).run();
    }

    private SourcePos pos(int i) {
        return new SourcePos(file, lineOf[i], colOf[i]);
    }

    private CParseException error(int i, String detail) {
        return new CParseException(pos(i), detail);
    }

    private char at(int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private List<CToken> run() {
        List<CToken> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        boolean lineStart = true;
        boolean space = true;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n') {
                lineStart = true;
                space = true;
                i++;
            } else if (c == ' ' || c == '\t' || c == '\f' || c == 0x0b || c == '\r') {
                space = true;
                i++;
            } else if (c == '/' && at(i + 1) == '*') {
                i = skipBlockComment(i);
                space = true;
            } else if (c == '/' && at(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
                space = true;
            } else if (c == '#' && lineStart) {
                i = directive(i, out);
                lineStart = true;
                space = true;
            } else {
                int start = i;
                CToken.Kind kind;
                if ((c == 'L' || c == 'u' || c == 'U') && (at(i + 1) == '"' || at(i + 1) == '\'')) {
                    i = literal(i + 1, at(i + 1), false);
                    kind = at(start + 1) == '"' ? CToken.Kind.STRING : CToken.Kind.CHAR;
                } else if (identStart(c)) {
                    while (i < n && identPart(s.charAt(i))) {
                        i++;
                    }
                    kind = CToken.Kind.IDENT;
                } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(at(i + 1)))) {
                    i = number(i);
                    kind = CToken.Kind.NUMBER;
                } else if (c == '"' || c == '\'') {
                    i = literal(i, c, false);
                    kind = c == '"' ? CToken.Kind.STRING : CToken.Kind.CHAR;
                } else {
                    String p = punctuator(i);
                    if (p == null) {
                        throw error(i, "unexpected character '" + c + "' (U+" + String.format("%04X", (int) c)
                                + "): expected C code");
                    }
                    i += p.length();
                    kind = CToken.Kind.PUNCT;
                }
                out.add(token(kind, s.substring(start, i), start, i, space, null, null));
                lineStart = false;
                space = false;
            }
        }
        return out;
    }

    private CToken token(CToken.Kind kind, String text, int start, int end, boolean space, int[] lines, int[] cols) {
        return new CToken(kind, text, lineOf[start], colOf[start], space, offOf[start],
                end > start ? offOf[end - 1] + 1 : offOf[start], lineOf[Math.max(start, end - 1)], lines, cols);
    }

    private int skipBlockComment(int i) {
        int end = s.indexOf("*/", i + 2);
        if (end < 0) {
            throw error(i, "unterminated comment: expected '*/' before end of file");
        }
        return end + 2;
    }

    private static boolean identStart(char c) {
        return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean identPart(char c) {
        return identStart(c) || (c >= '0' && c <= '9');
    }

    /** A preprocessing number: digits, letters, dots, and signs after an exponent letter. */
    private int number(int i) {
        int n = s.length();
        i++;
        while (i < n) {
            char c = s.charAt(i);
            if ((c == '+' || c == '-') && "eEpP".indexOf(s.charAt(i - 1)) >= 0) {
                i++;
            } else if (identPart(c) || c == '.') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /**
     * Skips a string or character literal starting at its opening quote, escapes included.
     * In lenient mode (inside {@code #error} and friends) an unterminated literal just ends at the
     * end of the line.
     */
    private int literal(int i, char quote, boolean lenient) {
        int n = s.length();
        int j = i + 1;
        while (j < n) {
            char c = s.charAt(j);
            if (c == '\\' && j + 1 < n && s.charAt(j + 1) != '\n') {
                j += 2;
            } else if (c == quote) {
                return j + 1;
            } else if (c == '\n') {
                break;
            } else {
                j++;
            }
        }
        if (lenient) {
            return j;
        }
        String what = quote == '"' ? "string literal" : "character literal";
        throw error(i, "unterminated " + what + ": expected a closing " + quote + " before end of line");
    }

    private String punctuator(int i) {
        for (String p : PUNCTUATORS) {
            if (s.startsWith(p, i)) {
                return p;
            }
        }
        return null;
    }

    /** Reads a directive from its {@code #} to the end of its logical line; comments inside become a space. */
    private int directive(int hash, List<CToken> out) {
        int n = s.length();
        int i = hash + 1;
        StringBuilder text = new StringBuilder();
        List<Integer> idx = new ArrayList<>();
        // #error and #warning carry free text, where an apostrophe is not a character literal.
        boolean lenient = false;
        boolean nameSeen = false;
        while (i < n && s.charAt(i) != '\n') {
            char c = s.charAt(i);
            if (c == '/' && at(i + 1) == '*') {
                int end = skipBlockComment(i);
                text.append(' ');
                idx.add(i);
                i = end;
                continue;
            }
            if (c == '/' && at(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
                break;
            }
            if (!nameSeen && identStart(c)) {
                int j = i;
                while (j < n && identPart(s.charAt(j))) {
                    j++;
                }
                String name = s.substring(i, j);
                lenient = name.equals("error") || name.equals("warning");
                nameSeen = true;
                for (int k = i; k < j; k++) {
                    text.append(s.charAt(k));
                    idx.add(k);
                }
                i = j;
                continue;
            }
            if (c == '"' || c == '\'') {
                int end = literal(i, c, lenient);
                for (int k = i; k < end; k++) {
                    text.append(s.charAt(k));
                    idx.add(k);
                }
                i = end;
                continue;
            }
            nameSeen = nameSeen || !Character.isWhitespace(c);
            text.append(c);
            idx.add(i);
            i++;
        }
        int[] lines = new int[idx.size()];
        int[] cols = new int[idx.size()];
        for (int k = 0; k < idx.size(); k++) {
            lines[k] = lineOf[idx.get(k)];
            cols[k] = colOf[idx.get(k)];
        }
        out.add(token(CToken.Kind.DIRECTIVE, text.toString(), hash, i, true, lines, cols));
        return i;
    }
}
