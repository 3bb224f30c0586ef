package yuyue;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Phones, taxpayer ids, client addresses and Idempotency-Keys for virtual agents. */
final class Ids {

    private static final String CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] CREDIT_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int[] RESIDENT_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final AtomicLong TAXPAYERS = new AtomicLong();

    private Ids() {
    }

    /** 139 + three digits of the run + five of the agent: distinct per agent and per run. */
    static String phone(int run, int agent) {
        return "139" + String.format("%03d%05d", run % 1000, agent % 100_000);
    }

    /** A valid unified social credit code (GB 32100-2015) no other request of this run uses. */
    static String freshCreditCode(int run) {
        long number = (run % 1000) * 1_000_000L + TAXPAYERS.incrementAndGet() % 1_000_000L;
        String first17 = "913401" + "00" + String.format("%09d", number);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += CREDIT_CHARS.indexOf(first17.charAt(i)) * CREDIT_WEIGHTS[i];
        }
        return first17 + CREDIT_CHARS.charAt((31 - sum % 31) % 31);
    }

    /** A valid 18-digit resident identity number (GB 11643) for a running number. */
    static String residentId(long number) {
        String first17 = "340104" + "19" + String.format("%02d", 50 + number / 1_000_000 % 40) + "0101"
                + String.format("%03d", number % 1000);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * RESIDENT_WEIGHTS[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    /** A private address per agent, sent as X-Forwarded-For: each agent is its own client. */
    static String clientAddress(int agent) {
        return "10." + ((agent >> 16) & 255) + "." + ((agent >> 8) & 255) + "." + (agent & 255);
    }

    static String key() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
