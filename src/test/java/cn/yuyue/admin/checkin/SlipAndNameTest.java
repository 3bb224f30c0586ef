package cn.yuyue.admin.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlipAndNameTest {

    @Test
    void should_match_names_as_typed_at_a_desk() {
        assertThat(CheckingIn.sameName("钱 多多", "钱多多")).isTrue();
        assertThat(CheckingIn.sameName("阿卜杜拉·买买提", "阿卜杜拉买买提")).isTrue();
        assertThat(CheckingIn.sameName("Li Lei", "li lei")).isTrue();
        assertThat(CheckingIn.sameName("钱多多", "钱少少")).isFalse();
        assertThat(CheckingIn.sameName("钱多多", null)).isFalse();
    }

    @Test
    void should_escape_everything_printed_on_a_slip() {
        assertThat(SlipPage.escape("<script>alert('x')</script> & \"y\""))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;");
    }
}
