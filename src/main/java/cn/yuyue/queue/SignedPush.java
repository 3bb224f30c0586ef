package cn.yuyue.queue;

/**
 * A push as it arrived, before anything about it is trusted.
 *
 * @param path      the request path exactly as sent, without query string: it is signed
 * @param keyId     {@code X-Queue-Key-Id}, or null when missing
 * @param timestamp {@code X-Queue-Timestamp}, epoch seconds as text, or null
 * @param signature {@code X-Queue-Signature}, base64, or null
 * @param body      the raw body; the signature covers these bytes, not a re-serialisation
 */
record SignedPush(String method, String path, String hallCode, String keyId, String timestamp, String signature,
                  byte[] body) {
}
