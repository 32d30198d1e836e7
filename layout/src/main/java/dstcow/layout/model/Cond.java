package dstcow.layout.model;

import dstcow.layout.abi.Abi;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The preprocessor condition a member sits under: {@code #ifdef CONFIG_X}, its {@code #else},
 * both of two conditions ({@code CONFIG_SMP} and {@code CONFIG_HOTPLUG_CPU}), or the
 * architecture (where each arch's header declares a type differently, like {@code arch_spinlock_t}).
 */
public sealed interface Cond {

    Cond ALWAYS = new Always();

    boolean holds(KernelConfig config);

    /** The condition as a C preprocessor expression, for {@code #if}. */
    String cExpr();

    static Cond ifdef(String symbol) { return new Defined(symbol, true); }

    static Cond ifndef(String symbol) { return new Defined(symbol, false); }

    static Cond both(Cond a, Cond b) { return new And(a, b); }

    static Cond arch(Abi... abis) { return new Arch(EnumSet.copyOf(Arrays.asList(abis))); }

    record Always() implements Cond {
        @Override
        public boolean holds(KernelConfig config) { return true; }

        @Override
        public String cExpr() { return "1"; }

        @Override
        public String toString() { return ""; }
    }

    /** {@code #ifdef symbol} when {@code expected}, its {@code #else} branch otherwise. */
    record Defined(String symbol, boolean expected) implements Cond {
        public Defined {
            KernelConfig.requireKnown(symbol);
        }

        @Override
        public boolean holds(KernelConfig config) { return config.enabled(symbol) == expected; }

        @Override
        public String cExpr() { return (expected ? "" : "!") + "defined(" + symbol + ")"; }

        /** Whether {@code other} is this condition's {@code #else}. */
        public boolean negates(Cond other) {
            return other instanceof Defined d && d.symbol.equals(symbol) && d.expected != expected;
        }

        @Override
        public String toString() { return expected ? "#ifdef " + symbol : "#ifndef " + symbol; }
    }

    record And(Cond a, Cond b) implements Cond {
        @Override
        public boolean holds(KernelConfig config) { return a.holds(config) && b.holds(config); }

        @Override
        public String cExpr() { return a.cExpr() + " && " + b.cExpr(); }

        @Override
        public String toString() { return "#if " + cExpr(); }
    }

    /** Holds on the named architectures; in C, their compilers' predefined macros. */
    record Arch(Set<Abi> abis) implements Cond {
        @Override
        public boolean holds(KernelConfig config) { return abis.contains(config.abi()); }

        @Override
        public String cExpr() {
            return abis.stream().map(Arch::macro).collect(Collectors.joining(" || "));
        }

        static String macro(Abi abi) {
            return "defined(" + abi.predefinedMacro() + ")";
        }

        @Override
        public String toString() { return "#if " + cExpr(); }
    }
}
