import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls a hall's checked-in bookings as a queue system does: every page after the cursor, each
 * request signed with the hall's Ed25519 key, until nothing is new. JDK 17 or newer, no libraries:
 *
 *   java docs/examples/PullCheckIns.java http://localhost:8080 34010101 34010101-3f9a0c1d2e4b hall.pem [cursor]
 *
 * Prints each check-in's JSON on a line, then "cursor N": keep N and pass it next time.
 */
public class PullCheckIns {

    private static final Pattern CURSOR = Pattern.compile("\"cursor\"\\s*:\\s*\"([0-9]+)\"");
    private static final Pattern ENTRY = Pattern.compile("\\{\"appointmentNo\"[^}]*}");

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: PullCheckIns BASE_URL HALL_CODE KEY_ID PRIVATE_KEY_PEM [CURSOR]");
            System.exit(2);
        }
        String base = args[0];
        String hall = args[1];
        String keyId = args[2];
        PrivateKey key = privateKey(Files.readString(Path.of(args[3])));
        String cursor = args.length > 4 ? args[4] : null;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        while (true) {
            // The signed path line is the path with its query string, exactly as sent.
            String target = "/api/v1/queue-systems/halls/" + hall + "/check-ins" + (cursor == null ? "" : "?after=" + cursor);
            long timestamp = System.currentTimeMillis() / 1000;
            String toSign = "GET\n" + target + "\n" + timestamp + "\n" + sha256Hex(new byte[0]);
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(toSign.getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + target))
                    .timeout(Duration.ofSeconds(10))
                    .header("X-Queue-Key-Id", keyId)
                    .header("X-Queue-Timestamp", Long.toString(timestamp))
                    .header("X-Queue-Signature", Base64.getEncoder().encodeToString(signer.sign()))
                    .GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                System.err.println(response.statusCode() + " " + response.body());
                System.exit(1);
            }
            Matcher entries = ENTRY.matcher(response.body());
            int count = 0;
            while (entries.find()) {
                System.out.println(entries.group());
                count++;
            }
            Matcher next = CURSOR.matcher(response.body());
            if (!next.find()) {
                throw new IllegalStateException("No cursor in " + response.body());
            }
            cursor = next.group(1);
            if (count == 0) {
                System.out.println("cursor " + cursor);
                return;
            }
        }
    }

    private static PrivateKey privateKey(String pem) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
