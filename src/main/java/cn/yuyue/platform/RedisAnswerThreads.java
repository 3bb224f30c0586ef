package cn.yuyue.platform;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis answers are handled on Lettuce's computation pool, not on the I/O thread of the shared
 * connection.
 *
 * <p>All Redis traffic goes through one shared connection, hence one I/O thread. By default Lettuce
 * runs every subscriber's continuation on that thread: after a claim answers, the whole rest of
 * the booking (the Kafka event's JSON, the settle, the answer's JSON) ran there too, one booking at
 * a time, while the other core waited. The storm's thread profile showed it as the busiest thread.
 */
@Configuration(proxyBeanMethods = false)
class RedisAnswerThreads {

    @Bean
    LettuceClientOptionsBuilderCustomizer publishRedisAnswersOnComputationThreads() {
        return options -> options.publishOnScheduler(true);
    }
}
