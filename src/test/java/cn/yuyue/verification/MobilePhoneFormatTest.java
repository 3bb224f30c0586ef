package cn.yuyue.verification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MobilePhoneFormatTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"13800138000", "19912345678", "15555555555"})
    void should_accept_mainland_mobile_numbers(String phone) {
        assertThat(MobilePhoneFormat.isValid(phone)).isTrue();
        assertThat(validator.validate(new Holder(phone))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1380013800",
                "138001380001",
                "12800138000",
                "23800138000",
                "1380013800a",
                "+8613800138000",
                " 13800138000",
                "13800138000\n",
                "１３８００１３８０００"
            })
    void should_reject_anything_else(String phone) {
        assertThat(MobilePhoneFormat.isValid(phone)).isFalse();
        assertThat(validator.validate(new Holder(phone)))
                .singleElement()
                .satisfies(violation -> assertThat(violation.getMessage()).isEqualTo(MobilePhoneFormat.MESSAGE));
    }

    @Test
    void should_leave_null_to_not_blank() {
        assertThat(MobilePhoneFormat.isValid(null)).isFalse();
        assertThat(validator.validate(new Holder(null))).isEmpty();
    }

    record Holder(@MobilePhone String phone) {}
}
