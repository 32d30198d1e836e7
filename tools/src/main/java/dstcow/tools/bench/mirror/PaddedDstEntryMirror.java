package dstcow.tools.bench.mirror;

/**
 * The same mirror with the kernel's guarantee rebuilt from class-hierarchy padding (the JCTools
 * idiom): HotSpot lays out a superclass's fields before a subclass's, so the read-mostly fields
 * (in {@link PaddedMirrorReadMostly}), then {@link PaddedMirrorPad}'s 64+ bytes, then the writeable group (here) can't be
 * interleaved. This is the Java counterpart of {@code __pad_to_align_refcnt}.
 */
public final class PaddedDstEntryMirror extends PaddedMirrorPad {

    public volatile int refcnt;
    public int use;
    public long lastuse;
    public long rateLast;
    public int rateTokens;
    public int flags;
    public long next;
}
