package cn.yuyue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata that the configuration processor writes from the
 * {@code @ConfigurationProperties} records (and META-INF/additional-spring-configuration-metadata.json)
 * knows every {@code yuyue.*} key that the repository sets anywhere, and explains each. A key set in a
 * profile, a manifest or a script but unknown to the metadata is a typo or a setting nothing reads:
 * Spring Boot ignores it silently, so only this test notices.
 */
class ConfigurationMetadataTest {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    /** Where yuyue.* keys are set: the jar's and the development profiles' files, the manifests' config. */
    private static final List<Path> CONFIGURATION_FILES = configurationFiles();

    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("\\bYUYUE_[A-Z0-9_]+\\b");
    private static final Pattern SCRIPT_OPTION = Pattern.compile("--(yuyue\\.[a-z0-9.-]+)=");

    /** Every yuyue.* property of the metadata, by name, with its description and type. */
    private static Map<String, JsonNode> properties;

    @BeforeAll
    static void readMetadata() throws IOException {
        properties = new TreeMap<>();
        JsonMapper json = JsonMapper.builder().build();
        for (URL url : Collections.list(
                ConfigurationMetadataTest.class.getClassLoader().getResources(METADATA))) {
            try (InputStream in = url.openStream()) {
                json.readTree(in).path("properties").forEach(property -> {
                    String name = text(property, "name");
                    if (name.startsWith("yuyue.")) {
                        properties.put(name, property);
                    }
                });
            }
        }
    }

    @Test
    void should_hold_the_properties_of_every_feature() {
        assertThat(properties)
                .as("yuyue.* properties in " + METADATA)
                .containsKeys(
                        "yuyue.booking.days-ahead",
                        "yuyue.verification.token-secret",
                        "yuyue.sms.dev-outbox.enabled",
                        "yuyue.queue.simulator.enabled",
                        "yuyue.inventory.postgres.bookings-only",
                        "yuyue.web.streams.per-client");
    }

    @Test
    void should_describe_every_property() {
        List<String> undescribed = properties.entrySet().stream()
                .filter(property -> text(property.getValue(), "description").isBlank())
                .map(Map.Entry::getKey)
                .toList();

        assertThat(undescribed)
                .as("properties without a description (the record's @param Javadoc)")
                .isEmpty();
    }

    @Test
    void should_know_every_key_the_configuration_files_set() {
        assertThat(CONFIGURATION_FILES).as("configuration files found").hasSizeGreaterThanOrEqualTo(5);
        Set<String> unknown = new TreeSet<>();
        for (Path file : CONFIGURATION_FILES) {
            for (String key : yuyueKeys(file)) {
                if (!isKnown(key)) {
                    unknown.add(key + " (" + file + ")");
                }
            }
        }

        assertThat(unknown)
                .as("yuyue.* keys set in configuration files but unknown to the metadata")
                .isEmpty();
    }

    @Test
    void should_know_every_environment_variable_the_manifests_set() {
        Set<String> normalised = new TreeSet<>();
        properties.keySet().forEach(name -> normalised.add(normalise(name)));
        // A map property takes its entries as longer variables: YUYUE_EVENTS_ENCRYPTION_KEYS_K1.
        List<String> maps = properties.entrySet().stream()
                .filter(property -> text(property.getValue(), "type").startsWith("java.util.Map"))
                .map(property -> property.getKey()
                                .replaceAll("[^A-Za-z0-9.]", "")
                                .replace('.', '_')
                                .toUpperCase() + "_")
                .toList();
        Set<String> unknown = new TreeSet<>();
        for (Path manifest : files(Path.of("k8s"), ".yaml")) {
            Matcher variables = ENVIRONMENT_VARIABLE.matcher(read(manifest));
            while (variables.find()) {
                String variable = variables.group();
                if (!normalised.contains(normalise(variable)) && maps.stream().noneMatch(variable::startsWith)) {
                    unknown.add(variables.group() + " (" + manifest + ")");
                }
            }
        }

        assertThat(unknown)
                .as("YUYUE_* environment variables that bind to no property")
                .isEmpty();
    }

    @Test
    void should_know_every_option_the_load_test_scripts_pass() {
        Set<String> unknown = new TreeSet<>();
        for (Path script : files(Path.of("load-tests"), ".sh")) {
            Matcher options = SCRIPT_OPTION.matcher(read(script));
            while (options.find()) {
                if (!isKnown(options.group(1))) {
                    unknown.add(options.group(1) + " (" + script + ")");
                }
            }
        }

        assertThat(unknown)
                .as("--yuyue.* options of the load-test scripts unknown to the metadata")
                .isEmpty();
    }

    /** A property of that name, or an entry of a map property ({@code yuyue.sms.templates.*}). */
    private static boolean isKnown(String key) {
        if (properties.containsKey(key)) {
            return true;
        }
        return properties.entrySet().stream()
                .anyMatch(property -> key.startsWith(property.getKey() + ".")
                        && text(property.getValue(), "type").startsWith("java.util.Map"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    /** The yuyue.* keys a YAML file sets, list indexes removed ({@code trusted-proxies[0]}). */
    private static Set<String> yuyueKeys(Path file) {
        Set<String> keys = new TreeSet<>();
        try {
            for (PropertySource<?> document :
                    new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file))) {
                for (String name : ((EnumerablePropertySource<?>) document).getPropertyNames()) {
                    if (name.startsWith("yuyue.")) {
                        keys.add(name.replaceAll("\\[\\d+]", ""));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    /**
     * Letters and digits only, upper case: how Spring Boot matches an environment variable
     * ({@code YUYUE_STAFF_OPERATORINITIALPASSWORD}, {@code YUYUE_VERIFICATION_TOKEN_SECRET}) to a
     * property, closely enough to tell a known one from a typo.
     */
    private static String normalise(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "").toUpperCase();
    }

    private static List<Path> configurationFiles() {
        List<Path> files = new ArrayList<>();
        files.addAll(files(Path.of("src/main/resources"), ".yml").stream()
                .filter(file -> file.getFileName().toString().startsWith("application"))
                .toList());
        files.addAll(files(Path.of("src/test/resources"), ".yml").stream()
                .filter(file -> file.getFileName().toString().startsWith("application"))
                .toList());
        files.addAll(files(Path.of("k8s/base/config"), ".yaml"));
        files.addAll(files(Path.of("k8s/overlays"), ".yaml").stream()
                .filter(file -> file.getParent().getFileName().toString().equals("config"))
                .toList());
        return files;
    }

    private static List<Path> files(Path directory, String suffix) {
        try (Stream<Path> found = Files.walk(directory)) {
            return found.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
