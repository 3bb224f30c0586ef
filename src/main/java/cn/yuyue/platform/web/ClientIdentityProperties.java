package cn.yuyue.platform.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the service tells clients apart, under {@code yuyue.web}.
 *
 * @param trustedProxies CIDR blocks of the proxies in front of the service (the ingress controller's
 *                       pods), e.g. {@code 10.42.0.0/16}. Only a request whose direct peer is in one
 *                       of them has its {@code Forwarded}, {@code X-Forwarded-*} headers honoured, and
 *                       the client is the nearest address in the chain that is not itself a trusted
 *                       proxy. Anyone else's forwarded headers are removed unread. Empty (the
 *                       default): no proxy is trusted and the client is always the direct peer.
 */
@ConfigurationProperties("yuyue.web")
public record ClientIdentityProperties(@DefaultValue List<String> trustedProxies) {}
