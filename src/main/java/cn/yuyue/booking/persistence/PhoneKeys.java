package cn.yuyue.booking.persistence;

/**
 * The Redis keys kept per booking phone. They share the phone's hash tag, so that in Redis Cluster
 * they live in one slot and a script may touch several of them.
 */
final class PhoneKeys {

    private PhoneKeys() {}

    static String of(String phone, String part) {
        return "yy:phone:{" + phone + "}:" + part;
    }
}
