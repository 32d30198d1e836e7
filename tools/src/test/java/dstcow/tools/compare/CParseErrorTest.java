package dstcow.tools.compare;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the reader says when it cannot read something: file, line, column, and what it expected. */
class CParseErrorTest {

    record Case(String name, String text, String message) {
        @Override
        public String toString() { return name; }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("unterminated comment", "int a;\n/* no end\n",
                        "bad.h:2:1: unterminated comment: expected '*/' before end of file"),
                new Case("unterminated string", "static const char *s = \"abc;\nint b;\n",
                        "bad.h:1:24: unterminated string literal: expected a closing \" before end of line"),
                new Case("unterminated character", "char c = 'x;\n",
                        "bad.h:1:10: unterminated character literal: expected a closing ' before end of line"),
                new Case("missing semicolon after member", "struct s {\n\tint a\n\tint b;\n};\n",
                        "bad.h:3:2: expected ',' or ';' after member 'a', found 'int'"),
                new Case("member without a name", "struct s {\n\tint ;\n};\n",
                        "bad.h:2:6: expected a member name, found ';'"),
                new Case("unbalanced brace", "static int f(void)\n{\n\treturn 0;\n",
                        "bad.h:2:1: unbalanced '{': expected a matching '}' before end of file"),
                new Case("mismatched bracket", "struct s {\n\tint a[2);\n};\n",
                        "bad.h:2:9: expected ']' to close '[' opened at 2:7, found ')'"),
                new Case("stray closing brace", "int a;\n}\n",
                        "bad.h:2:1: unexpected '}' at top level: expected a declaration or definition"),
                new Case("endif without if", "int a;\n\n#endif\n",
                        "bad.h:3:1: #endif without #if"),
                new Case("else after else", "#ifdef A\n#else\n#else\n#endif\n",
                        "bad.h:3:1: #else after #else: expected #endif"),
                new Case("unterminated ifdef", "#ifdef CONFIG_XFRM\nint a;\n",
                        "bad.h:1:1: unterminated #ifdef: expected #endif before end of file"),
                new Case("ifdef without a name", "#ifdef\nint a;\n#endif\n",
                        "bad.h:1:7: expected a macro name after #ifdef, found 'end of line'"),
                new Case("if expression cut short", "#if defined(CONFIG_XFRM) &&\nint a;\n#endif\n",
                        "bad.h:1:28: in #if: expected an expression before end of line"),
                new Case("if expression with a stray token", "#if CONFIG_A CONFIG_B\n#endif\n",
                        "bad.h:1:14: in #if: expected an operator or end of expression, found 'CONFIG_B'"),
                new Case("unknown function-like macro in if", "#if FOO(1)\n#endif\n",
                        "bad.h:1:1: cannot evaluate #if FOO(1): cannot evaluate FOO(1): only IS_ENABLED, IS_BUILTIN and "
                                + "IS_MODULE of one symbol are known function-like macros in #if"),
                new Case("unknown directive", "#frobnicate\n",
                        "bad.h:1:1: unknown preprocessor directive '#frobnicate': expected #if, #ifdef, #ifndef, #elif, "
                                + "#else, #endif, #define, #undef or #include"),
                new Case("define without a name", "#define 3 x\n",
                        "bad.h:1:9: expected a macro name after #define, found '3 x'"),
                new Case("designator without equals", "static struct dst_ops o = {\n\t.gc pkt_gc,\n};\n",
                        "bad.h:2:6: expected '=' after designator '.gc', found 'pkt_gc'"),
                new Case("unexpected character", "int a;\nint @b;\n",
                        "bad.h:2:5: unexpected character '@' (U+0040): expected C code"),
                new Case("missing semicolon at end of file", "int a",
                        "bad.h:1:5: expected ';' after 'a' before end of file"),
                new Case("bitfield width that is not a constant", "struct s {\n\tunsigned a:WIDTH;\n};\n",
                        "bad.h:2:13: expected a constant bitfield width for 'a', found 'WIDTH'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void saysWhereAndWhatItExpected(Case c) {
        CParseException e = assertThrows(CParseException.class, () -> CReader.parse("bad.h", c.text(), Map.of("A", true)));
        assertEquals(c.message(), e.getMessage());
    }
}
