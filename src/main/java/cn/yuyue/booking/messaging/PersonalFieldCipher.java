package cn.yuyue.booking.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts one personal field of one booking event with AES-256-GCM: a random 96-bit nonce per
 * field, the key's id in front of the value so that older keys still decrypt after a rotation, and
 * the event id and the field's name as associated data, so that a value copied into another event
 * or another field fails authentication instead of decrypting there.
 *
 * <p>A value reads {@code KEYID:BASE64(nonce | ciphertext | tag)}. Messages of its failures name
 * the field and the key id, never a value.
 */
final class PersonalFieldCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final char SEPARATOR = ':';
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final String currentKeyId;
    private final Map<String, SecretKey> keys;
    private final RandomGenerator random;

    /**
     * @param random a cryptographically strong generator that never blocks once seeded (the
     *               application's DRBG): nonces are drawn on event-loop threads
     */
    PersonalFieldCipher(String currentKeyId, Map<String, byte[]> keys, RandomGenerator random) {
        Map<String, SecretKey> specs = new HashMap<>();
        keys.forEach((id, key) -> specs.put(id, new SecretKeySpec(key, "AES")));
        if (!specs.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("No key with the current key id");
        }
        this.currentKeyId = currentKeyId;
        this.keys = Map.copyOf(specs);
        this.random = random;
    }

    /** The field encrypted with the current key; {@code null} stays {@code null} (nothing to hide). */
    String encrypt(String plaintext, String eventId, String field) {
        if (plaintext == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(eventId, field));
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] value = ByteBuffer.allocate(NONCE_BYTES + ciphertext.length)
                    .put(nonce)
                    .put(ciphertext)
                    .array();
            return currentKeyId + SEPARATOR + BASE64.encodeToString(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }

    /** @throws FieldDecryptionException for an unknown key id, a malformed or an altered value */
    String decrypt(String value, String eventId, String field) {
        if (value == null) {
            return null;
        }
        int separator = value.indexOf(SEPARATOR);
        if (separator < 0) {
            throw new FieldDecryptionException(field, "is not an encrypted value");
        }
        String keyId = value.substring(0, separator);
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new FieldDecryptionException(
                    field,
                    "was encrypted with key id " + printable(keyId)
                            + ", which yuyue.events.encryption.keys does not list");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.substring(separator + 1));
        } catch (IllegalArgumentException e) {
            throw new FieldDecryptionException(field, "is not base64");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new FieldDecryptionException(field, "is too short to be encrypted");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(eventId, field));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new FieldDecryptionException(
                    field,
                    "failed authentication with key id " + keyId + ": altered, or taken from another event or field");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }

    /** The field's place: this event, this field. Field names hold no separator, so it parses one way. */
    private static byte[] associatedData(String eventId, String field) {
        return ("yuyue.booking-event" + SEPARATOR + eventId + SEPARATOR + field).getBytes(StandardCharsets.UTF_8);
    }

    /** A key id read from a record is input: shown only when it looks like one. */
    private static String printable(String keyId) {
        return EventEncryptionProperties.KEY_ID.matcher(keyId).matches() ? keyId : "(not a valid key id)";
    }
}
