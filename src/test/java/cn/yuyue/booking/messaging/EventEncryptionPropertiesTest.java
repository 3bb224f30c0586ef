package cn.yuyue.booking.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EventEncryptionPropertiesTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void should_accept_a_current_key_among_the_listed_ones() {
        EventEncryptionProperties properties = new EventEncryptionProperties("k2", Map.of("k1", KEY, "k2", KEY), true);

        assertThat(properties.decodedKeys()).containsOnlyKeys("k1", "k2");
        assertThat(properties.decodedKeys().get("k2")).hasSize(32);
        assertThat(properties.toString()).contains("k1", "k2").doesNotContain(KEY);
    }

    @Test
    void should_refuse_to_start_without_a_usable_current_key_and_never_print_a_key() {
        assertThatThrownBy(() -> new EventEncryptionProperties(null, Map.of("k1", KEY), true))
                .hasMessageContaining("current-key is required");
        assertThatThrownBy(() -> new EventEncryptionProperties("k2", Map.of("k1", KEY), true))
                .hasMessageContaining("'k2'");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> new EventEncryptionProperties("k1", Map.of("k1", shortKey), true))
                .hasMessageContaining("16 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> new EventEncryptionProperties("k1", Map.of("k1", "not base64!"), true))
                .hasMessageContaining("not base64")
                .hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> new EventEncryptionProperties("K_1", Map.of("K_1", KEY), true))
                .hasMessageContaining("lowercase letters and digits");
    }
}
