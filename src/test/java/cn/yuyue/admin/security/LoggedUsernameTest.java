package cn.yuyue.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggedUsernameTest {

    @Test
    void should_mask_all_but_the_ends_of_a_username() {
        assertThat(LoggedUsername.of("guide-34010101-7")).isEqualTo("gu************-7");
        assertThat(LoggedUsername.of("abc")).isEqualTo("***");
    }

    @Test
    void should_keep_line_breaks_and_markup_out_of_the_log() {
        String forged = LoggedUsername.of("x\nINFO forged line <script>");

        assertThat(forged).doesNotContain("\n", "<", ">", " ");
    }
}
