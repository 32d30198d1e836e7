package dstcow.xfrm;

import dstcow.dst.mem.MemoryMode;
import dstcow.ipv4.net.Flowi;
import dstcow.ipv4.net.Inet;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import dstcow.xfrm.ipv4.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code _decode_session4} over IPv4 packets in byte arrays, on a little- and a big-endian ABI:
 * the flow key is written to a native {@code struct flowi} and read back, so the byte order of
 * every field is exercised.
 */
class DecodeSessionTest {

    private Ipsec s;

    @AfterEach
    void close() {
        if (s != null) {
            s.close();
        }
    }

    private Flowi decode(Abi abi, byte[] p, boolean reverse) {
        if (s == null || s.ip.kernel().abi() != abi) {
            close();
            s = new Ipsec(KernelVersion.PATCHED, abi, MemoryMode.CHECKED);
        }
        return s.x.decodeSession(p, reverse);
    }

    /** An IPv4 header (ihl 5) from 10.0.0.1 to 10.1.2.3 with {@code proto}, {@code fragOff}, TOS 0x10, followed by {@code l4}. */
    static byte[] ip(int proto, int fragOff, int... l4) {
        byte[] b = new byte[20 + l4.length];
        b[0] = 0x45;
        b[1] = 0x10;
        b[3] = (byte) b.length;
        b[6] = (byte) (fragOff >>> 8);
        b[7] = (byte) fragOff;
        b[8] = 64;
        b[9] = (byte) proto;
        byte[] src = {10, 0, 0, 1};
        byte[] dst = {10, 1, 2, 3};
        System.arraycopy(src, 0, b, 12, 4);
        System.arraycopy(dst, 0, b, 16, 4);
        for (int i = 0; i < l4.length; i++) {
            b[20 + i] = (byte) l4[i];
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(value = Abi.class, names = {"X86_64", "POWERPC64"})
    void portsForEveryPortedProtocolBothWays(Abi abi) {
        for (int proto : new int[] {6, 17, 136, 132, 33}) {
            byte[] p = ip(proto, 0, 0x12, 0x34, 0x00, 0x50, 0, 0, 0, 0);
            Flowi f = decode(abi, p, false);
            assertEquals(Inet.parse("10.1.2.3"), f.daddr());
            assertEquals(Inet.parse("10.0.0.1"), f.saddr());
            assertEquals(0x1234, f.sport(), "proto " + proto);
            assertEquals(80, f.dport());
            assertEquals(proto, f.proto());
            assertEquals(0x10, f.tos());
            Flowi r = decode(abi, p, true);
            assertEquals(Inet.parse("10.0.0.1"), r.daddr(), "reverse swaps the addresses");
            assertEquals(Inet.parse("10.1.2.3"), r.saddr());
            assertEquals(80, r.sport(), "and the ports");
            assertEquals(0x1234, r.dport());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Abi.class, names = {"X86_64", "POWERPC64"})
    void icmpSpiAndGreKey(Abi abi) {
        Flowi icmp = decode(abi, ip(1, 0, 3, 4, 0, 0), false);
        assertEquals(3, icmp.icmpType());
        assertEquals(4, icmp.icmpCode());
        assertEquals(0xdeadbeef, decode(abi, ip(50, 0, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1), false).spi(), "ESP: the first word");
        assertEquals(0x12345678, decode(abi, ip(51, 0, 50, 4, 0, 0, 0x12, 0x34, 0x56, 0x78), false).spi(), "AH: the second word");
        assertEquals(0x4321, decode(abi, ip(108, 0, 4, 0, 0x43, 0x21), false).spi(), "IPComp: htonl(ntohs(cpi))");
        assertEquals(0xaabbccdd, decode(abi, ip(47, 0, 0x20, 0, 0x08, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0, 0, 0, 0), false).greKey(), "GRE key");
        assertEquals(0xaabbccdd, decode(abi, ip(47, 0, 0xa0, 0, 0x08, 0, 0x12, 0x34, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd), false).greKey(),
                "GRE checksum before the key");
        assertEquals(0, decode(abi, ip(47, 0, 0, 0, 0x08, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0, 0, 0, 0), false).greKey(), "no GRE_KEY flag");
        assertEquals(0, decode(abi, ip(89, 0, 1, 2, 3, 4), false).uli(), "another protocol: fl_ipsec_spi = 0");
    }

    @ParameterizedTest
    @EnumSource(value = Abi.class, names = {"X86_64", "POWERPC64"})
    void fragmentsAndShortPacketsHaveNoUpperHeader(Abi abi) {
        Flowi mf = decode(abi, ip(6, 0x2000, 0x12, 0x34, 0x00, 0x50), false);
        assertEquals(0, mf.uli(), "IP_MF set");
        assertEquals(6, mf.proto(), "the protocol is still set");
        assertEquals(Inet.parse("10.1.2.3"), mf.daddr());
        assertEquals(0, decode(abi, ip(17, 0x0010, 0x12, 0x34, 0x00, 0x50), false).uli(), "a non-zero offset");
        assertEquals(0, decode(abi, ip(6, 0, 0x12, 0x34), false).uli(), "pskb_may_pull fails: two bytes of TCP");
        assertEquals(0, decode(abi, ip(51, 0, 50, 4, 0, 0), false).uli(), "AH needs eight bytes");
    }

    @ParameterizedTest
    @EnumSource(value = Abi.class, names = {"X86_64", "POWERPC64"})
    void optionsMarkAndAnOffsetNetworkHeader(Abi abi) {
        byte[] p = ip(17, 0, 0, 0, 0, 0, 0x12, 0x34, 0x00, 0x35);
        p[0] = 0x46; // ihl 6: four bytes of options before the UDP header
        Flowi f = decode(abi, p, false);
        assertEquals(0x1234, f.sport());
        assertEquals(53, f.dport());
        byte[] framed = new byte[14 + p.length];
        System.arraycopy(p, 0, framed, 14, p.length);
        Flowi g = s.x.decodeSession(new Packet(framed, 14, 14, 7), false);
        assertEquals(7, g.mark(), "skb->mark");
        assertEquals(53, g.dport());
        assertTrue(Arrays.equals(p, Arrays.copyOfRange(framed, 14, framed.length)));
        assertTrue(s.x.shutdown().isEmpty(), "the flowi of each call was freed");
    }
}
