package dstcow.tools.compare;

/**
 * One entry of a brace initializer: {@code .gc = rt_garbage_collect}.
 *
 * @param member    the designated member ({@code gc}; {@code a.b} for a nested designator, {@code [2]} for an
 *                  array index), or {@code null} for a positional entry
 * @param value     the value as written, whitespace normalized ({@code cpu_to_be16(ETH_P_IP)})
 * @param condition the {@code #if} inside the initializer it sits under
 * @param pos       where the entry starts
 */
public record CInitEntry(String member, String value, CCondition condition, SourcePos pos) {

    public int line() { return pos.line(); }

    /** The value when it names a function or object ({@code ipv4_dst_check}, {@code &foo}), else {@code null}. */
    public String identifier() {
        String v = value.startsWith("&") ? value.substring(1).strip() : value;
        return v.matches("[A-Za-z_$][A-Za-z0-9_$]*") ? v : null;
    }

    public boolean active() { return condition.holds(); }

    @Override
    public String toString() {
        return (member == null ? "" : "." + member + " = ") + value;
    }
}
