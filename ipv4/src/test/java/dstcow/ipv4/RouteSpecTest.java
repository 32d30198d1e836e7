package dstcow.ipv4;

import dstcow.dst.Rtax;
import dstcow.ipv4.net.Inet;
import dstcow.ipv4.net.Nla;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Route specs in {@code ip route} syntax, and the netlink attribute codec they travel in. */
class RouteSpecTest {

    @Test
    void parsesIpRouteSyntax() {
        RouteSpec r = RouteSpec.parse("10.1.0.0/16 via 10.0.0.254 dev eth0 mtu lock 1400 advmss 1360 rtt 800");
        assertEquals(Inet.parse("10.1.0.0"), r.dst());
        assertEquals(16, r.dstLen());
        assertEquals(Inet.parse("10.0.0.254"), r.gateway());
        assertEquals("eth0", r.dev());
        assertEquals(1400, r.metrics().get(Rtax.RTAX_MTU));
        assertEquals(1 << Rtax.RTAX_MTU, r.metrics().get(Rtax.RTAX_LOCK));
        assertEquals(1360, r.metrics().get(Rtax.RTAX_ADVMSS));
        assertEquals("10.1.0.0/16 via 10.0.0.254 dev eth0 mtu lock 1400 advmss 1360 rtt 800", r.toString());
        assertEquals(Inet.RTN_UNREACHABLE, RouteSpec.parse("unreachable 10.9.0.0/16").type());
    }

    @Test
    void badInputNamesTheWord() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RouteSpec.parse("10.1.0.0/16 foo 3"));
        assertTrue(e.getMessage().contains("unknown word 'foo'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RouteSpec.parse("10.1.0.1/16"));
        assertTrue(e.getMessage().contains("host bits set; did you mean 10.1.0.0/16?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RouteSpec.parse("10.1.0.0/16 mtu x"));
        assertTrue(e.getMessage().contains("'x' is not a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RouteSpec.parse("10.1.0.0/16 mtu"));
        assertTrue(e.getMessage().contains("'mtu' needs a value"), e.getMessage());
    }

    @Test
    void nlaWalkStopsAtAMalformedAttribute() {
        Nla n = new Nla(ByteOrder.LITTLE_ENDIAN, 64);
        n.nlaPutU32(2, 1400);
        n.nlaPutU32(8, 1360);
        byte[] b = n.bytes();
        assertEquals("0800020078050000" + "0800080050050000", HexFormat.of().formatHex(b));
        assertEquals(List.of(new Nla.Attr(2, 4, 4), new Nla.Attr(8, 12, 4)), Nla.nlaForEachAttr(b, ByteOrder.LITTLE_ENDIAN));
        byte[] cut = java.util.Arrays.copyOf(b, 14);
        assertEquals(1, Nla.nlaForEachAttr(cut, ByteOrder.LITTLE_ENDIAN).size(), "nla_ok fails on the truncated second");
    }

    @Test
    void nlaPutFailsWhenTheMessageIsFull() {
        Nla n = new Nla(ByteOrder.BIG_ENDIAN, 12);
        int mx = n.nlaNestStart(8);
        assertEquals(0, n.nlaPutU32(2, 1));
        assertEquals(-Inet.EMSGSIZE, n.nlaPutU32(3, 1));
        n.nlaNestCancel(mx);
        assertEquals(0, n.len());
    }
}
