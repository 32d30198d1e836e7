package dstcow.layout.print;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Normalization drops only what carries no layout: spacing, blank lines, pahole's re-printed anonymous types. */
class PaholeTextTest {

    /** The tail of {@code pahole -C dst_entry} (1.24) on a clang x86_64 object, re-printed union included. */
    static final String PAHOLE = """
            struct dst_entry {
            \tint                        flags;                /*   156     4 */
            \tunion {
            \t\tstruct dst_entry * next;                 /*   160     8 */
            \t\tstruct rtable *    rt_next;              /*   160     8 */
            \t};                                               /*   160     8 */
            \tunion {
            \t\tstruct dst_entry *         next;                 /*     0     8 */
            \t\tstruct rtable *            rt_next;              /*     0     8 */
            \t};


            \t/* size: 168, cachelines: 3, members: 25 */
            };
            """;

    static final String OURS = """
            struct dst_entry {
            \tint                        flags;                /*   156     4 */
            \tunion {
            \t\tstruct dst_entry * next;                 /*   160     8 */
            \t\tstruct rtable *    rt_next;              /*   160     8 */
            \t};                                               /*   160     8 */

            \t/* size: 168, cachelines: 3, members: 25 */
            };
            """;

    @Test
    void theReprintedUnionGoesAndTheMemberUnionStays() {
        List<String> lines = PaholeText.normalize(PAHOLE);

        assertEquals(List.of("structdst_entry{", "intflags;/*1564*/", "union{", "structdst_entry*next;/*1608*/",
                "structrtable*rt_next;/*1608*/", "};/*1608*/", "/*size:168,cachelines:3,members:25*/", "};"), lines);
        assertEquals(lines, PaholeText.normalize(OURS));
    }

    @Test
    void aDifferentOffsetOrSummaryStillDiffers() {
        assertNotEquals(PaholeText.normalize(PAHOLE), PaholeText.normalize(OURS.replace("156     4", "152     4")));
        assertNotEquals(PaholeText.normalize(PAHOLE), PaholeText.normalize(OURS.replace("members: 25", "members: 24")));
    }
}
