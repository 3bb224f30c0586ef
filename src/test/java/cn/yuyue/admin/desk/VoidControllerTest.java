package cn.yuyue.admin.desk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VoidControllerTest {

    @Test
    void should_mask_numbers_typed_into_the_proof_and_keep_the_words() {
        assertThat(VoidController.masked("营业执照原件，法定代表人身份证 34010419900101123X，电话13912345678"))
                .isEqualTo("营业执照原件，法定代表人身份证 ******************，电话***********");
        assertThat(VoidController.masked("统一社会信用代码 91340100MA2NA12345"))
                .doesNotContain("91340100")
                .startsWith("统一社会信用代码 ");
        assertThat(VoidController.masked("他人冒用，2号窗口核验")).isEqualTo("他人冒用，2号窗口核验");
    }
}
