package cn.yuyue;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * yuyue: online appointment booking for the province's tax service halls.
 *
 * <p>The production entry point. It talks to external PostgreSQL, Redis and Kafka servers named by
 * the standard Spring properties; the local run mode ({@code ./mvnw spring-boot:test-run}) starts
 * real embedded servers first and hands their addresses to this same application.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class YuyueApplication {

    public static void main(String[] args) {
        SpringApplication.run(YuyueApplication.class, args);
    }
}
