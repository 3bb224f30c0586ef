package cn.yuyue.admin.security;

import cn.yuyue.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Security for {@code /api/v1/admin/**} and nothing else: taxpayer calls keep their phone
 * tokens, queue systems their keys, actuator and the API description stay as they are (no other
 * chain exists, so Spring Security leaves those requests alone).
 *
 * <p>Staff send {@code Authorization: Bearer {token}} from {@code POST /api/v1/admin/sessions}. A 401
 * or 403 is raised as an {@link ApiProblem}, so the one problem+json handler writes it with its
 * {@code code} ({@code UNAUTHENTICATED}, {@code FORBIDDEN}, {@code PASSWORD_CHANGE_REQUIRED}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@SecurityScheme(
        name = "staff",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "Staff token from POST /api/v1/admin/sessions")
@EnableConfigurationProperties(StaffProperties.class)
class AdminSecurityConfiguration {

    static final String ADMIN_PATHS = "/api/v1/admin/**";
    private static final String BEARER = "Bearer ";

    @Bean
    SecurityWebFilterChain adminSecurity(ServerHttpSecurity http, ReactiveAuthenticationManager staffAuthentication) {
        ServerAuthenticationEntryPoint entryPoint = (exchange, failure) -> Mono.error(StaffProblems.unauthenticated(
                "Sign in at POST /api/v1/admin/sessions and send 'Authorization: Bearer {token}'"));
        ServerAccessDeniedHandler denied = (exchange, failure) -> exchange.getPrincipal()
                .flatMap(principal -> Mono.<Void>error(
                        passwordChangeOnly(principal)
                                ? StaffProblems.passwordChangeRequired()
                                : StaffProblems.forbidden("This account may not do this")))
                .switchIfEmpty(Mono.error(StaffProblems.forbidden("This account may not do this")));

        AuthenticationWebFilter bearer = new AuthenticationWebFilter(staffAuthentication);
        bearer.setServerAuthenticationConverter(AdminSecurityConfiguration::bearerToken);
        bearer.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler((exchange, failure) ->
                Mono.error(StaffProblems.unauthenticated("The staff token is invalid or expired; sign in again"))));
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

        return http.securityMatcher(new PathPatternParserServerWebExchangeMatcher(ADMIN_PATHS))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.POST, "/api/v1/admin/sessions")
                        .permitAll()
                        .pathMatchers(HttpMethod.PUT, "/api/v1/admin/password")
                        .authenticated()
                        .pathMatchers(HttpMethod.DELETE, "/api/v1/admin/sessions/current")
                        .authenticated()
                        .pathMatchers("/api/v1/admin/audit", "/api/v1/admin/accounts/**")
                        .hasRole(StaffRole.PROVINCE_OPERATOR.name())
                        .anyExchange()
                        .hasAuthority(StaffAuthentication.ACTIVE))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
                .build();
    }

    /** Picked up by {@code @EnableWebFluxSecurity} for its filter chain proxy (a unique bean of the type). */
    @Bean
    ServerWebExchangeFirewall adminPathFirewall() {
        return new AdminPathFirewall();
    }

    private static boolean passwordChangeOnly(java.security.Principal principal) {
        return principal instanceof Authentication authentication
                && authentication.getAuthorities().stream()
                        .anyMatch(authority -> StaffAuthentication.PASSWORD_CHANGE.equals(authority.getAuthority()));
    }

    /** The bearer token of the request, or empty (then only permitAll paths answer). */
    private static Mono<Authentication> bearerToken(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Mono.empty();
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? Mono.empty() : Mono.just(StaffAuthentication.unchecked(token));
    }

    /**
     * Checks a bearer token against the sessions in Redis. Being a bean, it also keeps Boot from
     * creating its default in-memory user with a generated password.
     */
    @Bean
    ReactiveAuthenticationManager staffAuthentication(StaffSessions sessions) {
        return authentication -> {
            String token = String.valueOf(authentication.getCredentials());
            return sessions.find(token)
                    .flatMap(found -> found.isPresent()
                            ? Mono.<Authentication>just(StaffAuthentication.of(token, found.get()))
                            : Mono.error(new BadCredentialsException("Unknown or expired staff token")));
        };
    }
}
