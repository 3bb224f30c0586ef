package cn.yuyue.pages;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import java.net.URI;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The three web pages: the booking page at {@code /}, a hall's queue board at
 * {@code /board/{hallCode}} and the staff console at {@code /console/}. Their scripts and styles are
 * plain files under {@code static/assets}, served by Spring's resource chain.
 */
@Configuration(proxyBeanMethods = false)
class PageRoutes {

    @Bean
    RouterFunction<ServerResponse> webPages(PageRendering pages) {
        return route(GET("/"), request -> pages.render("booking", request.exchange()))
                .andRoute(GET("/board/{hallCode}"), request -> pages.render("board", request.exchange()))
                .andRoute(GET("/console/"), request -> pages.render("console", request.exchange()))
                .andRoute(
                        GET("/console"),
                        request -> ServerResponse.permanentRedirect(URI.create("/console/"))
                                .build());
    }
}
