package cn.yuyue.platform;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Opens the shared Redis connection at start-up instead of on first use.
 *
 * <p>Lettuce connects the shared connection lazily and waits for it, so the first Redis call of a
 * request would block an event-loop thread (BlockHound reports it) and, under a burst at the
 * release time, event loops would wait on each other (spring-data-redis#2289). Boot exposes no
 * property for this; the factory must be told before its initialisation.
 */
@Component
class EagerRedisConnection implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof LettuceConnectionFactory factory) {
            factory.setEagerInitialization(true);
        }
        return bean;
    }
}
