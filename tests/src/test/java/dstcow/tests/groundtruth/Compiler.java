package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A C compiler for one ABI: clang with {@code -target <triple>}, or a GCC cross compiler
 * ({@code m68k-linux-gnu-gcc}) that needs no target flag. Runs it on source text in a scratch
 * directory and hands back what it printed and the files it wrote.
 *
 * @param abi        the ABI whose layouts it computes
 * @param executable the program, looked up on {@code PATH}
 * @param gcc        whether it is GCC (assembly output, {@code .long} constants) rather than clang
 */
public record Compiler(Abi abi, String executable, boolean gcc) {

    private static final long TIMEOUT_SECONDS = 120;

    /** clang for the ABI's triple. */
    public static Compiler clang(Abi abi) {
        return new Compiler(abi, "clang", false);
    }

    /** The compiler whose layouts are the truth for the ABI: its GCC where clang disagrees with GCC, else clang. */
    public static Compiler groundTruth(Abi abi) {
        return abi.gccGroundTruth() != null ? new Compiler(abi, abi.gccGroundTruth(), true) : clang(abi);
    }

    /** The flags that select the ABI. */
    public List<String> targetFlags() {
        return gcc ? List.of() : List.of("-target", abi.triple());
    }

    /** Whether the executable is on {@code PATH}. */
    public boolean available() {
        return onPath(executable).isPresent();
    }

    /** Skips the calling test, with the package to install, when the compiler is missing. */
    public Compiler assumeAvailable() {
        Assumptions.assumeTrue(available(), () -> executable + " not found on PATH: apt-get install "
                + (gcc ? "gcc-" + executable.substring(0, executable.length() - "-gcc".length()) : "clang")
                + " (needed as the ground truth for ABI " + abi + ")");
        return this;
    }

    public static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What a compiler run printed, and the scratch directory holding its input and outputs. */
    public record Run(String stdout, String stderr, Path dir) {
        public String read(String file) {
            try {
                return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("compiler output " + file + " missing in " + dir, e);
            }
        }
    }

    /**
     * Writes {@code source} to {@code input.c} in a fresh scratch directory, runs this compiler
     * with the target flags, then {@code args} (the file name is appended last), lets
     * {@code use} read the results and deletes the directory.
     *
     * @throws CompilerFailure if the compiler exits non-zero; the message carries the command,
     *                         its diagnostics and the numbered source
     */
    public <T> T run(String source, List<String> args, Function<Run, T> use) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("dstcow-gt-");
            Files.writeString(dir.resolve("input.c"), source, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>();
            cmd.add(executable);
            cmd.addAll(targetFlags());
            cmd.addAll(args);
            cmd.add("input.c");
            Run run = exec(cmd, dir, source);
            return use.apply(run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /** Runs any program (pahole) in {@code dir}; fails with its diagnostics on a non-zero exit. */
    static Run exec(List<String> cmd, Path dir, String sourceForErrors) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            // Drain both pipes concurrently: a large layout dump would otherwise block the child.
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> slurp(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()));
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CompilerFailure(String.join(" ", cmd) + " timed out after " + TIMEOUT_SECONDS + " s", sourceForErrors);
            }
            Run run = new Run(out.join(), err.join(), dir);
            if (p.exitValue() != 0) {
                throw new CompilerFailure(String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + run.stderr(),
                        sourceForErrors);
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.getFirst(), e);
        }
    }

    private static String slurp(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover scratch directory in /tmp is harmless; the test result is not affected.
        }
    }

    /** The compiler rejected the source, or could not be run to completion. */
    public static final class CompilerFailure extends RuntimeException {
        private final String source;

        CompilerFailure(String message, String source) {
            super(message + (source == null ? "" : "\n--- source ---\n" + numbered(source)));
            this.source = source;
        }

        public String source() { return source; }

        private static String numbered(String source) {
            StringBuilder sb = new StringBuilder();
            String[] lines = source.split("\n", -1);
            int limit = Math.min(lines.length, 400);
            for (int i = 0; i < limit; i++) {
                sb.append(String.format("%5d  %s%n", i + 1, lines[i]));
            }
            if (limit < lines.length) {
                sb.append("      ... ").append(lines.length - limit).append(" more lines\n");
            }
            return sb.toString();
        }
    }

    @Override
    public String toString() {
        return executable + (gcc ? "" : " -target " + abi.triple());
    }
}
