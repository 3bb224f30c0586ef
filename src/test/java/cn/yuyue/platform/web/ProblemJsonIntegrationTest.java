package cn.yuyue.platform.web;

import cn.yuyue.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ProblemJsonIntegrationTest extends IntegrationTestSupport {

    @Test
    void should_answer_unknown_paths_with_problem_json_and_a_code() {
        web.get()
                .uri("/api/v1/no-such-thing")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND")
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.trace")
                .doesNotExist();
    }

    @Test
    void should_report_ready_with_redis_and_kafka_and_show_every_dependency() {
        web.get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.redis.status")
                .isEqualTo("UP")
                .jsonPath("$.components.kafka.status")
                .isEqualTo("UP")
                .jsonPath("$.components.r2dbc")
                .doesNotExist();
        web.get()
                .uri("/actuator/health/dependencies")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.components.r2dbc.status")
                .isEqualTo("UP")
                .jsonPath("$.components.redis.status")
                .isEqualTo("UP")
                .jsonPath("$.components.kafka.status")
                .isEqualTo("UP");
    }

    @Test
    void should_expose_prometheus_metrics_and_the_openapi_description() {
        web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        web.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.openapi")
                .exists()
                .jsonPath("$.components.schemas.Problem.required[?(@ == 'code')]")
                .isEqualTo(java.util.List.of("code"))
                .jsonPath("$.paths['/api/v1/bookings'].post.responses['4XX'].content['application/problem+json']")
                .exists()
                .jsonPath("$.paths['/api/v1/bookings'].post.responses['503'].headers['Retry-After']")
                .exists()
                .jsonPath("$.paths['/api/v1/halls'].get.responses['4XX']")
                .exists()
                .jsonPath("$.paths['/api/v1/bookings'].post.parameters[?(@.name == 'Idempotency-Key')].required")
                .isEqualTo(java.util.List.of(true));
    }
}
