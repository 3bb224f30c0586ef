package cn.yuyue.admin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.server.ServerWebExchange;
import reactor.test.StepVerifier;

class AdminPathFirewallTest {

    private final AdminPathFirewall firewall = new AdminPathFirewall();

    @Test
    void aTaxpayerRequestPassesAsItCame() {
        ServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/api/v1/bookings").header("Authorization", "Bearer abc"));

        StepVerifier.create(firewall.getFirewalledExchange(exchange))
                .assertNext(passed -> assertThat(passed).isSameAs(exchange))
                .verifyComplete();
    }

    @Test
    void aStaffRequestKeepsTheHeaderChecks() {
        ServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/v1/admin/bookings").header("X-Odd", "line\u0007bell"));

        ServerWebExchange passed = firewall.getFirewalledExchange(exchange).block();

        assertThat(passed).isNotSameAs(exchange);
        assertThatThrownBy(() -> passed.getRequest().getHeaders().getFirst("X-Odd"))
                .isInstanceOf(ServerExchangeRejectedException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/bookings/a%2F..%2Fb",
                "/api/v1/halls;x=1",
                "/api/v1/x/%2e%2e/admin/audit",
                "/api/v1/bookings/./x",
                "/api/v1/halls\\x"
            })
    void anOddlySpelledUrlIsRefusedOnEveryPath(String path) {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));

        StepVerifier.create(firewall.getFirewalledExchange(exchange))
                .expectError(ServerExchangeRejectedException.class)
                .verify();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/admin/audit",
                "/api/v1/ADMIN/audit",
                "/api/v1/%61dmin/audit",
                "/api/v1/x/../admin",
                "/api/v1/halls/%31",
                "/api/v1/halls;a",
                "/api/v1//bookings",
                "api/v1/halls"
            })
    void anythingThatCouldNameAnAdminPathIsNotPlain(String path) {
        assertThat(AdminPathFirewall.isPlainPublicPath(path)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/bookings",
                "/api/v1/halls/34010001/slots",
                "/api/v1/business-types",
                "/actuator/health/readiness",
                "/swagger-ui.html",
                "/api/v1/bookings/B_1-x~y"
            })
    void publicPathsArePlain(String path) {
        assertThat(AdminPathFirewall.isPlainPublicPath(path)).isTrue();
    }
}
