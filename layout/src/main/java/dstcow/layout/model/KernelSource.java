package dstcow.layout.model;

/**
 * Where the kernel declares a struct: file, line range and the commit that text is from.
 *
 * @param file   path in the kernel tree ({@code include/net/dst.h})
 * @param lines  line range at that commit ({@code 39-95}), or empty when not pinned down
 * @param commit the commit the definition was transcribed from
 */
public record KernelSource(String file, String lines, String commit) {

    /** The commit dstcow ports: "net: Implement read-only protection and COW'ing of metrics." */
    public static final String PATCHED = "62fa8a846d7de4b299232e330c74b7783539df76";

    /**
     * The include/net/dst.h of the patch's parent is the file at this commit (the parent of
     * 62fa8a84 did not touch it), per the project's kernel map.
     */
    public static final String PARENT_DST_H = "d33e455337ea2c71d09d7f4367d6ad6dd32b6965";

    public String shortCommit() { return commit.substring(0, Math.min(12, commit.length())); }

    @Override
    public String toString() {
        return file + (lines.isEmpty() ? "" : ":" + lines) + " @ " + shortCommit();
    }
}
