/**
 * Side by side with the kernel source ({@code dstcow compare}): a reader for kernel-style C
 * ({@link dstcow.tools.compare.CReader}), the manifest of the kernel symbols dstcow ports
 * ({@link dstcow.tools.compare.Manifest}, checked by {@link dstcow.tools.compare.ManifestCheck}),
 * the Java counterparts found through their {@code @KernelSource} annotations
 * ({@link dstcow.tools.compare.JavaPorts}) with their source ({@link dstcow.tools.compare.JavaSource})
 * and bytecode ({@link dstcow.tools.compare.JavaBytecode}), and the parity checks: struct members
 * and layouts ({@link dstcow.tools.compare.StructParity}), metrics accessor calls
 * ({@link dstcow.tools.compare.MetricsCalls}), ops tables ({@link dstcow.tools.compare.OpsTableCheck}).
 * {@link dstcow.tools.compare.Compare} runs them per symbol; {@link dstcow.tools.compare.TextReport},
 * {@link dstcow.tools.compare.HtmlReport} and {@link dstcow.tools.compare.JsonReport} print the result.
 */
package dstcow.tools.compare;
