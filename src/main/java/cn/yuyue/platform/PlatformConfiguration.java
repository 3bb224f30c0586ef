package cn.yuyue.platform;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every feature relies on: the province's clock and the start-up guards. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    /** Tests replace it with a clock they can move; production reads the system clock. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.system(ProvinceTime.ZONE);
    }

    @Bean
    static RequiredServicesGuard requiredServicesGuard() {
        return new RequiredServicesGuard();
    }

    @Bean
    static DevelopmentSettingsGuard developmentSettingsGuard() {
        return new DevelopmentSettingsGuard();
    }
}
