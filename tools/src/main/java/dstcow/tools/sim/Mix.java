package dstcow.tools.sim;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The workload mix, as relative weights: {@code read=90,pmtu=2,tcp=5,ipsec=1,expire=2}.
 * Omitted kinds weigh 0; at least one weight must be positive.
 */
public record Mix(int read, int pmtu, int tcp, int ipsec, int expire) {

    public static final String KINDS = "read, pmtu, tcp, ipsec, expire";

    public enum Op { READ, PMTU, TCP, IPSEC, EXPIRE }

    public Mix {
        for (int w : new int[] {read, pmtu, tcp, ipsec, expire}) {
            if (w < 0) {
                throw new IllegalArgumentException("--mix weights must be 0 or more; got " + w);
            }
        }
        if (read + pmtu + tcp + ipsec + expire == 0) {
            throw new IllegalArgumentException("--mix needs at least one positive weight among " + KINDS);
        }
    }

    /** A routing workload: lookups and reads, the odd PMTU event and expiry. */
    public static Mix routingDefault() {
        return new Mix(90, 2, 5, 1, 2);
    }

    public static Mix parse(String text) {
        Map<String, Integer> w = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--mix '" + text + "': '" + p + "' is not KIND=WEIGHT; kinds: " + KINDS);
            }
            String k = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!KINDS.contains(k) || k.contains(",") || k.isEmpty()) {
                throw new IllegalArgumentException("--mix '" + text + "': unknown kind '" + k + "'; kinds: " + KINDS);
            }
            try {
                w.put(k, Integer.parseInt(p.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--mix '" + text + "': weight '" + p.substring(eq + 1) + "' of " + k
                        + " is not a whole number");
            }
        }
        return new Mix(w.getOrDefault("read", 0), w.getOrDefault("pmtu", 0), w.getOrDefault("tcp", 0),
                w.getOrDefault("ipsec", 0), w.getOrDefault("expire", 0));
    }

    public Op pick(SplittableRandom r) {
        int x = r.nextInt(read + pmtu + tcp + ipsec + expire);
        if ((x -= read) < 0) {
            return Op.READ;
        }
        if ((x -= pmtu) < 0) {
            return Op.PMTU;
        }
        if ((x -= tcp) < 0) {
            return Op.TCP;
        }
        if ((x -= ipsec) < 0) {
            return Op.IPSEC;
        }
        return Op.EXPIRE;
    }

    @Override
    public String toString() {
        return "read=" + read + ",pmtu=" + pmtu + ",tcp=" + tcp + ",ipsec=" + ipsec + ",expire=" + expire;
    }
}
