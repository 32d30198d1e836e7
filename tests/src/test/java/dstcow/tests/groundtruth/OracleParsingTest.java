package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracles' readers on compiler output captured from clang 14 and m68k-linux-gnu-gcc 12,
 * for
 * <pre>
 * typedef struct { int counter; } atomic_t;
 * struct inner { short q; union { int u1; char u2; }; };
 * struct bf { char a; unsigned x:3; unsigned y:7; long long z:40; struct inner s; atomic_t r; int fa[]; };
 * </pre>
 * (GCC's output is for a shorter {@code struct bf}: {@code a, x, y, z} and {@code short s}).
 */
class OracleParsingTest {

    /** {@code clang -target s390x-linux-gnu -fsyntax-only -Xclang -fdump-record-layouts}, unnamed member lines end in a space. */
    static final String S390X_DUMP = """

            *** Dumping AST Record Layout
                     0 | union inner::(anonymous at u.c:2:25)
                     0 |   int u1
                     0 |   char u2
                       | [sizeof=4, align=4]

            *** Dumping AST Record Layout
                     0 | struct bf
                     0 |   char a
                 1:0-2 |   unsigned int x
                 1:3-9 |   unsigned int y
                2:2-41 |   long long z
                     8 |   struct inner s
                     8 |     short q
                    12 |     union inner::(anonymous at u.c:2:25)\s
                    12 |       int u1
                    12 |       char u2
                    16 |   atomic_t r
                    16 |     int counter
                    20 |   int[] fa
                       | [sizeof=24, align=8]
            """;

    /** {@code m68k-linux-gnu-gcc -S} of the constants and three bitfield probes. */
    static final String M68K_ASM = """
            #NO_APP
                .file    "<stdin>"
                .text
                .globl    __dstcow_k
                .data
                .align    2
                .type    __dstcow_k, @object
                .size    __dstcow_k, 12
            __dstcow_k:
                .long    11
                .long    3
                .long    9
                .globl    __dstcow_b0
                .align    2
                .type    __dstcow_b0, @object
                .size    __dstcow_b0, 10
            __dstcow_b0:
                .zero    1
                .byte    224
                .zero    8
                .globl    __dstcow_b1
                .align    2
                .type    __dstcow_b1, @object
                .size    __dstcow_b1, 10
            __dstcow_b1:
                .zero    1
                .byte    31
                .byte    192
                .zero    7
                .globl    __dstcow_b2
                .align    2
                .type    __dstcow_b2, @object
                .size    __dstcow_b2, 10
            __dstcow_b2:
                .zero    2
                .byte    63
                .byte    255
                .byte    255
                .byte    255
                .byte    255
                .byte    192
                .zero    2
                .ident    "GCC: (Debian 12.2.0-13) 12.2.0"
                .section    .note.GNU-stack,"",@progbits
            """;

    @Test
    void clangDumpGivesBitOffsetsOfNestedAnonymousAndBitfieldMembers() {
        Map<String, CompilerLayout> layouts = ClangOracle.parse(S390X_DUMP);
        CompilerLayout bf = layouts.get("struct bf");

        assertEquals(24, bf.size());
        assertEquals(8, bf.align());
        assertEquals(List.of("a", "x", "y", "z", "s", "s.q", "s.u1", "s.u2", "r", "r.counter", "fa"), List.copyOf(bf.fields().keySet()));
        assertField(bf, "x", 8, 3);
        assertField(bf, "y", 11, 7);
        assertField(bf, "z", 18, 40);
        assertField(bf, "s.u2", 96, CompilerLayout.UNKNOWN);
        assertField(bf, "r.counter", 128, CompilerLayout.UNKNOWN);
        assertField(bf, "fa", 160, CompilerLayout.UNKNOWN);
        assertEquals(4, layouts.get("union inner::(anonymous at u.c:2:25)").size());
    }

    @Test
    void gccAssemblyGivesConstantsAndBitfieldProbesInAllocationOrder() {
        Map<String, byte[]> data = AsmData.symbols(M68K_ASM, Abi.M68K);

        assertArrayEquals(new long[] {11, 3, 9}, AsmData.u32s(data.get("__dstcow_k"), Abi.M68K));
        assertEquals(10, data.get("__dstcow_b0").length);
        // Big-endian allocation order starts at each byte's most significant bit.
        assertArrayEquals(new long[] {8, 3}, ConstantsOracle.setBits(data.get("__dstcow_b0"), Abi.M68K, "x"));
        assertArrayEquals(new long[] {11, 7}, ConstantsOracle.setBits(data.get("__dstcow_b1"), Abi.M68K, "y"));
        assertArrayEquals(new long[] {18, 40}, ConstantsOracle.setBits(data.get("__dstcow_b2"), Abi.M68K, "z"));
    }

    @Test
    void littleEndianAllocationOrderStartsAtTheLeastSignificantBit() {
        // clang -target arm-linux-gnueabi, struct bf = { .y = -1 }: bytes 00 f8 03.
        byte[] bytes = {0, (byte) 0xf8, 0x03, 0};

        assertArrayEquals(new long[] {11, 7}, ConstantsOracle.setBits(bytes, Abi.ARM, "y"));
    }

    @Test
    void aProbeWithScatteredBitsIsRejected() {
        byte[] bytes = {0x01, 0x04};

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConstantsOracle.setBits(bytes, Abi.X86_64, "t.f"));
        assertTrue(e.getMessage().contains("t.f on x86_64 set no contiguous run of bits: first 0, last 10, count 2"), e.getMessage());
    }

    @Test
    void assemblerDirectivesAssembleInTheAbiByteOrder() {
        String asm = """
                sym:
                    .short    258
                    .word    1
                    .4byte    -2
                    .quad    0x0102030405060708
                    .string    "A\\001\\377"
                    .ascii    "\\"\\\\"
                    .skip    2
                    .size    sym, 22
                """;

        byte[] be = AsmData.symbols(asm, Abi.M68K).get("sym");
        byte[] le = AsmData.symbols(asm, Abi.X86_64).get("sym");

        assertArrayEquals(new byte[] {1, 2, 0, 1, -1, -1, -1, -2, 1, 2, 3, 4, 5, 6, 7, 8, 'A', 1, -1, 0, '"', '\\', 0, 0}, be);
        assertArrayEquals(new byte[] {2, 1, 1, 0, -2, -1, -1, -1, 8, 7, 6, 5, 4, 3, 2, 1, 'A', 1, -1, 0, '"', '\\', 0, 0}, le);
    }

    private static void assertField(CompilerLayout l, String path, long bitOffset, long width) {
        CompilerLayout.Field f = l.fields().get(path);
        assertEquals(bitOffset, f.bitOffset(), path + " bit offset");
        assertEquals(width, f.bitWidth(), path + " bit width");
        assertEquals(CompilerLayout.UNKNOWN, f.size(), path + ": the dump has no sizes");
    }
}
