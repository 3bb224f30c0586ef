package cn.yuyue.booking;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallDayPlan;
import cn.yuyue.platform.ProvinceTime;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What booking tests need: verified phones, valid taxpayer ids, open days and request bodies. */
public final class BookingFixtures {

    private static final Pattern CODE = Pattern.compile("(\\d{6})");
    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);

    private BookingFixtures() {}

    /** A phone number no other test uses in this JVM. */
    public static String freshPhone() {
        return "139" + String.format("%08d", SEQUENCE.incrementAndGet() % 100_000_000);
    }

    /** A valid resident identity number no other test uses in this JVM. */
    public static String freshTaxpayerId() {
        String first17 = "340104" + "19900101" + String.format("%03d", SEQUENCE.incrementAndGet() % 1000);
        return first17 + residentCheck(first17);
    }

    /** A valid unified social credit code with a running number inside. */
    public static String creditCode(long number) {
        String first17 = "913401" + "00" + String.format("%09d", number);
        return first17 + creditCheck(first17);
    }

    /**
     * The id with a last character that is a valid check character under neither rule a taxpayer
     * id may follow: a resident number whose check is wrong can still be a valid credit code.
     */
    public static String withWrongCheckCharacter(String id) {
        String first17 = id.substring(0, 17);
        return "0123456789X"
                .chars()
                .mapToObj(candidate -> first17 + (char) candidate)
                .filter(wrong -> !wrong.equals(id)
                        && wrong.charAt(17) != creditCheck(first17)
                        && (!first17.chars().allMatch(Character::isDigit)
                                || wrong.charAt(17) != residentCheck(first17)))
                .findFirst()
                .orElseThrow();
    }

    private static char creditCheck(String first17) {
        String chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += chars.indexOf(first17.charAt(i)) * weights[i];
        }
        return chars.charAt((31 - sum % 31) % 31);
    }

    private static char residentCheck(String first17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    /** Proves a phone through the real SMS flow (the dev outbox) and returns its Bearer token. */
    public static String verifiedToken(WebTestClient web, String phone) {
        web.post()
                .uri("/api/v1/verification-codes")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", phone))
                .exchange()
                .expectStatus()
                .isAccepted();
        List<Map<String, Object>> messages = web.get()
                .uri("/api/v1/dev/sms?phone={phone}", phone)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        // Newest first, and not always the code: a confirmation of the phone's earlier booking is
        // sent after its event is read, so it can land after the code asked for just now.
        Matcher code = messages.stream()
                .map(message -> CODE.matcher(String.valueOf(message.get("text"))))
                .filter(Matcher::find)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No code among the phone's SMS: " + messages));
        Map<?, ?> token = web.post()
                .uri("/api/v1/verification-codes/verify")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", phone, "code", code.group(1)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return String.valueOf(token.get("token"));
    }

    /** The first day from tomorrow on, inside the booking window, on which the hall is open. */
    public static LocalDate nextOpenDay(HallCatalogue catalogue, String hallCode) {
        LocalDate today = LocalDate.now(ProvinceTime.ZONE);
        for (int ahead = 1; ahead < 7; ahead++) {
            HallDayPlan plan = catalogue.plan(hallCode, today.plusDays(ahead));
            if (plan.open() && !plan.slots().isEmpty()) {
                return today.plusDays(ahead);
            }
        }
        throw new IllegalStateException("Hall " + hallCode + " has no open day in the coming week");
    }

    public static Map<String, Object> request(String hallCode, LocalDate date, String start, String taxpayerId) {
        return Map.of(
                "hallCode",
                hallCode,
                "date",
                date.toString(),
                "start",
                start,
                "taxpayerId",
                taxpayerId,
                "taxpayerName",
                "张三",
                "businessTypes",
                List.of("TAX_FILING"));
    }

    /** A random UUID without SecureRandom, which may read /dev/urandom on a client event loop. */
    public static String newKey() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
