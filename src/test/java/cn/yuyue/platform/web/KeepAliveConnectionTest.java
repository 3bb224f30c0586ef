package cn.yuyue.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The HTTP server this service runs on keeps reading a kept-alive connection after a request that
 * arrived while the one before it was still finishing, and was then answered at once. Browsers and
 * proxies reuse connections like this; a server that stops reading one leaves every later request
 * on it unanswered, with no error anywhere. Reactor Netty before 1.3.8 does (reactor-netty#4361),
 * which is why the build pins its version; this test fails if that pin goes.
 */
class KeepAliveConnectionTest {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    @Test
    void should_answer_a_third_request_after_a_slow_and_an_immediate_one_sent_together() throws IOException {
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get(
                                "/slow",
                                (request, response) -> response.sendString(
                                        Mono.delay(Duration.ofMillis(50)).thenReturn("ok")))
                        .get("/now", (request, response) -> response.sendString(Mono.just("ok"))))
                .bindNow();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();

            out.write((get("/slow") + get("/now")).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readUntilAnswers(in, received, 2))
                    .as("answers to the two requests sent together")
                    .isEqualTo(2);

            out.write(get("/now").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readUntilAnswers(in, received, 3))
                    .as("answers once a third request is sent")
                    .isEqualTo(3);
        } finally {
            server.disposeNow();
        }
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    /** Reads until {@code wanted} responses have begun or the socket has been silent for its timeout. */
    private static int readUntilAnswers(InputStream in, StringBuilder received, int wanted) throws IOException {
        byte[] buffer = new byte[8192];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (answers(received) < wanted) {
            int read;
            try {
                read = in.read(buffer);
            } catch (SocketTimeoutException silence) {
                break;
            }
            if (read < 0) {
                break;
            }
            bytes.reset();
            bytes.write(buffer, 0, read);
            received.append(bytes.toString(StandardCharsets.ISO_8859_1));
        }
        return answers(received);
    }

    private static int answers(CharSequence received) {
        Matcher matcher = STATUS_LINE.matcher(received);
        int answers = 0;
        while (matcher.find()) {
            answers++;
        }
        return answers;
    }
}
