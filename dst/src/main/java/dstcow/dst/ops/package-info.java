/**
 * {@code struct dst_ops}: its definition as data for the layout engine
 * ({@link dstcow.dst.ops.DstOpsStruct}, a stand-in until the layout module has it), its computed
 * layout, a view and builder for ops tables in emulated {@code .data}, and the Java types of the
 * C function pointers ({@link dstcow.dst.ops.FnTypes}).
 */
package dstcow.dst.ops;
