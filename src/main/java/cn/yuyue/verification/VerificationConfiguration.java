package cn.yuyue.verification;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;

import cn.yuyue.notification.SmsSender;
import cn.yuyue.notification.SmsTemplates;
import cn.yuyue.platform.ratelimit.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Wires the phone verification feature; its classes stay free of Spring so tests build them directly. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VerificationProperties.class)
class VerificationConfiguration {

    @Bean
    PhoneVerification phoneVerification(PhoneTokens tokens, Clock clock) {
        return new PhoneVerification(tokens, clock);
    }

    @Bean
    PhoneTokens phoneTokens(VerificationProperties properties) {
        return new PhoneTokens(new Hmac(properties.tokenSecretBytes()), properties.tokenTtl(), seededRandom());
    }

    @Bean
    OneTimeCodes oneTimeCodes(VerificationProperties properties) {
        return new OneTimeCodes(seededRandom(), new Hmac(properties.tokenSecretBytes()));
    }

    @Bean
    RedisVerificationCodes redisVerificationCodes(
            ReactiveStringRedisTemplate redis, VerificationProperties properties) {
        return new RedisVerificationCodes(redis, properties);
    }

    @Bean
    SendingVerificationCode sendingVerificationCode(
            RedisVerificationCodes codes,
            OneTimeCodes oneTimeCodes,
            SmsSender sms,
            SmsTemplates templates,
            Clock clock,
            RateLimiter limiter,
            VerificationProperties properties,
            MeterRegistry meters,
            HumanCheck humanCheck) {
        return new SendingVerificationCode(
                codes,
                oneTimeCodes,
                sms,
                templates,
                clock,
                new CodeBudgets(limiter, properties.clientCodesPerHour(), properties.codesPerMinute()),
                codesSent(meters),
                new HumanCheckGate(limiter, humanCheck, properties.humanCheckAfter()));
    }

    @Bean
    CaptchaTexts captchaTexts() {
        return new CaptchaTexts(seededRandom());
    }

    /** The built-in image captcha, unless a province plugs in its own provider (see {@link HumanCheck}). */
    @Bean
    @ConditionalOnProperty(
            prefix = "yuyue.verification",
            name = "human-check-provider",
            havingValue = "image",
            matchIfMissing = true)
    HumanCheck imageHumanCheck(
            CaptchaTexts texts, ReactiveStringRedisTemplate redis, VerificationProperties properties, Clock clock) {
        return new ImageHumanCheck(
                texts,
                new CaptchaImages(),
                new RedisHumanCheckAnswers(redis),
                new Hmac(properties.tokenSecretBytes()),
                seededRandom(),
                clock,
                properties.humanCheckTtl(),
                properties.humanCheckTries());
    }

    /** Codes whose SMS the gateway accepted: the figure the SMS bill and the alert follow. */
    static Counter codesSent(MeterRegistry meters) {
        return Counter.builder("yuyue.verification.codes.sent")
                .description("Verification codes whose SMS was accepted by the gateway")
                .register(meters);
    }

    @Bean
    ConfirmingPhone confirmingPhone(
            RedisVerificationCodes codes, OneTimeCodes oneTimeCodes, PhoneTokens tokens, Clock clock) {
        return new ConfirmingPhone(codes, oneTimeCodes, tokens, clock);
    }

    /**
     * A DRBG seeded now, at start-up: a SecureRandom seeds itself on first use from the OS, which is
     * file I/O that must not happen on an event-loop thread. Later calls only run the DRBG.
     */
    static SecureRandom seededRandom() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG");
            random.nextBytes(new byte[32]);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("DRBG is part of every JDK since 9", e);
        }
    }
}
