package cn.yuyue.pages;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real headless Chromium of the machine, driven through its own chromedriver. Selenium Manager
 * is never asked to download anything: both paths are given. On a machine without them every
 * browser test is skipped, with one loud line saying how to install them.
 */
public final class Browsers {

    private static final Logger log = LoggerFactory.getLogger(Browsers.class);
    private static final Path CHROMIUM = Path.of(System.getProperty("yuyue.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("yuyue.chromedriver", "/usr/bin/chromedriver"));
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** Generous: a loaded 2-core machine runs the app, its servers and the browser at once. */
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    private Browsers() {}

    /** A new browser window of this size (CSS pixels), or the test is skipped without Chromium. */
    public static WebDriver open(int width, int height) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            if (WARNED.compareAndSet(false, true)) {
                log.warn(
                        "BROWSER TESTS SKIPPED: no {} or {}. Install them with "
                                + "'apt-get install -y chromium chromium-driver fonts-wqy-microhei' (what .ci/run does).",
                        CHROMIUM,
                        CHROMEDRIVER);
            }
            Assumptions.abort("Chromium and chromedriver are not installed");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--lang=zh-CN",
                "--hide-scrollbars",
                "--window-size=" + width + "," + height);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        // The viewport itself, not the window around it: a 360x740 phone or a 1920x1080 screen.
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    public static WebDriverWait waitFor(WebDriver driver) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100));
    }

    /** Saves what the browser shows to target/screenshots/{name}.png. */
    public static Path screenshot(WebDriver driver, String name) {
        File taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "screenshots", name + ".png");
        try {
            Files.createDirectories(target.getParent());
            Files.copy(taken.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Screenshot {}", target.toAbsolutePath());
        return target;
    }
}
