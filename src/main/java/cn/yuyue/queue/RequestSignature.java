package cn.yuyue.queue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The signature a queue system puts on each push: Ed25519 over
 * {@code METHOD "\n" PATH "\n" TIMESTAMP "\n" hex(SHA-256(body))}, base64 in
 * {@code X-Queue-Signature}. docs/queue-system-interface.md shows the same recipe with openssl.
 *
 * <p>Signing the method, path and timestamp along with the body's digest binds a signature to one
 * hall's URL and one moment, so it cannot be moved to another hall or replayed later. Pure CPU work:
 * no I/O, safe on an event-loop thread.
 */
final class RequestSignature {

    static final String ALGORITHM = "Ed25519";
    static final String KEY_ID_HEADER = "X-Queue-Key-Id";
    static final String TIMESTAMP_HEADER = "X-Queue-Timestamp";
    static final String SIGNATURE_HEADER = "X-Queue-Signature";

    private RequestSignature() {}

    /** The exact bytes that are signed; no trailing newline. */
    static byte[] canonical(String method, String path, long epochSeconds, byte[] body) {
        String text = method + "\n" + path + "\n" + epochSeconds + "\n"
                + HexFormat.of().formatHex(sha256(body));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Base64 signature for a request; the simulator and the tests sign as a vendor would. */
    static String sign(PrivateKey key, String method, String path, long epochSeconds, byte[] body) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(canonical(method, path, epochSeconds, body));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign with an Ed25519 key", e);
        }
    }

    /**
     * Whether {@code signatureBase64} is this key's signature of the request; false for any malformed
     * input. Only the canonical spelling (standard alphabet, padded, no stray bits) is accepted: the
     * replay guard remembers signatures by their text, and another spelling of the same bytes must
     * not pass it as new.
     */
    static boolean verify(
            PublicKey key, String signatureBase64, String method, String path, long epochSeconds, byte[] body) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        if (!Base64.getEncoder().encodeToString(signature).equals(signatureBase64)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(canonical(method, path, epochSeconds, body));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static PublicKey publicKey(byte[] x509) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalArgumentException("Not an Ed25519 public key", e);
        }
    }

    static PrivateKey privateKey(String pkcs8Base64) {
        try {
            byte[] der = Base64.getDecoder().decode(pkcs8Base64);
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalArgumentException("Not a base64 PKCS#8 Ed25519 private key", e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
