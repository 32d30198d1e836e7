package dstcow.layout.check;

import dstcow.layout.engine.RecordLayout;

import java.util.function.Function;

/**
 * A layout rule in the kernel's spirit, attached to a struct definition.
 *
 * @param id      short column name for the matrix ({@code refcnt&63})
 * @param kernel  the kernel text it stands for ({@code BUILD_BUG_ON(offsetof(struct dst_entry, __refcnt) & 63)})
 * @param where   where the kernel states it ({@code include/net/dst.h dst_hold()}), or the commit message
 * @param gating  whether a failure fails {@code dstcow check} (the kernel's own asserts do; reports at the
 *                architecture's real L1 size do not)
 * @param rule    evaluates the rule on a layout
 */
public record Assertion(String id, String kernel, String where, boolean gating, Function<RecordLayout, Outcome> rule) {

    public Outcome evaluate(RecordLayout layout) {
        return rule.apply(layout);
    }

    /** The result on one layout; {@code message} says what holds, or what broke and what to fix. */
    public record Outcome(boolean holds, String message) {
        public static Outcome ok(String message) { return new Outcome(true, message); }

        public static Outcome fail(String message) { return new Outcome(false, message); }
    }
}
