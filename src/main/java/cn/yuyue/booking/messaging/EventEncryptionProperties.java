package cn.yuyue.booking.messaging;

import java.util.Base64;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys that encrypt the personal fields of booking events, under {@code yuyue.events.encryption}.
 * Every instance must list every key that encrypted an event still in Kafka (docs/operations.md,
 * "Rotating the event keys").
 *
 * @param currentKey the id of the key that encrypts new events; one of {@code keys}
 * @param keys       key id to key, base64 of 32 random bytes (AES-256). Ids are lowercase letters
 *                   and digits, because environment variables ({@code YUYUE_EVENTS_ENCRYPTION_KEYS_K2})
 *                   name them; a key stays listed while events it encrypted may still be read
 * @param readPlainEvents whether events written before encryption, with their personal fields in
 *                   clear, are read as they are; once none is left in Kafka (its retention after
 *                   the last instance that wrote them stopped) a plain event is forged or a fault,
 *                   and {@code false} sets it aside like one that cannot be decrypted
 */
@ConfigurationProperties("yuyue.events.encryption")
record EventEncryptionProperties(
        String currentKey,
        Map<String, String> keys,
        @DefaultValue("true") boolean readPlainEvents) {

    static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{1,32}");
    static final int KEY_BYTES = 32;

    EventEncryptionProperties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
        if (currentKey == null || currentKey.isBlank()) {
            throw new IllegalArgumentException("yuyue.events.encryption.current-key is required: the id of the key "
                    + "that encrypts the personal fields of new booking events (docs/operations.md)");
        }
        if (!keys.containsKey(currentKey)) {
            throw new IllegalArgumentException("yuyue.events.encryption.current-key names '" + currentKey
                    + "', which yuyue.events.encryption.keys does not list");
        }
        keys.forEach(EventEncryptionProperties::check);
    }

    /** Key ids only: the keys themselves never reach a log. */
    @Override
    public String toString() {
        return "EventEncryptionProperties[currentKey=" + currentKey + ", keyIds=" + new TreeSet<>(keys.keySet())
                + ", readPlainEvents=" + readPlainEvents + "]";
    }

    /** The keys as bytes, by id. */
    Map<String, byte[]> decodedKeys() {
        return keys.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey,
                        entry -> Base64.getDecoder().decode(entry.getValue().trim())));
    }

    /** Never names the key itself: this message reaches the start-up log. */
    private static void check(String id, String key) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("yuyue.events.encryption.keys: the key id '" + id
                    + "' is not 1 to 32 lowercase letters and digits");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key == null ? "" : key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("yuyue.events.encryption.keys." + id + " is not base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("yuyue.events.encryption.keys." + id + " is " + bytes.length
                    + " bytes; AES-256 needs " + KEY_BYTES + " (head -c 32 /dev/urandom | base64)");
        }
    }
}
