package cn.yuyue.queue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/** The live queues' Redis script. */
@Configuration(proxyBeanMethods = false)
class QueueConfiguration {

    /**
     * Read at start-up, not on the first push: a script given as a resource is read lazily, which
     * would be file I/O on an event-loop thread.
     */
    @Bean
    RedisScript<Long> queueAcceptStateScript() throws IOException {
        String lua = new ClassPathResource("redis/queue-accept-state.lua").getContentAsString(StandardCharsets.UTF_8);
        return RedisScript.of(lua, Long.class);
    }
}
