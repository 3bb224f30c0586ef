package cn.yuyue.platform.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The proxies whose forwarded headers are believed, as CIDR blocks ({@code 10.0.0.0/8},
 * {@code ::1/128}). Only IP literals are parsed, never host names, so nothing here asks DNS.
 */
final class TrustedProxies {

    private static final Pattern IPV4 =
            Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Fails on anything that is not an IP literal with an optional prefix length. */
    static TrustedProxies of(List<String> cidrs) {
        return new TrustedProxies(cidrs.stream()
                .map(String::strip)
                .filter(cidr -> !cidr.isEmpty())
                .map(Block::parse)
                .toList());
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    boolean trusts(InetAddress address) {
        return address != null && blocks.stream().anyMatch(block -> block.contains(address));
    }

    /** The address of an IP literal (IPv6 possibly in brackets, either possibly with a port), else empty. */
    static Optional<InetAddress> literal(String text) {
        String host = text.strip();
        if (host.startsWith("\"") && host.endsWith("\"") && host.length() >= 2) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            host = host.substring(1, end);
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') > 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        if (!IPV4.matcher(host).matches() && !IPV6.matcher(host).matches()) {
            return Optional.empty();
        }
        try {
            // An IP literal: parsed, not looked up.
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private record Block(byte[] network, int prefix) {

        static Block parse(String cidr) {
            int slash = cidr.indexOf('/');
            String address = slash < 0 ? cidr : cidr.substring(0, slash);
            InetAddress parsed = literal(address)
                    .orElseThrow(() -> new IllegalStateException(
                            "yuyue.web.trusted-proxies: '" + cidr + "' is not an IP address or CIDR block"));
            byte[] network = parsed.getAddress();
            int prefix;
            try {
                prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("yuyue.web.trusted-proxies: bad prefix length in '" + cidr + "'", e);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalStateException("yuyue.web.trusted-proxies: bad prefix length in '" + cidr + "'");
            }
            return new Block(network, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (bytes[whole] & mask) == (network[whole] & mask);
        }
    }
}
