package cn.yuyue.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import cn.yuyue.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests refused before any handler runs (Netty's decoder, Spring Security's firewall) still get
 * a problem+json body with a code. Sent over a raw socket: an HTTP client would re-encode or refuse
 * to send them.
 */
class EveryRefusalIntegrationTest extends IntegrationTestSupport {

    @LocalServerPort
    int port;

    @Test
    void should_answer_a_path_the_firewall_rejects_with_problem_json() throws IOException {
        String answer = send("GET /api/v1/halls/%00%27 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("content-type: application/problem+json");
        assertThat(answer).contains("\"code\":\"REQUEST_REJECTED\"");
    }

    @Test
    void should_answer_a_request_netty_cannot_decode_with_problem_json() throws IOException {
        String answer = send("GET /api/v1/halls HTTP/1.1\r\nHost: localhost\r\nBad Header Without Colon\r\n"
                + "Content-Length: nonsense\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("content-type: application/problem+json");
        assertThat(answer).contains("\"code\":\"BAD_REQUEST\"");
    }

    @Test
    void should_answer_headers_too_large_for_netty_with_problem_json() throws IOException {
        String answer = send("GET /api/v1/halls HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 4");
        assertThat(answer).containsIgnoringCase("content-type: application/problem+json");
        assertThat(answer).contains("\"code\":\"");
    }

    private String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, read);
                if (complete(answer.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Headers read and as many body bytes as Content-Length says (the server may keep the connection). */
    private static boolean complete(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String headers = answer.substring(0, end).toLowerCase();
        int at = headers.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int lineEnd = headers.indexOf("\r\n", at);
        int length = Integer.parseInt(headers.substring(at + 15, lineEnd < 0 ? headers.length() : lineEnd)
                .strip());
        return answer.getBytes(StandardCharsets.UTF_8).length - end - 4 >= length;
    }
}
