package dstcow.dst.mem;

/**
 * A kernel function at an emulated text address.
 *
 * @param name           the kernel name ({@code dst_cow_metrics_generic})
 * @param address        its address in the emulated {@code .text}
 * @param implementation the Java function that implements it (a functional interface instance)
 */
public record Symbol(String name, long address, Object implementation) {
}
