/**
 * {@code struct dst_entry} as jextract would generate it for the host: one class per struct
 * (and kernel version) with one layout constant, {@code static final} {@link java.lang.invoke.VarHandle}s
 * derived from the layout, accessors named with the C member names. The layouts come from the
 * layout module, so no offset is typed here. These are the "plain FFM" baseline the emulator's
 * accessors are compared against in {@link dstcow.tools.bench.MetricReadBench}.
 */
package dstcow.tools.bench.ffm;
