package cn.yuyue.notification;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SMS gateway adapter, when configured, and the check that exactly one {@link SmsSender} exists.
 * This build has no development sender and no endpoint that reads messages back: the local run mode
 * and the tests add them from the test classpath.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmsProperties.class)
class SmsConfiguration {

    @Bean
    static OneSmsSender oneSmsSender() {
        return new OneSmsSender();
    }

    @Bean
    SmsTemplates smsTemplates(SmsProperties properties) {
        return new SmsTemplates(properties.templates());
    }

    @Bean
    @ConditionalOnProperty(prefix = "yuyue.sms.gateway", name = "url")
    HttpSmsGateway httpSmsGateway(SmsProperties properties) {
        return new HttpSmsGateway(properties.gateway());
    }
}
