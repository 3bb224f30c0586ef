package cn.yuyue.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SmsTemplatesTest {

    private final SmsTemplates templates = new SmsTemplates(Map.of(
            "verification-code", "【安徽税务】您的预约验证码为{code}，{minutes}分钟内有效。请勿泄露。",
            "odd", "{a}{a} costs $5 \\ {b_2}; {not a placeholder} {}"));

    @Test
    void should_fill_every_placeholder() {
        assertThat(templates.render("verification-code", Map.of("code", "012345", "minutes", 5)))
                .isEqualTo("【安徽税务】您的预约验证码为012345，5分钟内有效。请勿泄露。");
    }

    @Test
    void should_take_values_literally_and_ignore_extra_ones() {
        assertThat(templates.render("odd", Map.of("a", "$1\\", "b_2", "{a}", "unused", "x")))
                .isEqualTo("$1\\$1\\ costs $5 \\ {a}; {not a placeholder} {}");
    }

    @Test
    void should_refuse_an_unknown_template() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> templates.render("booking-confirmed", Map.of()))
                .withMessageContaining("yuyue.sms.templates.booking-confirmed");
    }

    @Test
    void should_refuse_to_send_a_half_filled_message() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> templates.render("verification-code", Map.of("code", "012345")))
                .withMessageContaining("{minutes}");
    }
}
