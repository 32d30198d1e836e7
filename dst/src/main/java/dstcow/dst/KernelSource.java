package dstcow.dst;

import dstcow.layout.model.KernelVersion;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The kernel source a Java method, constant or type ports: file, symbol and the commit whose
 * text it follows. Read at run time by the manifest and parity checks, which list the kernel
 * symbols that must have a Java counterpart.
 *
 * <p>Not to be confused with {@link dstcow.layout.model.KernelSource}, the layout module's record
 * of where a struct is declared.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.TYPE, ElementType.CONSTRUCTOR})
public @interface KernelSource {

    /** 62fa8a84, "net: Implement read-only protection and COW'ing of metrics." */
    String PATCHED = "62fa8a846d7de4b299232e330c74b7783539df76";

    /** The include/net/dst.h (and dst_ops.h) of the patch's parent is the file at this commit. */
    String PARENT_DST_H = "d33e455337ea2c71d09d7f4367d6ad6dd32b6965";

    /** The parent of 62fa8a84, for files (net/core/dst.c) read as the patched file minus the commit's hunks. */
    String PARENT = PATCHED + "^";

    String DST_H = "include/net/dst.h";
    String DST_C = "net/core/dst.c";
    String DST_OPS_H = "include/net/dst_ops.h";

    /** Path in the kernel tree ({@code include/net/dst.h}). */
    String file();

    /** The kernel symbol: function, macro, variable or constant ({@code dst_metrics_write_ptr}). */
    String symbol();

    /** The commit whose text this follows (40 hex digits, or {@link #PARENT}). */
    String commit();

    /** The kernels that have this symbol; both unless it is new in, or removed by, 62fa8a84. */
    KernelVersion[] kernels() default {KernelVersion.PARENT, KernelVersion.PATCHED};

    /** What the port does differently, if anything (not modelled parts, Java-only additions). */
    String note() default "";
}
