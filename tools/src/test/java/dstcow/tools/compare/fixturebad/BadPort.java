package dstcow.tools.compare.fixturebad;

import dstcow.dst.KernelSource;
import dstcow.layout.model.KernelVersion;

/** Annotations gone wrong, for ManifestTest: a duplicate, a wrong kernel, a wrong file. Never run. */
public final class BadPort {

    @KernelSource(file = "net/pkt/pkt_bad.c", symbol = "pkt_twice", commit = KernelSource.PATCHED)
    public void pktTwice() {
    }

    /** Copy-pasted from pktTwice and not renamed. */
    @KernelSource(file = "net/pkt/pkt_bad.c", symbol = "pkt_twice", commit = KernelSource.PATCHED)
    public void pktTwiceAgain() {
    }

    /** The symbol is the parent's only, but the annotation keeps the default: both kernels. */
    @KernelSource(file = "net/pkt/pkt_bad.c", symbol = "pkt_parent_only", commit = KernelSource.PATCHED)
    public void pktParentOnly() {
    }

    @KernelSource(file = "net/pkt/pkt_other.c", symbol = "pkt_elsewhere", commit = KernelSource.PATCHED)
    public void pktElsewhere() {
    }

    /** One public counterpart and a private part: not a duplicate. */
    @KernelSource(file = "net/pkt/pkt_bad.c", symbol = "pkt_split", commit = KernelSource.PATCHED)
    public void pktSplit() {
        pktSplitTail();
    }

    @KernelSource(file = "net/pkt/pkt_bad.c", symbol = "pkt_split", commit = KernelSource.PATCHED, kernels = KernelVersion.PATCHED)
    private void pktSplitTail() {
    }
}
