package dstcow.tools.compare;

/**
 * A call in a function body: an identifier followed by {@code (}. Macro invocations count
 * (the reader does not expand macros). {@code dst->ops->cow_metrics(dst, p)} is the call
 * {@code cow_metrics} with {@code indirect} set: a call through a function-pointer member.
 *
 * @param name     the called name
 * @param indirect whether it was reached through {@code ->} or {@code .} (an ops-table call)
 * @param pos      where the name is
 */
public record CCall(String name, boolean indirect, SourcePos pos) {

    public int line() { return pos.line(); }

    @Override
    public String toString() { return (indirect ? "->" : "") + name + "() at line " + pos.line(); }
}
