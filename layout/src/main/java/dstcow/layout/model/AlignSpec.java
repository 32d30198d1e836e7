package dstcow.layout.model;

import dstcow.layout.abi.Abi;

/** An {@code __attribute__((aligned(...)))} whose value may depend on the ABI or config. */
public sealed interface AlignSpec {

    AlignSpec NONE = new None();

    /** {@code ____cacheline_aligned_in_smp}: {@code SMP_CACHE_BYTES} under CONFIG_SMP, nothing otherwise. */
    AlignSpec CACHELINE_IN_SMP = new CachelineInSmp();

    /** {@code __attribute__((__aligned__(BITS_PER_LONG/8)))}, as on {@code struct flowi}. */
    AlignSpec LONG = new Long();

    static AlignSpec bytes(int n) { return new Bytes(n); }

    /** The alignment in bytes, or 0 for none, given the ABI, config and cache-line size. */
    int resolve(Abi abi, KernelConfig config, int cacheLine);

    /** The attribute as the kernel spells it, for the C printer. */
    String cSpelling(Abi abi, KernelConfig config, int cacheLine);

    record None() implements AlignSpec {
        @Override
        public int resolve(Abi abi, KernelConfig config, int cacheLine) { return 0; }

        @Override
        public String cSpelling(Abi abi, KernelConfig config, int cacheLine) { return ""; }
    }

    record Bytes(int n) implements AlignSpec {
        public Bytes {
            if (n <= 0 || Integer.bitCount(n) != 1) {
                throw new IllegalArgumentException("alignment " + n + " is not a power of two");
            }
        }

        @Override
        public int resolve(Abi abi, KernelConfig config, int cacheLine) { return n; }

        @Override
        public String cSpelling(Abi abi, KernelConfig config, int cacheLine) {
            return "__attribute__((__aligned__(" + n + ")))";
        }
    }

    record CachelineInSmp() implements AlignSpec {
        @Override
        public int resolve(Abi abi, KernelConfig config, int cacheLine) {
            return config.enabled("CONFIG_SMP") ? cacheLine : 0;
        }

        @Override
        public String cSpelling(Abi abi, KernelConfig config, int cacheLine) {
            int n = resolve(abi, config, cacheLine);
            return n == 0 ? "" : "__attribute__((__aligned__(" + n + ")))";
        }
    }

    record Long() implements AlignSpec {
        @Override
        public int resolve(Abi abi, KernelConfig config, int cacheLine) { return abi.longSize(); }

        @Override
        public String cSpelling(Abi abi, KernelConfig config, int cacheLine) {
            return "__attribute__((__aligned__(" + abi.longSize() + ")))";
        }
    }
}
