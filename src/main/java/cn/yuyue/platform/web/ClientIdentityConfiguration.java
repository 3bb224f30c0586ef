package cn.yuyue.platform.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * Installs {@link TrustedForwardedHeaders} under the name the WebFlux handler looks up, so it runs
 * before every filter; {@code server.forward-headers-strategy} stays {@code none} so that neither Boot
 * nor Netty believes forwarded headers on its own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientIdentityProperties.class)
class ClientIdentityConfiguration {

    @Bean(WebHttpHandlerBuilder.FORWARDED_HEADER_TRANSFORMER_BEAN_NAME)
    ForwardedHeaderTransformer forwardedHeaderTransformer(ClientIdentityProperties properties) {
        return new TrustedForwardedHeaders(TrustedProxies.of(properties.trustedProxies()));
    }
}
