package cn.yuyue.booking.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaxpayerIdTest {

    @Test
    void should_accept_a_credit_code_with_the_right_check_character() {
        // A published example code (GB 32100-2015), and one whose check character is computed here.
        assertThat(TaxpayerId.problem("91350100M000100Y43")).isEmpty();
        assertThat(TaxpayerId.problem("91340100MA2MXXXX1" + checkOf("91340100MA2MXXXX1")))
                .isEmpty();
    }

    @Test
    void should_reject_a_credit_code_with_a_wrong_check_character() {
        assertThat(TaxpayerId.problem("91350100M000100Y44"))
                .hasValueSatisfying(problem -> assertThat(problem).contains("check character"));
    }

    @Test
    void should_accept_a_resident_number_with_the_right_check_digit() {
        assertThat(TaxpayerId.problem("11010519491231002X")).isEmpty();
        assertThat(TaxpayerId.problem("340104199001011234".substring(0, 17) + residentCheckOf("34010419900101123")))
                .isEmpty();
    }

    @Test
    void should_reject_a_resident_number_with_a_wrong_check_digit() {
        assertThat(TaxpayerId.problem("110105194912310021")).isPresent();
    }

    @Test
    void should_reject_wrong_lengths_and_characters() {
        assertThat(TaxpayerId.problem("1234")).isPresent();
        assertThat(TaxpayerId.problem(null)).isPresent();
        assertThat(TaxpayerId.problem("91350100M000100YI3")).isPresent();
    }

    @Test
    void should_mask_all_but_the_ends() {
        assertThat(TaxpayerId.masked("11010519491231002X")).isEqualTo("1101************2X");
    }

    static char checkOf(String first17) {
        String chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += chars.indexOf(first17.charAt(i)) * weights[i];
        }
        return chars.charAt((31 - sum % 31) % 31);
    }

    static char residentCheckOf(String first17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }
}
