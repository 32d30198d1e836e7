package dstcow.layout.ctype;

import dstcow.layout.abi.Abi;

/** The C integer types, spelled as C spells them (and as clang names them in DWARF). */
public enum IntKind {
    BOOL("_Bool", false),
    CHAR("char", true),
    SCHAR("signed char", true),
    UCHAR("unsigned char", false),
    SHORT("short", true),
    USHORT("unsigned short", false),
    INT("int", true),
    UINT("unsigned int", false),
    LONG("long", true),
    ULONG("unsigned long", false),
    LLONG("long long", true),
    ULLONG("unsigned long long", false);

    private final String spelling;
    private final boolean signed;

    IntKind(String spelling, boolean signed) {
        this.spelling = spelling;
        this.signed = signed;
    }

    public String spelling() { return spelling; }

    /**
     * The name GCC gives the type in DWARF ({@code long unsigned int}), which is what pahole
     * shows for a GCC-built kernel; clang's DWARF uses the C spelling.
     */
    public String gccName() {
        return switch (this) {
            case SHORT -> "short int";
            case USHORT -> "short unsigned int";
            case LONG -> "long int";
            case ULONG -> "long unsigned int";
            case LLONG -> "long long int";
            case ULLONG -> "long long unsigned int";
            default -> spelling;
        };
    }

    public boolean signed() { return signed; }

    public int size(Abi abi) {
        return switch (this) {
            case BOOL, CHAR, SCHAR, UCHAR -> 1;
            case SHORT, USHORT -> 2;
            case INT, UINT -> 4;
            case LONG, ULONG -> abi.longSize();
            case LLONG, ULLONG -> 8;
        };
    }

    public int align(Abi abi) {
        return switch (this) {
            case BOOL, CHAR, SCHAR, UCHAR -> 1;
            case SHORT, USHORT -> abi.shortAlign();
            case INT, UINT -> abi.intAlign();
            case LONG, ULONG -> abi.longSize() == 8 ? abi.longLongAlign() : abi.intAlign();
            case LLONG, ULLONG -> abi.longLongAlign();
        };
    }
}
