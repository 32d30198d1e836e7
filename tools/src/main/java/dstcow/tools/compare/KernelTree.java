package dstcow.tools.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Linux source tree to read C from: its working tree, or with a revision the files as
 * {@code git -C DIR show REV:path} gives them. Nothing in the tree is run or changed.
 */
public final class KernelTree {

    /** The text of one file, or why there is none. */
    public record Source(String path, String text, String absent) {
        public boolean present() { return text != null; }
    }

    private final Path dir;
    private final String rev;
    private final String commit;
    private final Map<String, Source> cache = new ConcurrentHashMap<>();

    private KernelTree(Path dir, String rev, String commit) {
        this.dir = dir;
        this.rev = rev;
        this.commit = commit;
    }

    /**
     * Opens a tree. With {@code rev}, {@code dir} must be a git repository where {@code rev} names
     * a commit. Bad input is an {@link IllegalArgumentException} naming it.
     */
    public static KernelTree open(Path dir, String rev) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--kernel-tree " + dir + " is not a directory; give a Linux source tree"
                    + " (a directory with include/net/dst.h)");
        }
        if (rev == null) {
            return new KernelTree(dir, null, null);
        }
        if (rev.isBlank() || rev.startsWith("-")) {
            throw new IllegalArgumentException("--rev '" + rev + "' is not a revision; give a commit such as 62fa8a84 or 62fa8a84^");
        }
        Git inside = git(dir, "rev-parse", "--is-inside-work-tree");
        Git bare = inside.ok() ? inside : git(dir, "rev-parse", "--is-bare-repository");
        if (!bare.ok()) {
            throw new IllegalArgumentException("--rev " + rev + " needs --kernel-tree to be a git repository, but " + dir
                    + " is not one (git: " + firstLine(bare.err()) + "); drop --rev to read the working tree");
        }
        Git c = git(dir, "rev-parse", "--verify", "--quiet", rev + "^{commit}");
        if (!c.ok() || c.out().isBlank()) {
            throw new IllegalArgumentException("--rev " + rev + " is not a commit in " + dir
                    + (c.err().isBlank() ? "" : " (git: " + firstLine(c.err()) + ")") + "; fetch it or give another revision");
        }
        return new KernelTree(dir, rev, c.out().strip());
    }

    public Path dir() { return dir; }

    /** The revision given, or {@code null} for the working tree. */
    public String rev() { return rev; }

    /** {@code /src/linux (working tree)}, {@code /src/linux at 62fa8a84 (62fa8a846d7d...)}. */
    public String describe() {
        return rev == null ? dir + " (working tree)" : dir + " at " + rev + " (" + commit + ")";
    }

    /** A file of the tree, relative to its top ({@code include/net/dst.h}). */
    public Source read(String path) {
        return cache.computeIfAbsent(path, this::load);
    }

    private Source load(String path) {
        if (rev == null) {
            Path f = dir.resolve(path);
            if (!Files.isRegularFile(f)) {
                return new Source(path, null, path + " is not in " + dir);
            }
            try {
                return new Source(path, Files.readString(f, StandardCharsets.UTF_8), null);
            } catch (java.nio.charset.MalformedInputException e) {
                try {
                    return new Source(path, new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1), null);
                } catch (IOException io) {
                    throw new UncheckedIOException("cannot read " + f + ": " + io.getMessage(), io);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        Git g = git(dir, "show", commit + ":" + path);
        if (!g.ok()) {
            return new Source(path, null, path + " is not in " + dir + " at " + rev + " (git: " + firstLine(g.err()) + ")");
        }
        return new Source(path, g.out(), null);
    }

    private record Git(int code, String out, String err) {
        boolean ok() { return code == 0; }
    }

    private static Git git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("GIT_PAGER", "cat");
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalArgumentException("--rev needs git on the PATH to read " + dir + ": " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            String out = drain(p.getInputStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Git(-1, "", "git " + String.join(" ", args) + " took longer than 60 s");
            }
            return new Git(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("git " + String.join(" ", args) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while running git", e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            byte[] b = in.readAllBytes();
            String s = new String(b, StandardCharsets.UTF_8);
            return s.indexOf('\uFFFD') >= 0 ? new String(b, StandardCharsets.ISO_8859_1) : s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
