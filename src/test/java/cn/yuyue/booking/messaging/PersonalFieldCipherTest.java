package cn.yuyue.booking.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PersonalFieldCipherTest {

    private static final byte[] OLD_KEY = key(1);
    private static final byte[] NEW_KEY = key(2);
    private static final String PHONE = "13912345678";

    private final PersonalFieldCipher cipher = new PersonalFieldCipher("k1", Map.of("k1", OLD_KEY), new SecureRandom());

    @Test
    void should_decrypt_what_it_encrypted_and_show_nothing_of_it() {
        String name = "欧阳明远";
        String encrypted = cipher.encrypt(name, "event-1", "taxpayerName");

        assertThat(encrypted).startsWith("k1:").doesNotContain(name);
        assertThat(cipher.decrypt(encrypted, "event-1", "taxpayerName")).isEqualTo(name);
        assertThat(cipher.encrypt(null, "event-1", "fingerprint")).isNull();
    }

    @Test
    void should_draw_a_new_nonce_for_every_field() {
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            values.add(cipher.encrypt(PHONE, "event-1", "phone"));
        }

        assertThat(values).hasSize(100);
    }

    @Test
    void should_refuse_an_altered_ciphertext() {
        String encrypted = cipher.encrypt(PHONE, "event-1", "phone");
        byte[] bytes = Base64.getDecoder().decode(encrypted.substring(3));
        bytes[bytes.length - 20] ^= 1;
        String altered = "k1:" + Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> cipher.decrypt(altered, "event-1", "phone"))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageContaining("phone")
                .hasMessageContaining("failed authentication")
                .hasMessageNotContaining(PHONE);
    }

    @Test
    void should_refuse_a_value_moved_to_another_field_or_another_event() {
        String phone = cipher.encrypt(PHONE, "event-1", "phone");

        assertThatThrownBy(() -> cipher.decrypt(phone, "event-1", "taxpayerId"))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> cipher.decrypt(phone, "event-2", "phone"))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageContaining("failed authentication");
    }

    @Test
    void should_refuse_a_key_id_it_does_not_list_and_name_it() {
        PersonalFieldCipher other = new PersonalFieldCipher("k9", Map.of("k9", NEW_KEY), new SecureRandom());
        String encrypted = other.encrypt(PHONE, "event-1", "phone");

        assertThatThrownBy(() -> cipher.decrypt(encrypted, "event-1", "phone"))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageContaining("key id k9")
                .hasMessageNotContaining(PHONE);
    }

    @Test
    void should_refuse_values_that_are_not_encrypted_without_echoing_them() {
        assertThatThrownBy(() -> cipher.decrypt(PHONE, "event-1", "phone"))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageNotContaining(PHONE);
        assertThatThrownBy(() -> cipher.decrypt("k1:短", "event-1", "phone"))
                .isInstanceOf(FieldDecryptionException.class);
        assertThatThrownBy(() -> cipher.decrypt("k1:AAAA", "event-1", "phone"))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> cipher.decrypt("<script>:AAAA", "event-1", "phone"))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageNotContaining("<script>");
    }

    @Test
    void should_still_decrypt_with_the_old_key_after_a_rotation_and_encrypt_with_the_new_one() {
        String before = cipher.encrypt(PHONE, "event-1", "phone");
        PersonalFieldCipher rotated =
                new PersonalFieldCipher("k2", Map.of("k1", OLD_KEY, "k2", NEW_KEY), new SecureRandom());
        String after = rotated.encrypt(PHONE, "event-2", "phone");
        PersonalFieldCipher oldKeyRemoved = new PersonalFieldCipher("k2", Map.of("k2", NEW_KEY), new SecureRandom());

        assertThat(rotated.decrypt(before, "event-1", "phone")).isEqualTo(PHONE);
        assertThat(after).startsWith("k2:");
        assertThat(oldKeyRemoved.decrypt(after, "event-2", "phone")).isEqualTo(PHONE);
        assertThatThrownBy(() -> oldKeyRemoved.decrypt(before, "event-1", "phone"))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageContaining("key id k1");
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        return key;
    }
}
