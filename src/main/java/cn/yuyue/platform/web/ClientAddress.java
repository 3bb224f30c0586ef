package cn.yuyue.platform.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Who sent a request, for limits and throttles: the address of the direct peer, or, when that peer
 * is a trusted proxy, the client it names (the forwarded headers were resolved before any filter
 * or handler sees the request).
 *
 * <p>Every per-client limit keys on {@link #bucket}, never on the address itself: an IPv6 client
 * is handed a whole /64 (a household's router, a cloud VM), and picks any address in it, so a
 * limit per address would give it 2<sup>64</sup> buckets. IPv4 clients are counted per address.
 */
public final class ClientAddress {

    private static final int IPV6_PREFIX_BYTES = 8;

    private ClientAddress() {}

    /**
     * The host as given: an address taken from a forwarded header is unresolved (no InetAddress),
     * so asking for its InetAddress would put every forwarded client into one bucket. For a
     * provider that wants the address itself (risk scoring); limits use {@link #bucket}.
     */
    public static String of(ServerHttpRequest request) {
        InetSocketAddress address = request.getRemoteAddress();
        return address == null ? "unknown" : address.getHostString();
    }

    /** The key per-client limits count this request's client under; see {@link #bucketOf(String)}. */
    public static String bucket(ServerHttpRequest request) {
        InetSocketAddress address = request.getRemoteAddress();
        if (address == null) {
            return "unknown";
        }
        return address.getAddress() != null ? bucketOfLiteral(address.getAddress()) : bucketOf(address.getHostString());
    }

    /**
     * The bucket of a client address as {@link #of} gives it: an IPv4 address itself (also when
     * written as IPv4-mapped IPv6), the /64 network of an IPv6 address ({@code 2001:db8:0:1::/64}),
     * anything that is not an IP literal as it is. Only literals are parsed; nothing asks DNS.
     */
    public static String bucketOf(String address) {
        String host = address.strip();
        int zone = host.indexOf('%');
        if (zone > 0 && host.indexOf(':') >= 0) {
            // A link-local zone names the interface, not the client.
            host = host.substring(0, zone);
        }
        Optional<InetAddress> literal = TrustedProxies.literal(host);
        return literal.map(ClientAddress::bucketOfLiteral).orElse(address);
    }

    private static String bucketOfLiteral(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            return (bytes[12] & 0xFF) + "." + (bytes[13] & 0xFF) + "." + (bytes[14] & 0xFF) + "." + (bytes[15] & 0xFF);
        }
        StringBuilder network = new StringBuilder();
        for (int i = 0; i < IPV6_PREFIX_BYTES; i += 2) {
            network.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)))
                    .append(':');
        }
        return network.append(":/64").toString();
    }

    /** {@code ::ffff:a.b.c.d}: an IPv4 client seen through a dual-stack socket or proxy. */
    private static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16 || bytes[10] != (byte) 0xFF || bytes[11] != (byte) 0xFF) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
