package dstcow.layout.model;

/**
 * The preprocessor condition a member sits under. Only what the structs in scope need:
 * {@code #ifdef CONFIG_X} and its {@code #else}.
 */
public sealed interface Cond {

    Cond ALWAYS = new Always();

    boolean holds(KernelConfig config);

    static Cond ifdef(String symbol) { return new Defined(symbol, true); }

    static Cond ifndef(String symbol) { return new Defined(symbol, false); }

    record Always() implements Cond {
        @Override
        public boolean holds(KernelConfig config) { return true; }

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
        public String toString() { return expected ? "#ifdef " + symbol : "#ifndef " + symbol; }
    }
}
