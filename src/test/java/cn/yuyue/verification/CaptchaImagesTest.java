package cn.yuyue.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CaptchaImagesTest {

    private final CaptchaImages images = new CaptchaImages();

    @BeforeAll
    static void headless() {
        // As in the service (Spring Boot sets it): no display on a server.
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void should_draw_a_png_with_ink_under_every_character() throws IOException {
        BufferedImage image = decode(images.png("AC347", new Random(1)));

        assertThat(image.getWidth()).isEqualTo(CaptchaImages.WIDTH);
        assertThat(image.getHeight()).isEqualTo(CaptchaImages.HEIGHT);
        int cell = CaptchaImages.WIDTH / 5;
        for (int character = 0; character < 5; character++) {
            assertThat(darkPixels(image, character * cell, (character + 1) * cell))
                    .as("ink under character %d", character)
                    .isGreaterThan(40);
        }
    }

    @Test
    void should_draw_the_same_text_differently_every_time() throws IOException {
        BufferedImage first = decode(images.png("HKMNP", new Random(1)));
        BufferedImage second = decode(images.png("HKMNP", new Random(2)));

        int differing = 0;
        for (int x = 0; x < CaptchaImages.WIDTH; x++) {
            for (int y = 0; y < CaptchaImages.HEIGHT; y++) {
                differing += first.getRGB(x, y) == second.getRGB(x, y) ? 0 : 1;
            }
        }
        assertThat(differing).isGreaterThan(CaptchaImages.WIDTH * CaptchaImages.HEIGHT / 4);
    }

    @Test
    void should_have_a_glyph_for_every_character_a_text_may_hold_and_none_that_reads_as_another() {
        for (char c : CaptchaTexts.ALPHABET.toCharArray()) {
            assertThat(CaptchaImages.canDraw(c)).as("glyph for %s", c).isTrue();
        }
        assertThat(CaptchaTexts.ALPHABET).doesNotContainAnyWhitespaces();
        for (char ambiguous : "0OQD1IL2Z5S8BG".toCharArray()) {
            assertThat(CaptchaTexts.ALPHABET).doesNotContain(String.valueOf(ambiguous));
        }
    }

    @Test
    void should_make_texts_of_five_characters_of_the_alphabet() {
        CaptchaTexts texts = new CaptchaTexts(VerificationConfiguration.seededRandom());
        for (int i = 0; i < 200; i++) {
            assertThat(texts.next()).hasSize(CaptchaTexts.LENGTH).matches("[" + CaptchaTexts.ALPHABET + "]+");
        }
    }

    @Test
    void should_refuse_a_character_it_has_no_glyph_for() {
        assertThatThrownBy(() -> images.png("AB0CE", new Random(1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        return image;
    }

    /** Text is drawn darker than any noise (channels below 120 and 160). */
    private static int darkPixels(BufferedImage image, int fromX, int toX) {
        int dark = 0;
        for (int x = fromX; x < toX; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                dark += r < 80 && g < 80 && b < 130 ? 1 : 0;
            }
        }
        return dark;
    }
}
