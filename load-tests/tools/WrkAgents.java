import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepares a wrk run against the local run mode with the JDK alone:
 * {@code java load-tests/tools/WrkAgents.java BASE_URL AGENTS RUN SKIP_HALLS HALLS OUT_DIR}.
 * Verifies {@code AGENTS} phones (none when 0) through the real SMS flow (the local mode's outbox) and writes
 * {@code agents.txt} (token and client address per line) and {@code targets.txt} (hall, date and
 * start of every slot with places left on the first day {@code HALLS} halls from {@code SKIP_HALLS}
 * on are open; the first line is the slot with the most places, the hot slot). wrk cannot run
 * set-up calls of its own, so these files are what its Lua script reads.
 */
public class WrkAgents {

    private static final Pattern CODE = Pattern.compile("验证码为(\\d{6})");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern HALL_CODE = Pattern.compile("\"code\"\\s*:\\s*\"(\\d{8,})\"");
    private static final Pattern SLOT = Pattern.compile(
            "\\{[^{}]*\"start\"\\s*:\\s*\"([0-9:]+)\"[^{}]*\\}");
    private static final Pattern REMAINING = Pattern.compile("\"remaining\"\\s*:\\s*(\\d+)");
    private static final Pattern BOOKABLE = Pattern.compile("\"bookable\"\\s*:\\s*true");

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int agents = Integer.parseInt(args[1]);
        int run = Integer.parseInt(args[2]);
        int skipHalls = Integer.parseInt(args[3]);
        int hallCount = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        Files.createDirectories(out);

        // A phone gets one code a minute: a run verifies its agents once and copies agents.txt.
        if (agents > 0) {
            List<String> agentLines = new ArrayList<>();
            for (int agent = 0; agent < agents; agent++) {
                String phone = "139" + String.format("%03d%05d", run % 1000, agent);
                String address = "10." + ((agent >> 16) & 255) + "." + ((agent >> 8) & 255) + "." + (agent & 255);
                agentLines.add(verify(base, phone, address) + " " + address);
            }
            Files.write(out.resolve("agents.txt"), agentLines);
        }

        Files.write(out.resolve("targets.txt"), targets(base, skipHalls, hallCount));
        System.out.printf("%d agents and their targets in %s%n", agents, out);
    }

    private static String verify(String base, String phone, String address) throws Exception {
        send(post(base + "/api/v1/verification-codes", "{\"phone\":\"" + phone + "\"}", address), 202);
        for (int attempt = 0; attempt < 50; attempt++) {
            String messages = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/dev/sms?phone=" + phone))
                    .header("X-Forwarded-For", address), 200);
            Matcher code = CODE.matcher(messages);
            if (code.find()) {
                String answer = send(post(base + "/api/v1/verification-codes/verify",
                        "{\"phone\":\"" + phone + "\",\"code\":\"" + code.group(1) + "\"}", address), 200);
                Matcher token = TOKEN.matcher(answer);
                if (!token.find()) {
                    throw new IllegalStateException("No token in " + answer);
                }
                return token.group(1);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("No verification code arrived for " + phone + " (is the dev SMS outbox on?)");
    }

    /** The first day from tomorrow on with HALLS open halls with places left, the hot slot first. */
    private static List<String> targets(String base, int skipHalls, int hallCount) throws Exception {
        List<String> halls = new ArrayList<>();
        Matcher codes = HALL_CODE.matcher(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/halls")), 200));
        while (codes.find()) {
            halls.add(codes.group(1));
        }
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        for (int ahead = 1; ahead <= 7; ahead++) {
            LocalDate date = today.plusDays(ahead);
            List<String> lines = new ArrayList<>();
            String hot = null;
            int hotRemaining = 0;
            int open = 0;
            for (String hall : halls.subList(skipHalls, halls.size())) {
                String day = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/halls/" + hall + "/slots?date=" + date)), 200);
                int before = lines.size();
                Matcher slot = SLOT.matcher(day);
                while (slot.find()) {
                    Matcher remaining = REMAINING.matcher(slot.group());
                    if (BOOKABLE.matcher(slot.group()).find() && remaining.find() && Integer.parseInt(remaining.group(1)) > 0) {
                        String line = hall + " " + date + " " + slot.group(1);
                        lines.add(line);
                        if (Integer.parseInt(remaining.group(1)) > hotRemaining) {
                            hot = line;
                            hotRemaining = Integer.parseInt(remaining.group(1));
                        }
                    }
                }
                if (lines.size() > before && ++open == hallCount) {
                    lines.remove(hot);
                    lines.add(0, hot);
                    return lines;
                }
            }
        }
        throw new IllegalStateException("No day in the booking window with " + hallCount + " open halls with places left");
    }

    private static HttpRequest.Builder post(String url, String body, String address) {
        return HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("X-Forwarded-For", address);
    }

    private static String send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
