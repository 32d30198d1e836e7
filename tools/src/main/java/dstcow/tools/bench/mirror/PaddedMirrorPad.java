package dstcow.tools.bench.mirror;

/** Eight longs: at least one 64-byte line between the two halves whatever the field packing. */
public class PaddedMirrorPad extends PaddedMirrorReadMostly {
    long p01;
    long p02;
    long p03;
    long p04;
    long p05;
    long p06;
    long p07;
    long p08;
}
