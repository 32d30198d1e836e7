package dstcow.dst;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RTAX_* ids of include/linux/rtnetlink.h at 62fa8a84, as the kernel enumerates them. */
class RtaxTest {

    @ParameterizedTest
    @CsvSource({"1, lock, RTAX_LOCK", "2, mtu, RTAX_MTU", "3, window, RTAX_WINDOW", "4, rtt, RTAX_RTT", "5, rttvar, RTAX_RTTVAR",
        "6, ssthresh, RTAX_SSTHRESH", "7, cwnd, RTAX_CWND", "8, advmss, RTAX_ADVMSS", "9, reordering, RTAX_REORDERING",
        "10, hoplimit, RTAX_HOPLIMIT", "11, initcwnd, RTAX_INITCWND", "12, features, RTAX_FEATURES", "13, rto_min, RTAX_RTO_MIN",
        "14, initrwnd, RTAX_INITRWND"})
    void idsNamesAndSlots(int id, String name, String constant) {
        assertEquals(name, Rtax.name(id));
        assertEquals(constant, Rtax.constant(id));
        assertEquals(id - 1, Rtax.slot(id));
        assertEquals(id, Rtax.parse(name));
        assertEquals(id, Rtax.parse(constant));
        assertEquals(id, Rtax.parse(Integer.toString(id)));
    }

    @Test
    void theConstantsAreTheEnumValues() {
        assertEquals(14, Rtax.RTAX_MAX);
        assertEquals(15, Rtax.__RTAX_MAX);
        assertEquals(56, Rtax.METRICS_BYTES);
        assertEquals(2, Rtax.RTAX_MTU);
        assertEquals(8, Rtax.RTAX_ADVMSS);
        assertEquals(10, Rtax.RTAX_HOPLIMIT);
        assertEquals(8, Rtax.RTAX_FEATURE_ALLFRAG);
    }

    @Test
    void unknownMetricsNameTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rtax.parse("quickack"));
        assertTrue(e.getMessage().startsWith("unknown metric 'quickack'; valid ids are 1..RTAX_MAX (14): 1 lock, 2 mtu,"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rtax.parse("15"));
        assertThrows(IllegalArgumentException.class, () -> Rtax.name(0));
    }
}
