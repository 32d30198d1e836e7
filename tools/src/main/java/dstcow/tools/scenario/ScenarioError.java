package dstcow.tools.scenario;

/** A mistake in a scenario, or an {@code expect} that did not hold: names file, line and column. */
public final class ScenarioError extends RuntimeException {

    private final String file;
    private final int line;
    private final int column;

    public ScenarioError(String file, int line, int column, String message) {
        super(file + ":" + line + ":" + column + ": " + message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() { return file; }

    public int line() { return line; }

    public int column() { return column; }
}
