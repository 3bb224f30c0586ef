package cn.yuyue.admin;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textMatches;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.yuyue.admin.security.AccountSeeding;
import cn.yuyue.booking.BookingFixtures;
import cn.yuyue.pages.Browsers;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.redis.RedisSlotInventory;
import cn.yuyue.waitlist.WaitlistFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A new guide signs in to the console on a desktop screen, replaces the initial password, sees the
 * day's bookings and checks a taxpayer in by appointment number and name, getting the slip. A hall
 * admin reads the waitlist lines; the province operator issues a queue-system key and adds a release.
 */
class StaffConsoleBrowserIntegrationTest extends AdminTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    RedisSlotInventory inventory;

    private WebDriver browser;

    /** The day of a release the operator's test adds: withdrawn after it, whatever happened. */
    private LocalDate releaseDay;

    @AfterEach
    void close() {
        clock.reset();
        if (browser != null) {
            browser.quit();
        }
        if (releaseDay != null) {
            addedReleases(releaseDay)
                    .forEach(id -> web.delete()
                            .uri("/api/v1/admin/releases/{id}", id)
                            .header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                            .exchange());
        }
    }

    @Test
    void should_sign_in_change_the_password_and_check_a_taxpayer_in_with_the_slip() {
        String hall = hall(63);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime start = slot(hall, day, 4);
        Map<?, ?> booking = booked(hall, day, start, freshTaxpayerId(), "孙 小美", freshPhone());
        String number = String.valueOf(booking.get("appointmentNo"));
        awaitDurable(String.valueOf(booking.get("id")), "BOOKED");
        String username = StaffFixtures.newGuide(web, seeding, hall);
        String initialPassword = StaffFixtures.initialPasswordOfGuide(username);
        // The desk's "today" is the booking's day, half an hour before its slot.
        clock.setNow(day.atTime(start).minusMinutes(30).atZone(ProvinceTime.ZONE));

        browser = Browsers.open(1366, 900);
        var wait = Browsers.waitFor(browser);
        browser.get("http://127.0.0.1:" + port + "/console/");
        wait.until(visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys("wrong password");
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        wait.until(textMatches(By.id("message"), Pattern.compile("用户名或密码不正确.*")));
        browser.findElement(By.id("password")).clear();
        browser.findElement(By.id("password")).sendKeys(initialPassword);
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();

        wait.until(visibilityOfElementLocated(By.id("new-password"))).sendKeys(StaffFixtures.NEW_PASSWORD);
        browser.findElement(By.id("new-password-again")).sendKeys(StaffFixtures.NEW_PASSWORD);
        browser.findElement(By.cssSelector("#change-form button[type=submit]")).click();

        wait.until(textMatches(By.id("day-bookings"), Pattern.compile("(?s).*" + number + ".*孙 小美.*")));
        Browsers.screenshot(browser, "console-today-desktop");

        browser.findElement(By.id("tab-checkin")).click();
        wait.until(visibilityOfElementLocated(By.id("checkin-no"))).sendKeys(number.toLowerCase());
        browser.findElement(By.id("checkin-name")).sendKeys("孙小美");
        browser.findElement(By.cssSelector("#checkin-form button[type=submit]")).click();
        wait.until(visibilityOfElementLocated(By.cssSelector("#slip .number")));
        assertThat(browser.findElement(By.id("slip")).getText())
                .contains("预约办税单")
                .contains(number)
                .contains("孙 小美");
        assertThat(browser.findElement(By.id("message")).getText()).contains("已签到");
        Browsers.screenshot(browser, "console-slip-desktop");
        awaitDurable(String.valueOf(booking.get("id")), "CHECKED_IN");
    }

    @Test
    void should_show_a_hall_admin_the_calendar_closures_and_a_report_chart() {
        String hall = hall(64);
        LocalDate day = nextOpenDay(catalogue, hall);
        admin(hall); // activated with StaffFixtures.NEW_PASSWORD

        browser = Browsers.open(1366, 900);
        var wait = Browsers.waitFor(browser);
        browser.get("http://127.0.0.1:" + port + "/console/");
        wait.until(visibilityOfElementLocated(By.id("username"))).sendKeys("admin-" + hall);
        browser.findElement(By.id("password")).sendKeys(StaffFixtures.NEW_PASSWORD);
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        wait.until(visibilityOfElementLocated(By.id("tab-schedule"))).click();

        wait.until(
                driver -> driver.findElements(By.cssSelector("#calendar > div")).size() == 8);
        assertThat(browser.findElement(By.id("s-slotMinutes")).getAttribute("value"))
                .isNotEmpty();
        setValue("c-date", day.toString());
        setValue("c-slot", "16:30");
        browser.findElement(By.id("c-reason")).sendKeys("系统维护");
        browser.findElement(By.cssSelector("#closure-form button[type=submit]")).click();
        wait.until(textMatches(By.id("closures"), Pattern.compile("(?s).*16:30：系统维护.*")));
        browser.findElement(By.cssSelector("#closures button")).click();
        wait.until(textMatches(By.id("closures"), Pattern.compile("没有闭厅.*")));

        // A phone booking on the taxpayer's behalf.
        browser.findElement(By.id("tab-desk")).click();
        setValue("desk-date", day.toString());
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> !driver.findElement(By.id("desk-start"))
                        .getAttribute("value")
                        .isEmpty());
        browser.findElement(By.id("desk-id")).sendKeys(freshTaxpayerId());
        browser.findElement(By.id("desk-name")).sendKeys("周 八");
        browser.findElement(By.id("desk-phone")).sendKeys(freshPhone());
        browser.findElement(By.cssSelector("#desk-types input[value='TAX_FILING']"))
                .click();
        browser.findElement(By.cssSelector("#desk-form button[type=submit]")).click();
        wait.until(textMatches(By.id("desk-result"), Pattern.compile("已预约：[A-Z]\\d{3}.*")));

        browser.findElement(By.id("tab-reports")).click();
        String hallName = catalogue.hall(hall).orElseThrow().name();
        wait.until(textMatches(By.id("report-rows"), Pattern.compile("(?s).*" + Pattern.quote(hallName) + ".*")));
        // A bar per series and day of the week, plus the legend; a quiet day's bars are zero high.
        wait.until(
                driver -> driver.findElements(By.cssSelector("#chart svg rect")).size() == 7 * 3 + 3);
        assertThat(browser.findElement(By.cssSelector("#chart svg title")).getAttribute("textContent"))
                .contains("预约");
        Browsers.screenshot(browser, "console-report-desktop");
    }

    @Test
    void should_show_a_hall_admin_the_waitlist_line_of_each_slot_in_order() {
        String hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 263, 1, 1)
                .code();
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime full = slot(hall, day, 0);
        booked(hall, day, full, freshTaxpayerId(), "满 员", freshPhone());
        String firstPhone = freshPhone();
        joinWaitlist(firstPhone, hall, day, full, "候补 甲");
        joinWaitlist(freshPhone(), hall, day, full, "候补 乙");
        admin(hall); // activated with StaffFixtures.NEW_PASSWORD

        browser = Browsers.open(1366, 900);
        var wait = Browsers.waitFor(browser);
        signIn(wait, AccountSeeding.hallAdmin(hall));
        assertThat(browser.findElement(By.id("tab-keys")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("tab-releases")).isDisplayed()).isFalse();
        wait.until(visibilityOfElementLocated(By.id("tab-waitlist"))).click();
        setValue("waitlist-day", day.toString());
        browser.findElement(By.id("load-waitlist")).click();

        wait.until(textMatches(
                By.id("waitlist-lines"),
                Pattern.compile("(?s).*" + full + " 时段：2 人候补.*第 1 位\\s+候补 甲.*第 2 位\\s+候补 乙.*")));
        String lines = browser.findElement(By.id("waitlist-lines")).getText();
        assertThat(lines)
                .contains(firstPhone.substring(0, 3) + "****" + firstPhone.substring(7))
                .doesNotContain(firstPhone);
        assertThat(browser.findElement(By.id("waitlist-summary")).getText()).contains("共 2 人");
        Browsers.screenshot(browser, "console-waitlist-desktop");
    }

    @Test
    void should_let_the_operator_issue_rotate_and_revoke_a_queue_key_and_add_and_withdraw_a_release() {
        String hall = hall(264);
        operator(); // activated with StaffFixtures.NEW_PASSWORD
        releaseDay = LocalDate.now(ProvinceTime.ZONE).plusDays(30);

        browser = Browsers.open(1366, 900);
        var wait = Browsers.waitFor(browser);
        signIn(wait, AccountSeeding.OPERATOR);
        wait.until(visibilityOfElementLocated(By.id("hall")));
        setValue("hall", hall);
        wait.until(visibilityOfElementLocated(By.id("tab-keys"))).click();

        wait.until(visibilityOfElementLocated(By.id("issue-key"))).click();
        wait.until(visibilityOfElementLocated(By.id("issued-pem")));
        wait.until(driver -> driver.findElement(By.id("issued-pem"))
                .getAttribute("value")
                .startsWith("-----BEGIN PRIVATE KEY-----"));
        assertThat(browser.findElement(By.id("issued-key")).getText()).contains("只显示这一次", "无法再次查看");
        assertThat(browser.findElement(By.id("download-key")).getAttribute("href"))
                .startsWith("blob:");
        Matcher issued = Pattern.compile("密钥编号 (\\S+)（")
                .matcher(browser.findElement(By.id("issued-key-id")).getText());
        assertThat(issued.find()).isTrue();
        String keyId = issued.group(1);
        wait.until(textMatches(By.id("key-rows"), Pattern.compile("(?s).*" + Pattern.quote(keyId) + "\\s+有效.*")));
        assertThat(key(hall, keyId)).containsEntry("state", "ACTIVE");
        browser.findElement(By.id("hide-key")).click();
        assertThat(browser.findElement(By.id("issued-key")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("issued-pem")).getAttribute("value"))
                .isEmpty();

        // A rotation shows the new key once; the old one keeps working through the overlap.
        browser.findElement(By.id("overlap-minutes")).clear();
        browser.findElement(By.id("overlap-minutes")).sendKeys("60");
        browser.findElement(By.cssSelector("#rotate-form button[type=submit]")).click();
        wait.until(textMatches(By.id("message"), Pattern.compile("已轮换：新密钥 .*60 分钟后停用.*")));
        Matcher rotated = Pattern.compile("密钥编号 (\\S+)（")
                .matcher(browser.findElement(By.id("issued-key-id")).getText());
        assertThat(rotated.find()).isTrue();
        String newKeyId = rotated.group(1);
        assertThat(newKeyId).isNotEqualTo(keyId);
        wait.until(textMatches(By.id("key-rows"), Pattern.compile("(?s).*" + Pattern.quote(newKeyId) + "\\s+有效.*")));
        assertThat(browser.findElement(By.id("issued-pem")).getAttribute("value"))
                .startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(key(hall, keyId))
                .containsEntry("state", "ACTIVE")
                .extractingByKey("rotatedAt")
                .isNotNull();
        browser.findElement(By.id("hide-key")).click();

        // Revoking asks first, in place.
        browser.findElement(By.xpath("//tbody[@id='key-rows']//button[text()='停用 " + keyId + "']"))
                .click();
        wait.until(visibilityOfElementLocated(By.xpath("//button[text()='确认停用 " + keyId + "']")))
                .click();
        wait.until(textMatches(By.id("key-rows"), Pattern.compile("(?s).*" + Pattern.quote(keyId) + "\\s+已停用.*")));
        assertThat(key(hall, keyId)).containsEntry("state", "REVOKED");

        browser.findElement(By.id("tab-releases")).click();
        setValue("release-date", releaseDay.toString());
        setValue("release-opens", releaseDay.minusDays(1) + "T09:00");
        browser.findElement(By.id("release-reason")).sendKeys("征期截止日前放号");
        browser.findElement(By.cssSelector("#release-form button[type=submit]")).click();
        wait.until(textMatches(By.id("releases"), Pattern.compile("(?s).*新增放号 .*09:00.*（未开始）.*")));
        assertThat(browser.findElement(By.id("message")).getText()).contains("已新增放号");
        assertThat(addedReleases(releaseDay)).hasSize(1);
        Browsers.screenshot(browser, "console-release-desktop");

        browser.findElement(By.xpath("//ul[@id='releases']//button[text()='撤回']"))
                .click();
        wait.until(textMatches(By.id("message"), Pattern.compile("放号已撤回.*")));
        wait.until(driver -> !driver.findElement(By.id("releases")).getText().contains("新增放号"));
        assertThat(addedReleases(releaseDay)).isEmpty();
    }

    private void signIn(org.openqa.selenium.support.ui.WebDriverWait wait, String username) {
        browser.get("http://127.0.0.1:" + port + "/console/");
        wait.until(visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(StaffFixtures.NEW_PASSWORD);
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        wait.until(visibilityOfElementLocated(By.id("work")));
    }

    private void joinWaitlist(String phone, String hall, LocalDate day, LocalTime start, String name) {
        Map<String, Object> body =
                new HashMap<>(WaitlistFixtures.entryRequest(hall, day, List.of(start.toString()), freshTaxpayerId()));
        body.put("taxpayerName", name);
        web.post()
                .uri("/api/v1/bookings/waitlist")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BookingFixtures.verifiedToken(web, phone))
                .header("Idempotency-Key", BookingFixtures.newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /** The key as the service lists it (keyId, state, rotatedAt, ...). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> key(String hall, String keyId) {
        List<?> keys = web.get()
                .uri("/api/v1/admin/halls/{hall}/queue-keys", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(List.class)
                .returnResult()
                .getResponseBody();
        return keys.stream()
                .map(key -> (Map<String, Object>) key)
                .filter(key -> keyId.equals(key.get("keyId")))
                .findFirst()
                .orElseThrow();
    }

    private List<String> addedReleases(LocalDate day) {
        List<?> releases = web.get()
                .uri("/api/v1/releases?date={date}", day)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(List.class)
                .returnResult()
                .getResponseBody();
        return releases.stream()
                .map(Map.class::cast)
                .map(release -> String.valueOf(release.get("id")))
                .filter(id -> !id.startsWith("daily-"))
                .toList();
    }

    /** Date and time inputs are typed in the order of the browser's locale; their value is not. */
    private void setValue(String id, String value) {
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript(
                        "const input = document.getElementById(arguments[0]); input.value = arguments[1];"
                                + "input.dispatchEvent(new Event('change'));",
                        id,
                        value);
    }
}
