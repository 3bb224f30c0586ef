package cn.yuyue.platform.web;

import java.net.InetSocketAddress;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Who sent a request, for limits and throttles: the address of the direct peer, or, when that peer
 * is a trusted proxy, the client it names (the forwarded headers were resolved before any filter
 * or handler sees the request).
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * The host as given: an address taken from a forwarded header is unresolved (no InetAddress),
     * so asking for its InetAddress would put every forwarded client into one bucket.
     */
    public static String of(ServerHttpRequest request) {
        InetSocketAddress address = request.getRemoteAddress();
        return address == null ? "unknown" : address.getHostString();
    }
}
