package cn.yuyue.platform.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * Forwarded headers believed from trusted proxies only ({@link ClientIdentityProperties}).
 *
 * <p>Spring's own transformer believes any sender and takes the first {@code X-Forwarded-For} hop,
 * which is whatever the client wrote before the proxy appended the real peer: every request could
 * name a fresh client and a fresh rate-limit bucket. Here the client is found from the right: the
 * nearest hop that is not a trusted proxy, the one address the client could not choose.
 * Host, scheme and prefix are then taken as Spring does, from a trusted proxy only.
 */
final class TrustedForwardedHeaders extends ForwardedHeaderTransformer {

    private final TrustedProxies trusted;
    private final ForwardedHeaderTransformer remover = new ForwardedHeaderTransformer();

    TrustedForwardedHeaders(TrustedProxies trusted) {
        this.trusted = trusted;
        this.remover.setRemoveOnly(true);
    }

    @Override
    public ServerHttpRequest apply(ServerHttpRequest request) {
        if (!hasForwardedHeaders(request)) {
            return request;
        }
        InetSocketAddress peer = request.getRemoteAddress();
        if (peer == null || !trusted.trusts(peer.getAddress())) {
            return remover.apply(request);
        }
        InetSocketAddress client = client(request.getHeaders(), peer);
        return super.apply(request).mutate().remoteAddress(client).build();
    }

    private InetSocketAddress client(HttpHeaders headers, InetSocketAddress peer) {
        List<String> hops = headers.containsHeader("Forwarded")
                ? forwardedFor(headers.getValuesAsList("Forwarded"))
                : headers.getValuesAsList("X-Forwarded-For");
        InetSocketAddress nearest = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = TrustedProxies.literal(hops.get(i));
            if (hop.isEmpty()) {
                // "unknown", an obfuscated name or garbage: nothing further left can be believed.
                return nearest;
            }
            nearest = new InetSocketAddress(hop.get(), 0);
            if (!trusted.trusts(hop.get())) {
                return nearest;
            }
        }
        return nearest;
    }

    /** The {@code for=} value of each element of RFC 7239 headers, left to right. */
    private static List<String> forwardedFor(List<String> forwarded) {
        List<String> hops = new ArrayList<>();
        for (String element : forwarded) {
            for (String pair : element.split(";")) {
                String parameter = pair.strip();
                if (parameter.regionMatches(true, 0, "for=", 0, 4)) {
                    hops.add(parameter.substring(4));
                }
            }
        }
        return hops;
    }
}
