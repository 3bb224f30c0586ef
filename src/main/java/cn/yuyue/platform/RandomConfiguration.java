package cn.yuyue.platform;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One cryptographically strong generator for ids and tokens, seeded at start-up. Seeding reads the
 * OS entropy source once, here, instead of on an event-loop thread in the middle of a request.
 */
@Configuration(proxyBeanMethods = false)
class RandomConfiguration {

    @Bean
    RandomGenerator secureRandom() throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("DRBG");
        random.nextLong();
        return random;
    }
}
