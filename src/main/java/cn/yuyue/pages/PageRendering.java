package cn.yuyue.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.resource.ResourceUrlProvider;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes a page's HTML with every {@code /assets/...} address replaced by its content-hashed
 * address from Spring's resource chain ({@code /assets/booking-3f2a....js}). The hashed files are
 * cached for a year by browsers; the HTML itself is revalidated on every visit ({@code no-cache}),
 * so a new release is picked up at once and never mixes old and new files.
 *
 * <p>The HTML is read from {@code classpath:pages/} once, at start-up, off the event loop.
 */
@Component
class PageRendering {

    private static final Pattern ASSET = Pattern.compile("\"(/assets/[A-Za-z0-9._/-]+)\"");
    private static final List<String> PAGES = List.of("booking", "board", "console");

    /** Only this origin: no script, style, font or connection anywhere else, no inline script. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final ResourceUrlProvider assets;
    private final Map<String, String> templates;

    PageRendering(ResourceUrlProvider assets) {
        this.assets = assets;
        this.templates = PAGES.stream().collect(Collectors.toUnmodifiableMap(name -> name, PageRendering::read));
    }

    Mono<ServerResponse> render(String page, ServerWebExchange exchange) {
        String html = templates.get(page);
        return hashedAddresses(html, exchange)
                .map(hashed -> replace(html, hashed))
                .flatMap(body -> ServerResponse.ok()
                        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                        .cacheControl(CacheControl.noCache())
                        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Referrer-Policy", "no-referrer")
                        .bodyValue(body));
    }

    private Mono<Map<String, String>> hashedAddresses(String html, ServerWebExchange exchange) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = ASSET.matcher(html);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return Flux.fromIterable(found)
                .concatMap(path -> assets.getForUriString(path, exchange)
                        .defaultIfEmpty(path)
                        .map(hashed -> Map.entry(path, hashed)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private static String replace(String html, Map<String, String> hashed) {
        Matcher matcher = ASSET.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 256);
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement("\"" + hashed.get(matcher.group(1)) + "\""));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String read(String page) {
        try {
            return new ClassPathResource("pages/" + page + ".html").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Page " + page + " is missing from the build", e);
        }
    }
}
