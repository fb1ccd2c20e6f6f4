package io.routepack.yunojuno.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.Headers;
import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operations console in a real browser (the machine's headless Chromium, driven by Selenium): an
 * operator signs in with the admin token, sees a dead delivery, replays it once the sink works again, and
 * sees it delivered. Screenshots go to target/console-screenshots/. Without Chromium and chromedriver the
 * test is skipped with a message, except under CI=true, where that is a failure.
 */
class ConsoleBrowserIT {

    private static final String TOKEN = "c0ns0le-adm1n";
    private static final String CHROMIUM = env("YJ_TEST_CHROMIUM", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = env("YJ_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String FAILED = "Failed — will not retry";

    PackRunner pack;
    WebDriver browser;
    Path profile;
    final AtomicBoolean fragileFixed = new AtomicBoolean(false);
    final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        assumeBrowserInstalled();
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("admin.token", TOKEN);
        // Two test sinks: "crm" always works, "payroll" fails until the test fixes it.
        props.put("dispatch.sinks", "client.client_contact.* = crm; client.contract.* = crm,payroll");
        props.put("delivery.payroll.max-attempts", "1");
        pack = PackRunner.start(props, () -> new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sink-crm").routeId("test-sink-crm").log("crm took ${header." + Headers.MESSAGE_ID + "}");
                from("direct:sink-payroll").routeId("test-sink-payroll").process(e -> {
                    if (!fragileFixed.get()) {
                        throw new IllegalStateException("payroll system refused contractor jane.doe@example.com: 503");
                    }
                    applied.computeIfAbsent(e.getMessage().getHeader(Headers.MESSAGE_ID, String.class),
                            k -> new AtomicInteger()).incrementAndGet();
                });
            }
        });
        browser = startBrowser();
    }

    @AfterEach
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (pack != null) {
            pack.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void operatorSeesADeadDeliveryReplaysItAndSeesItDelivered() throws IOException {
        String spend = post(Samples.bytes("client.spend_request.created")); // no sink takes it
        String testMode = post(text("client.client_contact.registered").replace("\"mode\": \"live\"", "\"mode\": \"test\"")
                .getBytes(StandardCharsets.UTF_8)); // recorded only
        String contact = post(Samples.bytes("client.client_contact.created"));
        String contract = post(Samples.bytes("client.contract.accepted"));
        await().atMost(Duration.ofSeconds(15)).until(() -> "dead".equals(deliveryStatus(contract, "payroll"))
                && "delivered".equals(deliveryStatus(contract, "crm"))
                && "delivered".equals(deliveryStatus(contact, "crm")));

        browser.get("http://127.0.0.1:" + pack.port() + "/console");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys("not-the-token");
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not accepted"));

        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("login-submit")).click();

        // The list: the dead delivery, in plain words, next to the delivered one.
        By payrollInList = By.cssSelector("#events-table tr[data-event='" + contract + "'] .delivery[data-sink='payroll']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(payrollInList, FAILED));
        assertTrue(row(contract).findElement(By.cssSelector(".delivery[data-sink='crm']")).getText().contains("Delivered"));
        assertTrue(row(spend).getText().contains("No sink configured for this type"), row(spend).getText());
        assertTrue(row(testMode).getText().contains("Test event, recorded only"), row(testMode).getText());
        assertTrue(browser.findElement(By.cssSelector("#sinks-table tr[data-sink='payroll']")).getText().contains("Replay 1 failed"));

        // The event's detail: the error (e-mail masked), attempts, the masked payload.
        row(contract).findElement(By.cssSelector("button[data-event]")).click();
        By payrollDetail = By.cssSelector("#deliveries .delivery-card[data-sink='payroll']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(payrollDetail, FAILED));
        String detailCard = browser.findElement(payrollDetail).getText();
        assertTrue(detailCard.contains("payroll system refused contractor ***"), detailCard);
        assertFalse(detailCard.contains("@example.com"), detailCard);
        String payload = browser.findElement(By.id("payload")).getText();
        assertTrue(payload.contains("\"email\": \"***\""), payload);
        assertFalse(payload.contains("@"), "no e-mail address in the shown payload");
        screenshot("1-dead-delivery.png");

        // The status filter narrows the list to the failed event.
        new Select(browser.findElement(By.id("filter-status"))).selectByValue("dead");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#events-table tr[data-event='" + contact + "']")));
        assertEquals(1, browser.findElements(By.cssSelector("#events-table tbody tr")).size());

        // The sink works again: replay that one delivery and watch it become delivered.
        fragileFixed.set(true);
        browser.findElement(By.cssSelector("#deliveries button[data-replay-sink='payroll']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Replay requested"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(payrollDetail, "Delivered"));
        // Nothing is dead any more: the filtered list explains why it is empty.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "No event matches these filters"));
        browser.findElement(By.id("clear-filters")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(payrollInList, "Delivered"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#sinks-table tr[data-sink='payroll']"),
                "Nothing to replay"));
        assertEquals("delivered", deliveryStatus(contract, "payroll"));
        assertEquals(1, applied.get(contract).get(), "applied once");
        Path delivered = screenshot("2-delivered.png");
        assertTrue(Files.size(delivered) > 10_000, "a real screenshot");
    }

    @Test
    void replayAllFailedDeliveriesOfASink() {
        String a = post(Samples.bytes("client.contract.approved"));
        String b = post(Samples.bytes("client.contract.completed"));
        // An event whose type is markup: the console must show it as text, never run it.
        String hostile = post(text("client.contract.offered")
                .replace("\"client.contract.offered\"", "\"<img src=x onerror=window.__pwned=1>\"")
                .getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(15)).until(() -> "dead".equals(deliveryStatus(a, "payroll"))
                && "dead".equals(deliveryStatus(b, "payroll")));

        browser.get("http://127.0.0.1:" + pack.port() + "/console/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(TOKEN);
        browser.findElement(By.id("login-submit")).click();
        By replayAll = By.cssSelector("#sinks-table button[data-sink='payroll']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(replayAll, "Replay 2 failed"));

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#events-table tr[data-event='" + hostile + "']")));
        assertTrue(row(hostile).getText().contains("<img src=x onerror=window.__pwned=1>"), row(hostile).getText());
        row(hostile).findElement(By.cssSelector("button[data-event]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "<img src=x onerror=window.__pwned=1>"));
        assertTrue(browser.findElements(By.cssSelector("main img")).isEmpty(), "markup in data is never turned into elements");
        assertNull(((JavascriptExecutor) browser).executeScript("return window.__pwned === undefined ? null : window.__pwned;"));

        fragileFixed.set(true);
        browser.findElement(replayAll).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "2 failed deliveries to payroll queued again"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(replayAll, "Nothing to replay"));
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(deliveryStatus(a, "payroll"))
                && "delivered".equals(deliveryStatus(b, "payroll")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#events-table tr[data-event='" + a + "'] .delivery[data-sink='payroll']"), "Delivered"));

        // The token is kept for this tab only; "Forget token" asks for it again.
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertNull(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('yunojuno.console.token');"));
    }

    private WebElement row(String messageId) {
        return browser.findElement(By.cssSelector("#events-table tr[data-event='" + messageId + "']"));
    }

    private static String text(String sample) {
        return new String(Samples.bytes(sample), StandardCharsets.UTF_8);
    }

    private WebDriver startBrowser() throws IOException {
        profile = Files.createTempDirectory("console-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--lang=en-GB", "--window-size=1440,1100",
                "--user-data-dir=" + profile.toAbsolutePath());
        // An explicit driver and browser: Selenium Manager (which would download them) is never asked.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1100));
        return driver;
    }

    private Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("Console screenshot: " + target.toAbsolutePath());
        return target;
    }

    private String post(byte[] body) {
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        return id;
    }

    private String deliveryStatus(String id, String sink) {
        return Db.deliveryStatus(pack.storeDataSource(), id, sink);
    }

    private static void assumeBrowserInstalled() {
        for (String binary : new String[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(Path.of(binary))) {
                String message = binary + " is missing: the console browser test is skipped. Install it with"
                        + " `apt-get install chromium chromium-driver`, or point YJ_TEST_CHROMIUM / YJ_TEST_CHROMEDRIVER at them.";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail("CI=true: " + message);
                }
                System.err.println("SKIPPED: " + message);
                Assumptions.abort(message);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
