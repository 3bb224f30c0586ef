package cn.yuyue.booking.messaging;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The topics, created at start-up by Boot's KafkaAdmin when they do not exist yet. */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    NewTopic bookingEventsTopic(MessagingProperties properties) {
        return new NewTopic(properties.topic(), properties.partitions(), properties.replicas());
    }

    @Bean
    NewTopic bookingDeadLetterTopic(MessagingProperties properties) {
        return new NewTopic(properties.deadLetterTopic(), properties.partitions(), properties.replicas());
    }
}
