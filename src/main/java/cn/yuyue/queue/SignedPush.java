package cn.yuyue.queue;

/**
 * A signed request (a push, or a pull of check-ins) as it arrived, before anything about it is trusted.
 *
 * @param path      the signed path line: the request path exactly as sent, for a push without query
 *                  string, for a pull with its query string
 * @param keyId     {@code X-Queue-Key-Id}, or null when missing
 * @param timestamp {@code X-Queue-Timestamp}, epoch seconds as text, or null
 * @param signature {@code X-Queue-Signature}, base64, or null
 * @param body      the raw body; the signature covers these bytes, not a re-serialisation
 */
record SignedPush(
        String method, String path, String hallCode, String keyId, String timestamp, String signature, byte[] body) {}
