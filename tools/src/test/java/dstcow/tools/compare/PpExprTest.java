package dstcow.tools.compare;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** #if expressions: parsing, printing with the parentheses they need, and evaluation. */
class PpExprTest {

    /** A, B defined; LEVEL = 2; C and D not defined. */
    private static final PpExpr.Env ENV = new PpExpr.Env() {
        private final Set<String> defined = Set.of("A", "B", "LEVEL");
        private final Map<String, Long> values = Map.of("A", 1L, "B", 1L, "LEVEL", 2L);

        @Override
        public boolean isDefined(String name) { return defined.contains(name); }

        @Override
        public OptionalLong valueOf(String name) {
            return values.containsKey(name) ? OptionalLong.of(values.get(name)) : OptionalLong.empty();
        }
    };

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "defined(A)                                 ; defined(A)                            ; 1",
        "defined C                                  ; defined(C)                            ; 0",
        "!defined(A) || defined(B)                  ; !defined(A) || defined(B)             ; 1",
        "(defined(A) || defined(C)) && defined(D)   ; (defined(A) || defined(C)) && defined(D) ; 0",
        "defined(A) && (defined(B) && defined(C))   ; defined(A) && defined(B) && defined(C) ; 0",
        "!(defined(A) && defined(B))                ; !(defined(A) && defined(B))           ; 0",
        "LEVEL >= 2                                 ; LEVEL >= 2                            ; 1",
        "LEVEL - 1 - 1                              ; LEVEL - 1 - 1                         ; 0",
        "LEVEL - (1 - 1)                            ; LEVEL - (1 - 1)                       ; 2",
        "UNKNOWN == 0                               ; UNKNOWN == 0                          ; 1",
        "0x10 >> 4 | 2                              ; 0x10 >> 4 | 2                         ; 3",
        "IS_ENABLED(A) && !IS_ENABLED(C)            ; IS_ENABLED(A) && !IS_ENABLED(C)       ; 1",
        "LEVEL > 1 ? 7 : 9                          ; LEVEL > 1 ? 7 : 9                     ; 7",
        "1UL << 3                                   ; 1UL << 3                              ; 8",
    })
    void parsesPrintsAndEvaluates(String text, String printed, long value) {
        PpExpr e = PpExpr.parse(text);
        assertEquals(printed, e.toString());
        assertEquals(value, e.eval(ENV));
    }
}
