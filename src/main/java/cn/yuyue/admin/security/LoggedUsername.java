package cn.yuyue.admin.security;

/**
 * A username as it may appear in logs: masked, because usernames name people (guides choose their
 * own), and reduced to plain characters, because a sign-in sends any text it likes and a line break
 * in it would forge log lines.
 */
final class LoggedUsername {

    private LoggedUsername() {}

    static String of(String username) {
        if (username == null) {
            return "-";
        }
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < username.length() && plain.length() < 64; i++) {
            char c = username.charAt(i);
            plain.append(
                    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ? c : '?');
        }
        if (plain.length() <= 4) {
            return "*".repeat(plain.length());
        }
        return plain.substring(0, 2) + "*".repeat(plain.length() - 4) + plain.substring(plain.length() - 2);
    }
}
