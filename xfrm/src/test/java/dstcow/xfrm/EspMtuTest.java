package dstcow.xfrm;

import dstcow.dst.mem.MemoryMode;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import dstcow.xfrm.state.EspParams;
import dstcow.xfrm.state.XfrmStates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code esp_init_state} and {@code esp4_get_mtu} through {@code xfrm_state_mtu} (which calls
 * {@code x->type->get_mtu}). Expected values worked by hand from esp4.c:
 * {@code header_len = 8 + ivsize (+ 20 in tunnel mode)}, {@code trailer_len = ALIGN(blocksize, 4)
 * + 1 + authsize}, and for the MTU: subtract header and ICV, round down to the block, in transport
 * mode take the worst-case padding ({@code blksize - 4}, minus what the remainder gives back),
 * then 2 for pad length and next header.
 */
class EspMtuTest {

    @ParameterizedTest(name = "{0} {1} over {2}")
    @CsvSource({
        // algorithm, mode, link MTU, header_len, trailer_len, payload MTU
        "aes,   0, 1500, 24, 29, 1450",
        "aes,   0, 1400, 24, 29, 1350",
        "aes,   0, 1300, 24, 29, 1250",
        "aes,   1, 1500, 44, 29, 1438",
        "aes,   1, 1400, 44, 29, 1342",
        "aes,   1, 1350, 44, 29, 1278",
        "des3,  0, 1400, 16, 21, 1366",
        "des3,  1, 1400, 36, 21, 1350",
        "gcm,   0, 1400, 16, 21, 1366",
        "gcm,   1, 1400, 36, 21, 1346",
    })
    void espMtu(String alg, int mode, int linkMtu, int headerLen, int trailerLen, int payloadMtu) {
        for (KernelVersion v : KernelVersion.values()) {
            try (Ipsec s = new Ipsec(v, Abi.X86_64, MemoryMode.CHECKED)) {
                EspParams p = switch (alg) {
                    case "aes" -> EspParams.aesCbcSha1(mode);
                    case "des3" -> EspParams.des3Md5(mode);
                    default -> EspParams.aesGcm16(mode);
                };
                XfrmState x = s.x.addState(p, "10.0.0.1", "10.1.2.3", 0x300);
                assertEquals(headerLen, x.headerLen());
                assertEquals(trailerLen, x.trailerLen());
                assertEquals(payloadMtu, x.mtu(linkMtu));
                assertTrue(s.x.shutdown().isEmpty(), "esp_destroy freed the esp_data and the transform");
            }
        }
    }

    @Test
    void aStateThatIsNotValidAnswersMtuLessHeader() {
        try (Ipsec s = new Ipsec(KernelVersion.PATCHED, Abi.I386, MemoryMode.CHECKED)) {
            s.x.states().setKmState(s.tunnel.address(), XfrmStates.XFRM_STATE_EXPIRED, "test");
            assertEquals(1400 - 44, s.tunnel.mtu(1400), "xfrm_state_mtu: mtu - x->props.header_len");
            s.x.states().setKmState(s.tunnel.address(), XfrmStates.XFRM_STATE_VALID, "test");
            assertTrue(s.x.shutdown().isEmpty());
        }
    }
}
