package dstcow.xfrm;

import dstcow.ipv4.net.Inet;
import dstcow.xfrm.state.XfrmStates;

/** A view of one IPsec state ({@code struct xfrm_state} stand-in in native memory). Holds no reference. */
public final class XfrmState {

    private final XfrmStates states;
    private final long address;

    XfrmState(XfrmStates states, long address) {
        this.states = states;
        this.address = address;
    }

    public long address() { return address; }

    public int spi() { return states.spi(address); }

    /** {@code XFRM_MODE_TRANSPORT} or {@code XFRM_MODE_TUNNEL}. */
    public int mode() { return states.mode(address); }

    public boolean tunnel() { return mode() == XfrmStates.XFRM_MODE_TUNNEL; }

    /** {@code x->props.header_len}: ESP header and IV, plus the outer IPv4 header in tunnel mode. */
    public int headerLen() { return states.headerLen(address); }

    /** {@code x->props.trailer_len}: padding, pad length, next header and ICV. */
    public int trailerLen() { return states.trailerLen(address); }

    /** {@code xfrm_state_mtu(x, mtu)}: the payload MTU over a link of {@code mtu}. */
    public int mtu(int mtu) { return states.xfrmStateMtu(address, mtu); }

    public int refcnt() { return states.refcnt(address); }

    /** {@code x->km.state} ({@code XFRM_STATE_VALID} = 2, {@code XFRM_STATE_DEAD} = 5). */
    public int kmState() { return states.kmState(address); }

    public int saddr() { return states.saddr(address); }

    public int daddr() { return states.daddr(address); }

    @Override
    public String toString() {
        return "xfrm_state spi 0x" + Integer.toHexString(spi()) + " " + (tunnel() ? "tunnel " : "transport ") + Inet.format(saddr())
                + " -> " + Inet.format(daddr());
    }
}
