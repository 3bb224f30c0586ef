package cn.yuyue.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import cn.yuyue.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every layer that refuses a request writes title and detail in Simplified Chinese unless the
 * request asks for English; the code is the same in both.
 */
class ProblemLanguageIntegrationTest extends IntegrationTestSupport {

    @LocalServerPort
    int port;

    /** No default Accept-Language, unlike the shared test client. */
    private WebTestClient plain() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void should_answer_in_chinese_without_accept_language() {
        plain().get()
                .uri("/api/v1/halls/99999999")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_LANGUAGE, "zh-CN")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("HALL_NOT_FOUND")
                .jsonPath("$.title")
                .isEqualTo("办税服务厅不存在")
                .jsonPath("$.detail")
                .isEqualTo("找不到这个办税服务厅，请重新选择。");
    }

    @Test
    void should_answer_in_english_when_asked() {
        plain().get()
                .uri("/api/v1/halls/99999999")
                .header(HttpHeaders.ACCEPT_LANGUAGE, "en-US,en;q=0.9")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_LANGUAGE, "en")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("HALL_NOT_FOUND")
                .jsonPath("$.title")
                .isEqualTo("Hall not found")
                .jsonPath("$.detail")
                .isEqualTo("There is no tax service hall with code 99999999");
    }

    @Test
    void should_prefer_the_language_weighted_first() {
        plain().get()
                .uri("/api/v1/halls/99999999")
                .header(HttpHeaders.ACCEPT_LANGUAGE, "fr, en;q=0.5, zh;q=0.8")
                .exchange()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("办税服务厅不存在");
        plain().get()
                .uri("/api/v1/halls/99999999")
                .header(HttpHeaders.ACCEPT_LANGUAGE, "not a ;;; header")
                .exchange()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("办税服务厅不存在");
    }

    @Test
    void should_name_the_bad_fields_in_chinese() {
        Map<String, Object> body = Map.of(
                "hallCode",
                "34010001",
                "date",
                "2026-12-07",
                "start",
                "09:00",
                "taxpayerId",
                "91340100MA2N0000X0",
                "taxpayerName",
                "张三",
                "businessTypes",
                java.util.List.of("NOPE"));
        plain().post()
                .uri("/api/v1/bookings")
                .header("Idempotency-Key", "language-test-1")
                .header(HttpHeaders.AUTHORIZATION, "Bearer nonsense")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).isIn(400, 401))
                .expectBody()
                .jsonPath("$.title")
                .value(title -> assertThat((String) title).matches(".*\\p{IsHan}.*"))
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).matches(".*\\p{IsHan}.*"));
        plain().get()
                .uri("/api/v1/halls?city=12")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.title")
                .isEqualTo("请求内容有误")
                .jsonPath("$.detail")
                .isEqualTo("请检查这些内容：城市。")
                .jsonPath("$.errors[0].field")
                .isEqualTo("city");
        web.get()
                .uri("/api/v1/halls?city=12")
                .exchange()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Request is invalid")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).startsWith("city: "));
    }

    @Test
    void should_translate_refusals_of_the_security_layer_and_unknown_paths() {
        plain().get()
                .uri("/api/v1/admin/bookings")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("UNAUTHENTICATED")
                .jsonPath("$.title")
                .isEqualTo("请先登录");
        web.get()
                .uri("/api/v1/admin/bookings")
                .exchange()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Staff sign-in required");
        plain().get()
                .uri("/api/v1/no-such-thing")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND")
                .jsonPath("$.title")
                .isEqualTo("页面或资源不存在");
    }

    @Test
    void should_translate_what_the_firewall_and_netty_refuse() throws IOException {
        String rejected = send("GET /api/v1/halls/%00%27 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(rejected).contains("\"code\":\"REQUEST_REJECTED\"").contains("请求被拒绝");
        String rejectedEnglish = send("GET /api/v1/halls/%00%27 HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(rejectedEnglish).contains("\"code\":\"REQUEST_REJECTED\"").contains("Request rejected");

        String undecodable = send("GET /api/v1/halls HTTP/1.1\r\nHost: localhost\r\nBad Header Without Colon\r\n"
                + "Content-Length: nonsense\r\n\r\n");
        assertThat(undecodable).contains("\"code\":\"BAD_REQUEST\"").contains("无法读取请求");
        String undecodableEnglish = send("GET /api/v1/halls HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\n"
                + "Bad Header Without Colon\r\nContent-Length: nonsense\r\n\r\n");
        assertThat(undecodableEnglish).contains("\"code\":\"BAD_REQUEST\"").contains("could not be read as HTTP");
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
                String text = answer.toString(StandardCharsets.UTF_8);
                if (text.contains("\r\n\r\n") && text.trim().endsWith("}")) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
