package cn.yuyue.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable;
import static org.openqa.selenium.support.ui.ExpectedConditions.textMatches;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.admin.StaffFixtures;
import cn.yuyue.admin.security.AccountSeeding;
import cn.yuyue.booking.BookingFixtures;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.verification.HumanCheckFixtures;
import cn.yuyue.verification.RememberedCaptchaTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A taxpayer books on a phone-sized screen (360x740) from hall to appointment number, through the
 * real SMS verification, then finds the booking under 我的预约 and cancels it; at a release, through
 * the waiting room; after many codes from one network, through the picture to read (图形验证码).
 */
class BookingPageBrowserIntegrationTest extends IntegrationTestSupport {

    private static final Pattern SMS_CODE = Pattern.compile("(\\d{6})");
    private static final String LOOPBACK = "127.0.0.1";

    @LocalServerPort
    int port;

    @Autowired
    HallCatalogue catalogue;

    private WebDriver browser;

    @Autowired
    AccountSeeding seeding;

    @Autowired
    ApplicationContext context;

    @Autowired
    RememberedCaptchaTexts captchaTexts;

    /** A release a test added: withdrawn afterwards, so no other test meets its waiting room. */
    private String release;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        clock.reset();
        if (release != null) {
            web.delete()
                    .uri("/api/v1/admin/releases/{id}", release)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + StaffFixtures.operator(web, seeding))
                    .exchange()
                    .expectStatus()
                    .isNoContent();
            release = null;
        }
    }

    private String addRelease(LocalDate day, Instant opensAt) {
        Map<?, ?> added = web.post()
                .uri("/api/v1/admin/releases")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + StaffFixtures.operator(web, seeding))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", day.toString(), "opensAt", opensAt.toString(), "reason", "征期截止日"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return String.valueOf(added.get("id"));
    }

    @Test
    void should_book_end_to_end_on_a_phone_sized_screen() {
        Hall hall = catalogue.halls("340100", null).get(5);
        LocalDate day = BookingFixtures.nextOpenDay(catalogue, hall.code());
        long started = System.nanoTime();

        browser = Browsers.open(360, 740);
        var wait = Browsers.waitFor(browser);
        fillTheForm(wait, hall, day, BookingFixtures.freshPhone(), BookingFixtures.freshTaxpayerId());
        Browsers.screenshot(browser, "booking-form-phone");

        browser.findElement(By.id("book")).click();
        String appointmentNo =
                wait.until(visibilityOfElementLocated(By.id("appointment-no"))).getText();
        assertThat(appointmentNo).matches("[A-Z]\\d{3}");
        assertThat(browser.findElement(By.id("result-facts")).getText())
                .contains(hall.name())
                .contains("张三");
        assertThat(browser.findElement(By.id("bring")).getText()).contains("身份证件");
        Browsers.screenshot(browser, "booking-result-phone");

        // My bookings, then cancel (well before the deadline).
        browser.findElement(By.id("show-mine")).click();
        WebElement mine = wait.until(visibilityOfElementLocated(By.cssSelector("#my-bookings li[data-booking]")));
        assertThat(mine.getText()).contains(appointmentNo).contains("已预约");
        mine.findElement(By.cssSelector(".actions button")).click();
        wait.until(driver -> {
            try {
                driver.switchTo().alert().accept();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException notYet) {
                return false;
            }
        });
        wait.until(textMatches(By.id("message"), Pattern.compile(".*已取消.*")));
        wait.until(textMatches(By.id("my-bookings"), Pattern.compile("(?s).*" + appointmentNo + " · 已取消.*")));
        Browsers.screenshot(browser, "booking-mine-phone");
        org.slf4j.LoggerFactory.getLogger(getClass())
                .info("Booking page end to end took {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * At a release the booking answers 428; the page joins the hall's line, shows the wait, and books
     * with the pass the room hands it once the room opens and its turn comes, without a click.
     */
    @Test
    void should_queue_in_the_waiting_room_and_book_with_the_pass_when_its_turn_comes() {
        Hall hall = catalogue.halls("340100", null).get(6);
        LocalDate day = BookingFixtures.nextOpenDay(catalogue, hall.code());
        Instant opensAt = Instant.now().plus(Duration.ofMinutes(5));
        release = addRelease(day, opensAt);

        browser = Browsers.open(360, 740);
        var wait = Browsers.waitFor(browser);
        fillTheForm(wait, hall, day, BookingFixtures.freshPhone(), BookingFixtures.freshTaxpayerId());
        browser.findElement(By.id("book")).click();
        wait.until(visibilityOfElementLocated(By.id("waiting-room")));
        wait.until(textMatches(By.id("ticket-state"), Pattern.compile("排队中")));
        Browsers.screenshot(browser, "booking-waiting-room-phone");

        clock.setNow(opensAt.plusSeconds(1).atZone(ProvinceTime.ZONE));
        String appointmentNo =
                wait.until(visibilityOfElementLocated(By.id("appointment-no"))).getText();
        assertThat(appointmentNo).matches("[A-Z]\\d{3}");
        assertThat(browser.findElement(By.id("result-facts")).getText()).contains(hall.name());
    }

    /**
     * After many codes from this network the page shows a picture to read; a wrong reading gets a new
     * picture and no SMS, the refresh button another, and the right one sends the code.
     */
    @Test
    void should_show_a_picture_to_read_after_many_codes_from_this_network_and_send_the_code_with_its_answer() {
        Hall hall = catalogue.halls("340100", null).get(7);
        LocalDate day = BookingFixtures.nextOpenDay(catalogue, hall.code());
        String phone = BookingFixtures.freshPhone();
        // The browser is the loopback client; the test profile's threshold is far above the suite's codes.
        HumanCheckFixtures.codesBeforeHumanCheck(context, LOOPBACK, 0);
        try {
            browser = Browsers.open(360, 740);
            var wait = Browsers.waitFor(browser);
            fillTheDetails(wait, hall, day, BookingFixtures.freshTaxpayerId());

            browser.findElement(By.id("phone")).sendKeys(phone);
            browser.findElement(By.id("send-code")).click();
            WebElement image = wait.until(visibilityOfElementLocated(By.id("human-check-image")));
            wait.until(driver -> image.getAttribute("src").startsWith("data:image/png;base64,"));
            wait.until(driver -> ((Number) ((org.openqa.selenium.JavascriptExecutor) driver)
                                    .executeScript("return arguments[0].naturalWidth;", image))
                            .intValue()
                    > 0);
            assertThat(browser.findElement(By.id("phone-note")).getText()).contains("图形验证码");
            Browsers.screenshot(browser, "booking-human-check-phone");

            String first = image.getAttribute("src");
            String wrong = captchaTexts.latest().charAt(0) == 'A' ? "CCCCC" : "AAAAA";
            browser.findElement(By.id("human-check-answer")).sendKeys(wrong);
            browser.findElement(By.id("send-code")).click();
            wait.until(textMatches(By.id("phone-note"), Pattern.compile(".*图形验证码不正确.*")));
            wait.until(driver -> !first.equals(image.getAttribute("src")));
            assertThat(sms(phone)).isEmpty();

            String second = image.getAttribute("src");
            browser.findElement(By.id("human-check-refresh")).click();
            wait.until(driver -> !second.equals(image.getAttribute("src")));

            browser.findElement(By.id("human-check-answer"))
                    .sendKeys(captchaTexts.latest().toLowerCase());
            browser.findElement(By.id("send-code")).click();
            wait.until(textMatches(By.id("phone-note"), Pattern.compile("验证码已发送.*")));
            assertThat(browser.findElement(By.id("human-check")).isDisplayed()).isFalse();
            browser.findElement(By.id("code")).sendKeys(smsCode(phone));
            browser.findElement(By.id("verify")).click();
            wait.until(visibilityOfElementLocated(By.id("verified")));
        } finally {
            HumanCheckFixtures.forget(context, LOOPBACK);
        }
    }

    private void fillTheForm(
            org.openqa.selenium.support.ui.WebDriverWait wait,
            Hall hall,
            LocalDate day,
            String phone,
            String taxpayerId) {
        fillTheDetails(wait, hall, day, taxpayerId);

        // Phone verification through the SMS the service sent.
        browser.findElement(By.id("phone")).sendKeys(phone);
        browser.findElement(By.id("send-code")).click();
        wait.until(textMatches(By.id("phone-note"), Pattern.compile("验证码已发送.*")));
        browser.findElement(By.id("code")).sendKeys(smsCode(phone));
        browser.findElement(By.id("verify")).click();
        wait.until(visibilityOfElementLocated(By.id("verified")));
    }

    private void fillTheDetails(
            org.openqa.selenium.support.ui.WebDriverWait wait, Hall hall, LocalDate day, String taxpayerId) {
        browser.get("http://127.0.0.1:" + port + "/");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");

        // Hall: city, then search by name.
        wait.until(driver ->
                new Select(driver.findElement(By.id("city"))).getOptions().size() > 1);
        new Select(browser.findElement(By.id("city"))).selectByValue(hall.cityCode());
        browser.findElement(By.id("hall-search")).sendKeys(hall.name());
        wait.until(elementToBeClickable(By.cssSelector("[data-hall='" + hall.code() + "']")))
                .click();

        // Day and slot.
        wait.until(elementToBeClickable(By.cssSelector("#days [data-date='" + day + "']")))
                .click();
        WebElement slot = wait.until(elementToBeClickable(By.cssSelector("#slots button:not([disabled])")));
        assertThat(slot.getText()).contains("剩");
        slot.click();

        // Businesses, with the transfer hint for one outside 一窗通办.
        wait.until(elementToBeClickable(By.cssSelector("#business-types input[value='TAX_FILING']")))
                .click();
        browser.findElement(By.cssSelector("#business-types input[value='DEREGISTRATION']"))
                .click();
        wait.until(visibilityOfElementLocated(By.id("transfer-hint")));
        assertThat(browser.findElement(By.id("transfer-hint")).getText())
                .contains("注销登记")
                .contains("转号");

        // The check character is verified while typing.
        WebElement id = browser.findElement(By.id("taxpayer-id"));
        String wrong = BookingFixtures.withWrongCheckCharacter(taxpayerId);
        id.sendKeys(wrong);
        wait.until(textMatches(By.id("taxpayer-id-note"), Pattern.compile(".*校验位不正确.*")));
        assertThat(id.getAttribute("aria-invalid")).isEqualTo("true");
        id.clear();
        id.sendKeys(taxpayerId);
        wait.until(textMatches(By.id("taxpayer-id-note"), Pattern.compile("校验位正确.*")));
        browser.findElement(By.id("taxpayer-name")).sendKeys("张三");
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser)
                        .executeScript("return [...document.querySelectorAll('input, select')]"
                                + ".filter(field => field.labels.length === 0 && !field.getAttribute('aria-label'))"
                                + ".map(field => field.id || field.outerHTML);"))
                .as("fields without a label")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .isEmpty();
    }

    @Test
    void should_serve_hashed_assets_for_a_year_and_the_page_without_cache() {
        String html = web.get()
                .uri("/")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectHeader()
                .exists("Content-Security-Policy")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        Matcher script =
                Pattern.compile("src=\"(/assets/booking-[0-9a-f]{32}\\.js)\"").matcher(html);
        assertThat(script.find()).as("hashed script address in %s", html).isTrue();
        web.get()
                .uri(script.group(1))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("max-age=31536000"));
    }

    private List<Map<String, Object>> sms(String phone) {
        return web.get()
                .uri("/api/v1/dev/sms?phone={phone}", phone)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                .returnResult()
                .getResponseBody();
    }

    private String smsCode(String phone) {
        List<Map<String, Object>> messages = sms(phone);
        Matcher code = SMS_CODE.matcher(String.valueOf(messages.get(0).get("text")));
        assertThat(code.find()).isTrue();
        return code.group(1);
    }
}
