package cn.yuyue.booking.messaging;

/**
 * A personal field of a booking event that this instance cannot decrypt: its key is not listed
 * here, or the value was altered or moved. The message names the field and why, never a value.
 */
class FieldDecryptionException extends RuntimeException {

    FieldDecryptionException(String field, String why) {
        super("The field " + field + " " + why, null, false, false);
    }
}
