package cn.yuyue.platform.local;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** A connection to the shared embedded Redis, for adapter tests that need no Spring context. */
public final class EmbeddedRedisConnection implements AutoCloseable {

    private final LettuceConnectionFactory connections;
    private final ReactiveStringRedisTemplate redis;

    private EmbeddedRedisConnection() {
        connections = new LettuceConnectionFactory(EmbeddedServices.shared().redisConfiguration());
        connections.afterPropertiesSet();
        connections.start();
        redis = new ReactiveStringRedisTemplate(connections);
    }

    public static EmbeddedRedisConnection open() {
        return new EmbeddedRedisConnection();
    }

    public ReactiveStringRedisTemplate redis() {
        return redis;
    }

    @Override
    public void close() {
        connections.destroy();
    }
}
