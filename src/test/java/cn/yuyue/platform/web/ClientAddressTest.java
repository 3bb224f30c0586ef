package cn.yuyue.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientAddressTest {

    @Test
    void should_count_an_ipv4_client_per_address() {
        assertThat(ClientAddress.bucketOf("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.bucketOf("203.0.113.8")).isEqualTo("203.0.113.8");
    }

    @Test
    void should_count_every_address_of_one_ipv6_64_as_one_client() {
        assertThat(ClientAddress.bucketOf("2001:db8:0:1::1"))
                .isEqualTo("2001:db8:0:1::/64")
                .isEqualTo(ClientAddress.bucketOf("2001:db8:0:1:ffff:ffff:ffff:fffe"))
                .isEqualTo(ClientAddress.bucketOf("2001:0DB8:0000:0001:a:b:c:d"))
                .isEqualTo(ClientAddress.bucketOf("[2001:db8:0:1::9]:4431"));
        assertThat(ClientAddress.bucketOf("2001:db8:0:2::1")).isEqualTo("2001:db8:0:2::/64");
        assertThat(ClientAddress.bucketOf("fe80::1%eth0")).isEqualTo("fe80:0:0:0::/64");
    }

    @Test
    void should_count_an_ipv4_mapped_ipv6_address_as_the_ipv4_client() {
        assertThat(ClientAddress.bucketOf("::ffff:198.51.100.4")).isEqualTo("198.51.100.4");
        assertThat(ClientAddress.bucketOf("::ffff:c633:6404")).isEqualTo("198.51.100.4");
    }

    @Test
    void should_keep_anything_but_an_ip_literal_as_it_is() {
        assertThat(ClientAddress.bucketOf("unknown")).isEqualTo("unknown");
        assertThat(ClientAddress.bucketOf("_hidden")).isEqualTo("_hidden");
    }

    @Test
    void should_key_resolved_and_forwarded_peers_alike() {
        MockServerHttpRequest resolved = MockServerHttpRequest.get("/api/v1/halls")
                .remoteAddress(new InetSocketAddress("2001:db8:7:8::1", 40000))
                .build();
        MockServerHttpRequest forwarded = MockServerHttpRequest.get("/api/v1/halls")
                .remoteAddress(InetSocketAddress.createUnresolved("2001:db8:7:8:9::2", 0))
                .build();
        MockServerHttpRequest mapped = MockServerHttpRequest.get("/api/v1/halls")
                .remoteAddress(InetSocketAddress.createUnresolved("::ffff:192.0.2.1", 0))
                .build();

        assertThat(ClientAddress.bucket(resolved))
                .isEqualTo("2001:db8:7:8::/64")
                .isEqualTo(ClientAddress.bucket(forwarded));
        assertThat(ClientAddress.bucket(mapped)).isEqualTo("192.0.2.1");
    }
}
