package cn.yuyue.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemLanguageTest {

    @Test
    void should_answer_in_chinese_unless_english_is_preferred() {
        assertThat(ProblemLanguage.of(null)).isEqualTo(ProblemLanguage.CHINESE);
        assertThat(ProblemLanguage.of("")).isEqualTo(ProblemLanguage.CHINESE);
        assertThat(ProblemLanguage.of("zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo(ProblemLanguage.CHINESE);
        assertThat(ProblemLanguage.of("en")).isEqualTo(ProblemLanguage.ENGLISH);
        assertThat(ProblemLanguage.of("en-GB")).isEqualTo(ProblemLanguage.ENGLISH);
        assertThat(ProblemLanguage.of("fr, en;q=0.5")).isEqualTo(ProblemLanguage.ENGLISH);
        assertThat(ProblemLanguage.of("en;q=0.3, zh;q=0.7")).isEqualTo(ProblemLanguage.CHINESE);
        assertThat(ProblemLanguage.of("en;q=0, de")).isEqualTo(ProblemLanguage.CHINESE);
        assertThat(ProblemLanguage.of("*")).isEqualTo(ProblemLanguage.CHINESE);
        assertThat(ProblemLanguage.of("not a ;;; header")).isEqualTo(ProblemLanguage.CHINESE);
    }

    @Test
    void should_have_chinese_words_for_every_code_and_fall_back_by_status() {
        ProblemTexts texts = new ProblemTexts();
        ApiProblem locked = ApiProblem.of(
                        org.springframework.http.HttpStatus.LOCKED, "BOOKER_LOCKED", "Booker locked", "locked")
                .with("lockedUntil", "2027-03-01T09:00:00+08:00");
        assertThat(texts.detail(locked, ProblemLanguage.CHINESE)).contains("2027-03-01T09:00:00+08:00");
        assertThat(texts.title(locked, ProblemLanguage.ENGLISH)).isEqualTo("Booker locked");

        ApiProblem unknown = ApiProblem.of(org.springframework.http.HttpStatus.CONFLICT, "SOMETHING_NEW", "New", "new");
        assertThat(texts.title(unknown, ProblemLanguage.CHINESE)).isEqualTo("与当前状态冲突");
        assertThat(texts.detail(unknown, ProblemLanguage.CHINESE)).matches(".*\\p{IsHan}.*");

        ApiProblem invalid = CommonProblems.validationFailed(java.util.List.of(
                new CommonProblems.FieldError("taxpayerId", "check character does not match"),
                new CommonProblems.FieldError("phone", "bad")));
        assertThat(texts.detail(invalid, ProblemLanguage.CHINESE)).isEqualTo("请检查这些内容：纳税人识别号、手机号码。");
        assertThat(texts.detail(invalid, ProblemLanguage.ENGLISH)).isEqualTo("2 fields are invalid");
    }
}
