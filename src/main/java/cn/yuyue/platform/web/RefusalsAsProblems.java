package cn.yuyue.platform.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;

/**
 * Refusals that happen before any handler runs answer in the same problem+json shape as the rest:
 * Spring Security's firewall (an encoded NUL, "//", ";" in a path) and Reactor Netty's decoder.
 */
@Configuration(proxyBeanMethods = false)
class RefusalsAsProblems {

    static final String REQUEST_REJECTED = "REQUEST_REJECTED";

    /**
     * Picked up by Spring Security's filter chain proxy; its default answers 400 with no body. The
     * error goes on to {@link ProblemJsonExceptionHandler}.
     */
    @Bean
    ServerExchangeRejectedHandler problemJsonExchangeRejectedHandler() {
        return (exchange, rejected) -> Mono.error(ApiProblem.of(
                HttpStatus.BAD_REQUEST,
                REQUEST_REJECTED,
                "Request rejected",
                "The request's path or headers contain characters or sequences that are not allowed"));
    }

    @Bean
    NettyServerCustomizer bareErrorResponses(ProblemTexts texts) {
        // At channel initialisation, after Reactor Netty has put its codec in, before the first byte is read.
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline()
                        .addAfter(NettyPipeline.HttpCodec, BareErrorResponses.NAME, new BareErrorResponses(texts));
            }
        });
    }
}
