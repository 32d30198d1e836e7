package dstcow.tools.bench.mirror;

/** The read-mostly half: what every packet reads ({@code ops}, {@code input}, {@code output}, metrics). */
public class PaddedMirrorReadMostly {
    public long rcuNext;
    public long rcuFunc;
    public long child;
    public long dev;
    public long ops;
    public int[] metrics;
    public boolean metricsReadOnly;
    public long expires;
    public long path;
    public long neighbour;
    public long hh;
    public long xfrm;
    public long input;
    public long output;
    public short error;
    public short obsolete;
    public short headerLen;
    public short trailerLen;
    public int tclassid;

    public int metricRaw(int metric) {
        return metrics[metric - 1];
    }
}

