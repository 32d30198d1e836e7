package dstcow.dst.mem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulated kernel's functions: address -&gt; kernel name -&gt; Java implementation. Function
 * pointers stored in native structs ({@code dst_ops.cow_metrics}, {@code dst_entry.input}) are
 * these addresses; {@link #resolve} turns one back into a callable, or oopses as the kernel
 * would on a NULL or bad function pointer.
 *
 * <p>Functions sit in an emulated {@code .text} at {@link #SLOT}-byte steps, so resolving is an
 * array index, not a map lookup. Text is not backed by memory: a data access to it is a wild
 * pointer.
 */
public final class SymbolTable {

    /** Bytes between consecutive function addresses. */
    public static final long SLOT = 0x40;

    private final KernelMemory memory;
    private final long textBase;
    private final long first;
    private volatile Symbol[] byIndex = new Symbol[0];
    private final Map<String, Symbol> byName = new HashMap<>();

    SymbolTable(KernelMemory memory, long textBase) {
        this.memory = memory;
        this.textBase = textBase;
        this.first = textBase + 0x1000;
    }

    /** The start of the emulated {@code .text}. */
    public long textBase() { return textBase; }

    /**
     * Gives a kernel function an address. Names are unique: registering one twice is an error
     * (the kernel would not link).
     *
     * @return the function's address
     */
    public synchronized long register(String name, Object implementation) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a kernel function needs a name");
        }
        if (implementation == null) {
            throw new IllegalArgumentException("kernel function " + name + " needs an implementation");
        }
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("kernel function " + name + " is already defined at "
                    + Hex.addr(byName.get(name).address(), memory.pointerSize()));
        }
        Symbol[] old = byIndex;
        Symbol[] grown = java.util.Arrays.copyOf(old, old.length + 1);
        Symbol s = new Symbol(name, first + SLOT * old.length, implementation);
        grown[old.length] = s;
        byName.put(name, s);
        byIndex = grown;
        return s.address();
    }

    /** The address of a registered function; the error lists the registered names. */
    public synchronized long addressOf(String name) {
        Symbol s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no kernel function '" + name + "'; registered: " + String.join(", ", names()));
        }
        return s.address();
    }

    /** The function at exactly this address, or {@code null}. */
    public Symbol lookup(long address) {
        Symbol[] table = byIndex;
        long delta = address - first;
        if (delta < 0 || delta % SLOT != 0 || delta / SLOT >= table.length) {
            return null;
        }
        return table[(int) (delta / SLOT)];
    }

    /** Whether the address is inside the emulated {@code .text} (registered or not). */
    public boolean inText(long address) {
        long delta = address - textBase;
        return delta >= 0 && delta < 0x1000 + SLOT * Math.max(byIndex.length, 1024);
    }

    /**
     * Resolves a function pointer read from native memory for an indirect call.
     *
     * @param pointer the value of the function pointer
     * @param type    the function-pointer type expected at the call site
     * @param caller  the kernel function making the call
     * @param what    the C expression called through ({@code dst->ops->cow_metrics})
     * @throws KernelOops {@link OopsKind#NULL_FUNCTION_CALL} for NULL, {@link OopsKind#BAD_FUNCTION_CALL}
     *                    for an address that is not a function or is a function of another type
     */
    public <T> T resolve(long pointer, Class<T> type, String caller, String what) {
        if (pointer == 0) {
            throw memory.oops(OopsKind.NULL_FUNCTION_CALL, pointer, Access.CALL, 0, caller, what + " is NULL");
        }
        Symbol s = lookup(pointer);
        if (s == null) {
            throw memory.oops(OopsKind.BAD_FUNCTION_CALL, pointer, Access.CALL, 0, caller,
                    what + " is not a kernel function (" + memory.describe(pointer) + ")");
        }
        if (!type.isInstance(s.implementation())) {
            throw memory.oops(OopsKind.BAD_FUNCTION_CALL, pointer, Access.CALL, 0, caller,
                    what + " is " + s.name() + ", which is not a " + type.getSimpleName() + " function");
        }
        return type.cast(s.implementation());
    }

    /** The registered names, in address order. */
    public synchronized List<String> names() {
        List<String> out = new ArrayList<>();
        for (Symbol s : byIndex) {
            out.add(s.name());
        }
        return out;
    }

    public List<Symbol> all() {
        return List.of(byIndex);
    }
}
