package cn.yuyue.booking.messaging;

import java.util.random.RandomGenerator;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The topics, created at start-up by Boot's KafkaAdmin when they do not exist yet, and the events' cipher. */
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

    /**
     * One round trip at start-up: the JCE provider and its classes load here, on the main thread,
     * rather than on an event loop in the middle of the first booking.
     */
    @Bean
    PersonalFieldCipher personalFieldCipher(EventEncryptionProperties encryption, RandomGenerator secureRandom) {
        PersonalFieldCipher cipher =
                new PersonalFieldCipher(encryption.currentKey(), encryption.decodedKeys(), secureRandom);
        cipher.decrypt(cipher.encrypt("start-up", "start-up", "start-up"), "start-up", "start-up");
        return cipher;
    }
}
