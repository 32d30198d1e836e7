package dstcow.xfrm.state;

/**
 * The ESP algorithm sizes {@code esp_init_state} and {@code esp4_get_mtu} use, as the crypto
 * layer would report them ({@code crypto_aead_blocksize}, {@code crypto_aead_ivsize},
 * {@code crypto_aead_authsize}), and the mode of the state.
 *
 * @param name       a label ({@code "cbc(aes)+hmac(sha1)"})
 * @param blocksize  cipher block size in bytes
 * @param ivsize     IV bytes carried in each packet
 * @param authsize   ICV bytes (the truncated authenticator)
 * @param mode       {@link XfrmStates#XFRM_MODE_TRANSPORT} or {@link XfrmStates#XFRM_MODE_TUNNEL}
 */
public record EspParams(String name, int blocksize, int ivsize, int authsize, int mode) {

    public EspParams {
        if (blocksize < 1 || ivsize < 0 || authsize < 0) {
            throw new IllegalArgumentException("ESP " + name + ": blocksize " + blocksize + " must be at least 1, ivsize "
                    + ivsize + " and authsize " + authsize + " at least 0");
        }
        if (mode != XfrmStates.XFRM_MODE_TRANSPORT && mode != XfrmStates.XFRM_MODE_TUNNEL) {
            throw new IllegalArgumentException("ESP mode " + mode + " is not transport (0) or tunnel (1); BEET is not modelled");
        }
    }

    /** {@code authenc(hmac(sha1),cbc(aes))}: 16-byte blocks and IV, 12-byte (96-bit) ICV. */
    public static EspParams aesCbcSha1(int mode) {
        return new EspParams("cbc(aes)+hmac(sha1)", 16, 16, 12, mode);
    }

    /** {@code authenc(hmac(md5),cbc(des3_ede))}: 8-byte blocks and IV, 12-byte ICV. */
    public static EspParams des3Md5(int mode) {
        return new EspParams("cbc(des3_ede)+hmac(md5)", 8, 8, 12, mode);
    }

    /** {@code rfc4106(gcm(aes))}: a stream mode (block size 1), 8-byte IV, 16-byte ICV. */
    public static EspParams aesGcm16(int mode) {
        return new EspParams("rfc4106(gcm(aes))", 1, 8, 16, mode);
    }

    public boolean tunnel() {
        return mode == XfrmStates.XFRM_MODE_TUNNEL;
    }

    public EspParams withMode(int m) {
        return new EspParams(name, blocksize, ivsize, authsize, m);
    }
}
