package cn.yuyue.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import cn.yuyue.booking.application.BookingEventFeed;
import cn.yuyue.booking.messaging.MessagingProperties;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The manifests in {@code k8s/} parse into the Kubernetes object model without a single unknown
 * field, and agree with the application's own configuration: probe paths and ports, the shutdown
 * phase, the topics, the metrics the dashboard plots. Kustomize itself is not available offline,
 * so its files are checked for what a render would trip over: paths that do not exist.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path APPLICATION_YML = Path.of("src/main/resources/application.yml");

    /** Kinds with a fabric8 model class: parsed strictly. */
    private static final Map<String, Class<?>> MODELS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

    /**
     * Operators' custom resources and the Gateway API: validated against the JSON schemas made from
     * their CRDs, vendored in src/test/resources/k8s-schemas (versions in the README there).
     */
    private static final Set<String> CUSTOM_RESOURCES = Set.of(
            "postgresql.cnpg.io/v1/Cluster",
            "postgresql.cnpg.io/v1/ScheduledBackup",
            "barmancloud.cnpg.io/v1/ObjectStore",
            "kafka.strimzi.io/v1/Kafka",
            "kafka.strimzi.io/v1/KafkaNodePool",
            "kafka.strimzi.io/v1/KafkaTopic",
            "kafka.strimzi.io/v1/KafkaUser",
            "redis.redis.opstreelabs.in/v1beta2/RedisReplication",
            "redis.redis.opstreelabs.in/v1beta2/RedisSentinel",
            "gateway.networking.k8s.io/v1/HTTPRoute",
            "monitoring.coreos.com/v1/ServiceMonitor",
            "monitoring.coreos.com/v1/PodMonitor",
            "monitoring.coreos.com/v1/PrometheusRule");

    /** What `kubectl apply -k` is pointed at (docs/operations.md). */
    private static final List<String> KUSTOMIZATIONS =
            List.of("base", "overlays/local", "overlays/production", "servers", "monitoring");

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> LOADED_SCHEMAS = new HashMap<>();

    /** YAML files in k8s/ that are not Kubernetes objects. */
    private static final Set<String> NOT_OBJECTS = Set.of("kustomization.yaml", "prometheus-scrape.yaml");

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /**
     * Refuses unknown fields. fabric8's model classes collect unknown fields in an "any setter"
     * (additionalProperties) instead of failing, so that setter is removed from every bean.
     */
    private static final YAMLMapper STRICT = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("strict-kubernetes-model")
                    .setDeserializerModifier(new ValueDeserializerModifier() {
                        @Override
                        public BeanDeserializerBuilder updateBuilder(
                                DeserializationConfig config,
                                BeanDescription.Supplier description,
                                BeanDeserializerBuilder builder) {
                            builder.setAnySetter(null);
                            builder.setIgnoreUnknownProperties(false);
                            return builder;
                        }
                    }))
            .build();

    @Test
    void should_parse_every_manifest_strictly_into_its_kubernetes_kind() {
        List<Manifest> manifests = manifests();
        assertThat(manifests)
                .extracting(Manifest::kind)
                .contains(
                        "Deployment",
                        "Service",
                        "HTTPRoute",
                        "HorizontalPodAutoscaler",
                        "PodDisruptionBudget",
                        "NetworkPolicy",
                        "Secret",
                        "Cluster",
                        "ObjectStore",
                        "Kafka",
                        "KafkaNodePool",
                        "KafkaTopic",
                        "KafkaUser",
                        "RedisReplication",
                        "RedisSentinel",
                        "ServiceMonitor",
                        "PodMonitor",
                        "PrometheusRule");
        manifests.forEach(KubernetesManifestsTest::validate);
    }

    /**
     * The same for what `kubectl apply -k` would send: every overlay rendered by kustomize (kubectl's
     * built-in one), so merged patches, generated ConfigMaps and namespaces are checked as applied.
     * Skipped where kubectl is not installed; the file-by-file check above runs everywhere.
     */
    @Test
    void should_render_every_kustomization_into_valid_objects() {
        Assumptions.assumeTrue(kubectlKustomize("base") != null, "kubectl with kustomize is not installed");
        for (String kustomization : KUSTOMIZATIONS) {
            String rendered = kubectlKustomize(kustomization);
            assertThat(rendered).as("kubectl kustomize k8s/%s", kustomization).isNotNull();
            List<JsonNode> documents = parse(rendered);
            assertThat(documents).as(kustomization).isNotEmpty();
            documents.forEach(node -> validate(new Manifest(K8S.resolve(kustomization), node)));
            if (kustomization.startsWith("overlays/")) {
                assertThat(documents)
                        .filteredOn(node -> node.path("kind").asString().equals("Deployment")
                                && node.at("/metadata/name").asString().equals("yuyue"))
                        .singleElement()
                        .satisfies(deployment -> assertThat(
                                        deployment.at("/spec/replicas").isMissingNode())
                                .as("%s: the autoscaler owns the replica count", kustomization)
                                .isTrue());
            }
        }
    }

    @Test
    void should_refuse_a_wrong_field_in_a_custom_resource() {
        String typo = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: yuyue-api, labels: {strimzi.io/cluster: yuyue-kafka}}
                spec:
                  authentification:
                    type: scram-sha-512
                """;
        assertThat(errors(parse(typo).get(0)))
                .isNotEmpty()
                .anySatisfy(error -> assertThat(error).contains("authentification"));
        String wrongValue = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: yuyue-api}
                spec:
                  authentication:
                    type: scram-sha-256
                """;
        assertThat(errors(parse(wrongValue).get(0))).isNotEmpty();
        String removedVersion = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: yuyue.booking-events}
                spec: {partitions: 12, replicas: 3}
                """;
        assertThatThrownBy(() -> validate(
                        new Manifest(Path.of("inline"), parse(removedVersion).get(0))))
                .hasMessageContaining("a known kind");
    }

    @Test
    void should_refuse_an_unknown_field_anywhere_in_an_object() {
        String typo = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: yuyue}
                spec:
                  template:
                    spec:
                      containers:
                        - name: yuyue
                          readinessProbe:
                            httpGet: {path: /actuator/health/readiness, port: http}
                            periodSecond: 5
                """;
        assertThatThrownBy(() -> STRICT.readValue(typo, Deployment.class)).hasMessageContaining("periodSecond");
    }

    @Test
    void should_probe_the_actuator_groups_on_the_application_port() {
        JsonNode application = YAML.readTree(APPLICATION_YML.toFile());
        int serverPort = application.path("server").path("port").asInt();
        JsonNode management = application.path("management");
        String basePath =
                management.path("endpoints").path("web").path("base-path").asString("/actuator");
        JsonNode health = management.path("endpoint").path("health");
        assertThat(health.path("probes").path("enabled").asBoolean())
                .as("health probes enabled")
                .isTrue();
        assertThat(health.path("group").has("liveness")).isTrue();
        assertThat(health.path("group").path("readiness").path("include").asString())
                .contains("readinessState", "redis", "kafka")
                .doesNotContain("r2dbc");

        Container api = apiContainer(baseDeployment());
        assertThat(api.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(serverPort);
        });
        assertThat(path(api.getLivenessProbe())).isEqualTo(basePath + "/health/liveness");
        assertThat(path(api.getStartupProbe())).isEqualTo(basePath + "/health/liveness");
        assertThat(path(api.getReadinessProbe())).isEqualTo(basePath + "/health/readiness");
        for (Probe probe : List.of(api.getLivenessProbe(), api.getReadinessProbe(), api.getStartupProbe())) {
            assertThat(resolvePort(probe.getHttpGet().getPort(), api)).isEqualTo(serverPort);
        }

        Service service = manifest("base/service.yaml", Service.class);
        assertThat(service.getSpec().getPorts())
                .singleElement()
                .satisfies(port ->
                        assertThat(resolvePort(port.getTargetPort(), api)).isEqualTo(serverPort));
        NetworkPolicy policy = manifest("base/networkpolicy.yaml", NetworkPolicy.class);
        assertThat(policy.getSpec().getIngress())
                .allSatisfy(rule -> assertThat(rule.getPorts())
                        .extracting(NetworkPolicyPort::getPort)
                        .extracting(IntOrString::getIntVal)
                        .containsOnly(serverPort));
    }

    @Test
    void should_give_graceful_shutdown_time_after_the_endpoints_drained() {
        JsonNode application = YAML.readTree(APPLICATION_YML.toFile());
        assertThat(application.path("server").path("shutdown").asString()).isEqualTo("graceful");
        Duration shutdownPhase = DurationStyle.detectAndParse(application
                .path("spring")
                .path("lifecycle")
                .path("timeout-per-shutdown-phase")
                .asString());

        Deployment deployment = baseDeployment();
        Container api = apiContainer(deployment);
        long preStop = api.getLifecycle().getPreStop().getSleep().getSeconds();
        assertThat(preStop).as("preStop sleep").isGreaterThanOrEqualTo(5);
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("terminationGracePeriodSeconds > preStop + shutdown phase")
                .isGreaterThan(preStop + shutdownPhase.toSeconds());
    }

    @Test
    void should_run_as_non_root_on_a_read_only_file_system_with_a_writable_tmp() {
        Deployment deployment = baseDeployment();
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container api = apiContainer(deployment);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(api.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(api.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(api.getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes()).anySatisfy(volume -> {
            assertThat(volume.getName()).isEqualTo("tmp");
            assertThat(volume.getEmptyDir()).isNotNull();
        });
        assertThat(api.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(api.getResources().getLimits()).containsKeys("cpu", "memory");

        HorizontalPodAutoscaler hpa = manifest("base/hpa.yaml", HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.getSpec().getMetrics())
                .anySatisfy(metric -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
    }

    @Test
    void should_keep_server_sent_events_open_at_the_gateway_and_route_only_the_api() {
        JsonNode route = customResource("HTTPRoute", "yuyue");
        assertThat(route.at("/spec/parentRefs/0/kind").asString()).isEqualTo("Gateway");
        JsonNode rules = route.at("/spec/rules");
        List<String> prefixes = new ArrayList<>();
        rules.forEach(rule -> rule.path("matches")
                .forEach(match -> prefixes.add(match.at("/path/value").asString())));
        assertThat(prefixes).allSatisfy(prefix -> assertThat(prefix).startsWith("/api"));
        JsonNode streams = null;
        for (JsonNode rule : rules) {
            for (JsonNode match : rule.path("matches")) {
                if (match.path("headers").toString().contains("text/event-stream")) {
                    streams = rule;
                }
            }
        }
        assertThat(streams).as("a rule for text/event-stream").isNotNull();
        assertThat(DurationStyle.detectAndParse(streams.at("/timeouts/request").asString()))
                .as("SSE request timeout")
                .isGreaterThanOrEqualTo(Duration.ofHours(1));
        assertThat(DurationStyle.detectAndParse(
                        streams.at("/timeouts/backendRequest").asString()))
                .as("SSE backend timeout")
                .isGreaterThanOrEqualTo(Duration.ofHours(1));
        Service service = manifest("base/service.yaml", Service.class);
        rules.forEach(rule -> assertThat(rule.at("/backendRefs/0/port").asInt())
                .isEqualTo(service.getSpec().getPorts().get(0).getPort()));
    }

    @Test
    void should_refer_only_to_files_that_exist_and_build_overlays_on_the_base() throws IOException {
        List<Path> kustomizations;
        try (Stream<Path> files = Files.walk(K8S)) {
            kustomizations = files.filter(path -> path.getFileName().toString().equals("kustomization.yaml"))
                    .toList();
        }
        assertThat(kustomizations)
                .extracting(path -> K8S.relativize(path.getParent()).toString().replace('\\', '/'))
                .contains("base", "overlays/local", "overlays/production", "servers", "monitoring");
        for (Path kustomization : kustomizations) {
            Path dir = kustomization.getParent();
            JsonNode root = YAML.readTree(kustomization.toFile());
            List<String> referenced = new ArrayList<>();
            root.path("resources").forEach(resource -> referenced.add(resource.asString()));
            root.path("patches")
                    .forEach(patch -> referenced.add(patch.path("path").asString()));
            root.path("configMapGenerator")
                    .forEach(generator -> generator
                            .path("files")
                            .forEach(file -> referenced.add(file.asString().replaceFirst("^[^=]+=", ""))));
            for (String reference : referenced) {
                Path target = dir.resolve(reference).normalize();
                assertThat(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")))
                        .as("%s refers to %s", kustomization, reference)
                        .isTrue();
            }
            if (dir.startsWith(K8S.resolve("overlays"))) {
                assertThat(referenced)
                        .as("%s builds on the base", kustomization)
                        .contains("../../base");
            }
        }
        JsonNode production = YAML.readTree(
                K8S.resolve("overlays/production/kustomization.yaml").toFile());
        assertThat(production.path("images").get(0).path("newTag").asString())
                .as("production pins its image")
                .isNotBlank()
                .isNotEqualTo("latest");
    }

    @Test
    void should_patch_only_objects_the_base_defines() {
        Set<String> base = Set.of(
                "Deployment/yuyue",
                "Service/yuyue",
                "HTTPRoute/yuyue",
                "HorizontalPodAutoscaler/yuyue",
                "PodDisruptionBudget/yuyue",
                "NetworkPolicy/yuyue");
        for (String overlay : List.of("overlays/local", "overlays/production")) {
            JsonNode kustomization = YAML.readTree(
                    K8S.resolve(overlay).resolve("kustomization.yaml").toFile());
            kustomization.path("patches").forEach(patch -> {
                JsonNode object = documents(
                                K8S.resolve(overlay).resolve(patch.path("path").asString()))
                        .get(0);
                assertThat(base)
                        .as("patch %s in %s", patch, overlay)
                        .contains(object.path("kind").asString() + "/"
                                + object.path("metadata").path("name").asString());
            });
        }
        // The autoscaler owns the count: a replicas field would reset it on every apply.
        for (String deployment : List.of(
                "base/deployment.yaml",
                "overlays/local/deployment-patch.yaml",
                "overlays/production/deployment-patch.yaml")) {
            assertThat(manifest(deployment, Deployment.class).getSpec().getReplicas())
                    .as(deployment)
                    .isNull();
        }
        Deployment production = manifest("overlays/production/deployment-patch.yaml", Deployment.class);
        assertThat(production.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .anySatisfy(
                        constraint -> assertThat(constraint.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
        assertThat(manifest("overlays/production/hpa-patch.yaml", HorizontalPodAutoscaler.class)
                        .getSpec()
                        .getMinReplicas())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void should_keep_a_confirmed_booking_through_the_loss_of_one_server_node() {
        JsonNode postgres = customResource("Cluster", "yuyue-pg");
        assertThat(postgres.at("/spec/instances").asInt()).isEqualTo(3);
        assertThat(postgres.at("/spec/postgresql/synchronous/method").asString())
                .isEqualTo("any");
        assertThat(postgres.at("/spec/postgresql/synchronous/number").asInt()).isEqualTo(1);
        assertThat(postgres.at("/spec/postgresql/synchronous/dataDurability").asString())
                .isEqualTo("required");
        assertThat(postgres.at("/spec/postgresql/synchronous/failoverQuorum").asBoolean())
                .isTrue();
        assertThat(postgres.at("/metadata/annotations").isMissingNode())
                .as("no alpha annotations")
                .isTrue();
        assertThat(postgres.at("/spec/backup").isMissingNode())
                .as("backups through the plugin")
                .isTrue();
        assertThat(postgres.at("/spec/monitoring/enablePodMonitor").isMissingNode())
                .isTrue();
        JsonNode plugin = postgres.at("/spec/plugins/0");
        assertThat(plugin.path("name").asString()).isEqualTo("barman-cloud.cloudnative-pg.io");
        assertThat(plugin.path("isWALArchiver").asBoolean()).isTrue();
        JsonNode store = customResource(
                "ObjectStore", plugin.at("/parameters/barmanObjectName").asString());
        assertThat(store.at("/spec/configuration/destinationPath").asString()).isNotBlank();
        assertThat(customResource("ScheduledBackup", "yuyue-pg-nightly")
                        .at("/spec/method")
                        .asString())
                .isEqualTo("plugin");
        assertThat(customResource("PodMonitor", "yuyue-pg")
                        .at("/spec/selector/matchLabels/cnpg.io~1cluster")
                        .asString())
                .isEqualTo("yuyue-pg");

        JsonNode kafka = customResource("Kafka", "yuyue-kafka");
        JsonNode config = kafka.at("/spec/kafka/config");
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("unclean.leader.election.enable").asBoolean(true))
                .isFalse();
        JsonNode pool = customResource("KafkaNodePool", "dual-role");
        assertThat(pool.at("/metadata/labels/strimzi.io~1cluster").asString()).isEqualTo("yuyue-kafka");
        assertThat(pool.at("/spec/replicas").asInt()).isEqualTo(3);

        JsonNode replication = customResource("RedisReplication", "yuyue-redis");
        assertThat(replication.at("/spec/clusterSize").asInt()).isEqualTo(3);
        String redisConfig =
                manifest("servers/redis.yaml", ConfigMap.class).getData().get("redis-additional.conf");
        assertThat(redisConfig).contains("appendonly yes", "appendfsync everysec");
        assertThat(replication.at("/spec/redisConfig/additionalRedisConfig").asString())
                .isEqualTo("yuyue-redis-config");
        JsonNode sentinel = customResource("RedisSentinel", "yuyue-redis");
        assertThat(sentinel.at("/spec/clusterSize").asInt()).isEqualTo(3);
        assertThat(sentinel.at("/spec/redisSentinelConfig/redisReplicationName").asString())
                .isEqualTo("yuyue-redis");
    }

    @Test
    void should_log_one_json_object_per_line_in_production_so_logged_input_cannot_forge_lines() {
        JsonNode environment = YAML.readTree(
                K8S.resolve("overlays/production/config/environment.yaml").toFile());
        assertThat(environment.at("/logging/structured/format/console").asString())
                .isEqualTo("ecs");
    }

    @Test
    void should_declare_the_topics_the_application_uses_with_its_partitions_and_replicas() {
        JsonNode environment = YAML.readTree(
                K8S.resolve("overlays/production/config/environment.yaml").toFile());
        int partitions = environment.at("/yuyue/kafka/partitions").asInt();
        int replicas = environment.at("/yuyue/kafka/replicas").asInt();
        assertThat(replicas).isEqualTo(3);
        for (String topic : List.of(defaultOf("topic"), defaultOf("deadLetterTopic"))) {
            JsonNode declared = customResource("KafkaTopic", topic);
            assertThat(declared.at("/spec/partitions").asInt()).as(topic).isEqualTo(partitions);
            assertThat(declared.at("/spec/replicas").asInt()).as(topic).isEqualTo(replicas);
            assertThat(declared.at("/spec/config/min.insync.replicas").asInt())
                    .as(topic)
                    .isEqualTo(2);
            assertThat(Duration.ofMillis(
                            declared.at("/spec/config/retention.ms").asLong()))
                    .as("%s keeps more than the 7-day booking window", topic)
                    .isGreaterThan(Duration.ofDays(7));
        }
    }

    @Test
    void should_scrape_and_plot_the_metrics_the_application_publishes() throws IOException {
        JsonNode application = YAML.readTree(APPLICATION_YML.toFile());
        JsonNode management = application.path("management");
        assertThat(management.at("/endpoints/web/exposure/include").asString()).contains("prometheus");
        // Bound the way Boot binds MetricsProperties, so a key that Spring would split at its dots fails here.
        Map<String, Boolean> histograms = new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader()
                        .load("application.yml", new FileSystemResource(APPLICATION_YML))))
                .bind(
                        "management.metrics.distribution.percentiles-histogram",
                        Bindable.mapOf(String.class, Boolean.class))
                .orElse(Map.of());
        assertThat(histograms)
                .as("histogram buckets for http.server.requests")
                .containsEntry("http.server.requests", true);

        JsonNode monitor = customResource("ServiceMonitor", "yuyue");
        assertThat(monitor.at("/spec/endpoints/0/path").asString()).isEqualTo("/actuator/prometheus");
        assertThat(monitor.at("/spec/endpoints/0/port").asString())
                .isEqualTo(manifest("base/service.yaml", Service.class)
                        .getSpec()
                        .getPorts()
                        .get(0)
                        .getName());
        assertThat(Files.readString(K8S.resolve("monitoring/prometheus-scrape.yaml")))
                .contains("job_name: yuyue");

        JsonNode dashboard = JsonMapper.builder()
                .build()
                .readTree(K8S.resolve("monitoring/grafana-dashboard.json").toFile());
        List<String> expressions = new ArrayList<>();
        dashboard
                .path("panels")
                .forEach(panel -> panel.path("targets")
                        .forEach(target -> expressions.add(target.path("expr").asString())));
        assertThat(String.join("\n", expressions))
                .contains(
                        "http_server_requests_seconds_count{uri=\"/api/v1/bookings\",method=\"POST\"",
                        "status=~\"4..|5..\"",
                        "histogram_quantile(0.99",
                        "http_server_requests_seconds_bucket",
                        "yuyue_booking_persistence_lag",
                        "rate(yuyue_booking_persistence_events_total",
                        "yuyue_queue_watchers");
    }

    @Test
    void should_reach_kafka_only_over_tls_with_the_application_user_and_its_acls() {
        JsonNode kafka = customResource("Kafka", "yuyue-kafka");
        assertThat(kafka.at("/spec/kafka/listeners")).allSatisfy(listener -> {
            assertThat(listener.path("tls").asBoolean())
                    .as("TLS on %s", listener)
                    .isTrue();
            assertThat(listener.at("/authentication/type").asString()).isEqualTo("scram-sha-512");
        });
        assertThat(kafka.at("/spec/kafka/authorization/type").asString()).isEqualTo("simple");
        assertThat(kafka.at("/spec/entityOperator/userOperator").isObject()).isTrue();
        int tlsPort = kafka.at("/spec/kafka/listeners/0/port").asInt();

        JsonNode environment = YAML.readTree(
                K8S.resolve("overlays/production/config/environment.yaml").toFile());
        JsonNode client = environment.at("/spring/kafka");
        assertThat(client.path("bootstrap-servers").asString()).isEqualTo("yuyue-kafka-kafka-bootstrap:" + tlsPort);
        assertThat(client.at("/security/protocol").asString()).isEqualTo("SASL_SSL");
        assertThat(client.at("/properties/[sasl.mechanism]").asString()).isEqualTo("SCRAM-SHA-512");
        assertThat(client.at("/properties/[sasl.jaas.config]").asString()).isEqualTo("${KAFKA_SASL_JAAS_CONFIG}");

        JsonNode user = customResource("KafkaUser", "yuyue-api");
        assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asString()).isEqualTo("yuyue-kafka");
        assertThat(user.at("/spec/authentication/type").asString()).isEqualTo("scram-sha-512");
        Deployment production = manifest("overlays/production/deployment-patch.yaml", Deployment.class);
        Container api = apiContainer(production);
        EnvVar jaas = env(api, "KAFKA_SASL_JAAS_CONFIG");
        assertThat(jaas.getValueFrom().getSecretKeyRef().getName())
                .as("the KafkaUser's Secret")
                .isEqualTo("yuyue-api");
        assertThat(jaas.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");

        // The trust store is the cluster CA's certificate, mounted where the property says.
        String trustStore = client.at("/ssl/trust-store-location").asString().replaceFirst("^file:", "");
        assertThat(client.at("/ssl/trust-store-type").asString()).isEqualTo("PEM");
        var mount = api.getVolumeMounts().stream()
                .filter(candidate -> trustStore.startsWith(candidate.getMountPath() + "/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + trustStore));
        var volume = production.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(candidate -> candidate.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("yuyue-kafka-cluster-ca-cert");
        assertThat(volume.getSecret().getItems()).anySatisfy(item -> {
            assertThat(item.getKey()).isEqualTo("ca.crt");
            assertThat(mount.getMountPath() + "/" + item.getPath()).isEqualTo(trustStore);
        });

        // Exactly what the service does: write and read its topic, write the dead-letter topic,
        // consume in its group. No Create, Delete, Alter or cluster rights.
        Map<String, Set<String>> acls = new HashMap<>();
        user.at("/spec/authorization/acls").forEach(acl -> {
            assertThat(acl.at("/resource/patternType").asString()).isEqualTo("literal");
            Set<String> operations = new java.util.TreeSet<>();
            acl.path("operations").forEach(operation -> operations.add(operation.asString()));
            acls.put(
                    acl.at("/resource/type").asString() + ":"
                            + acl.at("/resource/name").asString(),
                    operations);
        });
        assertThat(acls)
                .containsOnly(
                        Map.entry("topic:" + defaultOf("topic"), Set.of("Describe", "Read", "Write")),
                        Map.entry("topic:" + defaultOf("deadLetterTopic"), Set.of("Describe", "Write")),
                        Map.entry("group:" + BookingEventFeed.PERSISTENCE_GROUP, Set.of("Describe", "Read")));
    }

    /** The production settings as Boot binds them produce a Kafka client that speaks SASL_SSL. */
    @Test
    void should_configure_the_kafka_clients_for_the_tls_listener_as_boot_binds_them() throws IOException {
        var environment = new org.springframework.core.env.StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("production", new FileSystemResource(K8S.resolve("overlays/production/config/environment.yaml")))
                .forEach(source -> environment.getPropertySources().addLast(source));
        String jaas =
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"yuyue-api\" password=\"x\";";
        environment
                .getPropertySources()
                .addFirst(new org.springframework.core.env.MapPropertySource(
                        "secret", Map.of("KAFKA_SASL_JAAS_CONFIG", jaas)));
        var kafka = Binder.get(environment)
                .bind("spring.kafka", Bindable.of(org.springframework.boot.kafka.autoconfigure.KafkaProperties.class))
                .get();
        Map<String, Object> admin = kafka.buildAdminProperties();
        assertThat(admin)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", jaas)
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry(
                        "ssl.truststore.location",
                        Path.of("/etc/kafka-ca/ca.crt").toAbsolutePath().toString());
        assertThat(kafka.buildProducerProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", jaas);
        assertThat(kafka.buildConsumerProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.type", "PEM");
    }

    @Test
    void should_migrate_as_the_owner_and_serve_requests_as_the_lesser_role() {
        JsonNode postgres = customResource("Cluster", "yuyue-pg");
        String owner = postgres.at("/spec/bootstrap/initdb/owner").asString();
        Map<String, String> roleSecrets = new HashMap<>();
        postgres.at("/spec/managed/roles").forEach(role -> {
            assertThat(role.path("superuser").asBoolean(false)).isFalse();
            assertThat(role.path("createrole").asBoolean(false)).isFalse();
            roleSecrets.put(
                    role.path("name").asString(),
                    role.at("/passwordSecret/name").asString());
        });
        assertThat(roleSecrets).hasSize(2).containsKey(owner);
        assertThat(postgres.at("/spec/bootstrap/initdb/secret/name").asString()).isEqualTo(roleSecrets.get(owner));
        String app = roleSecrets.keySet().stream()
                .filter(role -> !role.equals(owner))
                .findFirst()
                .orElseThrow();

        Container api = apiContainer(manifest("overlays/production/deployment-patch.yaml", Deployment.class));
        Map<String, String> sources = Map.of(
                "SPRING_FLYWAY_USER", roleSecrets.get(owner) + "/username",
                "SPRING_FLYWAY_PASSWORD", roleSecrets.get(owner) + "/password",
                "SPRING_R2DBC_USERNAME", roleSecrets.get(app) + "/username",
                "SPRING_R2DBC_PASSWORD", roleSecrets.get(app) + "/password");
        sources.forEach((name, source) -> {
            var reference = env(api, name).getValueFrom().getSecretKeyRef();
            assertThat(reference.getName() + "/" + reference.getKey()).as(name).isEqualTo(source);
        });
        // The Secrets' templates name the same roles.
        List<JsonNode> templates = documents(K8S.resolve("servers/secrets.template.yaml"));
        for (String role : List.of(owner, app)) {
            assertThat(templates)
                    .filteredOn(node -> node.at("/metadata/name").asString().equals(roleSecrets.get(role)))
                    .singleElement()
                    .satisfies(secret -> {
                        assertThat(secret.path("type").asString()).isEqualTo("kubernetes.io/basic-auth");
                        assertThat(secret.at("/stringData/username").asString()).isEqualTo(role);
                    });
        }
    }

    @Test
    void should_start_the_local_overlay_from_its_own_configuration() {
        JsonNode environment = YAML.readTree(
                K8S.resolve("overlays/local/config/environment.yaml").toFile());
        Secret secret = manifest("overlays/local/secret.yaml", Secret.class);
        Map<String, String> secrets = secret.getStringData();
        for (String alternatives : RequiredServicesGuard.REQUIRED_PROPERTIES) {
            // In its configuration, or (credentials) as an environment variable from its Secret.
            assertThat(Stream.of(alternatives.split("\\|"))
                            .anyMatch(name -> !environment.at(pointer(name)).isMissingNode()
                                    || secrets.containsKey(name.toUpperCase(java.util.Locale.ROOT)
                                            .replace('.', '_')
                                            .replace("-", ""))))
                    .as("local overlay names %s", alternatives)
                    .isTrue();
        }
        // The jar holds no application-local.yml and no development helpers: what the overlay needs
        // is in the overlay, and it switches on nothing the jar does not contain.
        assertThat(secrets.get("YUYUE_VERIFICATION_TOKEN_SECRET"))
                .isNotBlank()
                .isNotEqualTo(DevelopmentSettingsGuard.PUBLISHED_TOKEN_SECRET);
        assertThat(environment.at("/yuyue/sms/dev-outbox").isMissingNode())
                .as("no dev outbox in the jar")
                .isTrue();
        assertThat(environment.at("/yuyue/queue/simulator").isMissingNode())
                .as("no queue simulator in the jar")
                .isTrue();
        // Its development settings are accepted under the local profile only.
        assertThat(environment.at("/spring/profiles/active").asString()).isEqualTo("local");
        var properties = new org.springframework.core.env.StandardEnvironment();
        properties
                .getPropertySources()
                .addFirst(new org.springframework.core.env.MapPropertySource(
                        "overlay",
                        Map.of(
                                "yuyue.sms.gateway.url",
                                        environment.at("/yuyue/sms/gateway/url").asString(),
                                "yuyue.sms.gateway.token", secrets.get("YUYUE_SMS_GATEWAY_TOKEN"),
                                "yuyue.staff.password-strength",
                                        environment
                                                .at("/yuyue/staff/password-strength")
                                                .asString("10"),
                                "yuyue.verification.token-secret", secrets.get("YUYUE_VERIFICATION_TOKEN_SECRET"))));
        assertThat(DevelopmentSettingsGuard.unsafeSettings(properties))
                .as("without the local profile")
                .isNotEmpty();
        properties.setActiveProfiles("local");
        assertThat(DevelopmentSettingsGuard.unsafeSettings(properties)).isEmpty();
        assertThat(secrets)
                .containsKeys(
                        "SPRING_R2DBC_USERNAME",
                        "SPRING_R2DBC_PASSWORD",
                        "SPRING_FLYWAY_USER",
                        "SPRING_FLYWAY_PASSWORD");
        assertThat(secrets.get("SPRING_R2DBC_USERNAME")).isNotEqualTo(secrets.get("SPRING_FLYWAY_USER"));
    }

    /**
     * The laptop cluster sends SMS through the service's real gateway adapter to a sink in the
     * overlay that prints them to its log: reachable by name and port, through the NetworkPolicy,
     * and accepting the very token the service sends.
     */
    @Test
    void should_send_the_local_overlays_sms_to_a_sink_in_the_overlay_through_the_real_gateway_adapter() {
        JsonNode environment = YAML.readTree(
                K8S.resolve("overlays/local/config/environment.yaml").toFile());
        java.net.URI gateway =
                java.net.URI.create(environment.at("/yuyue/sms/gateway/url").asString());
        assertThat(gateway.getScheme()).isEqualTo("http");
        Service service = manifest("overlays/local/sms-sink.yaml", Service.class);
        assertThat(service.getMetadata().getName()).isEqualTo(gateway.getHost());
        assertThat(service.getSpec().getPorts())
                .singleElement()
                .satisfies(port -> assertThat(port.getPort()).isEqualTo(gateway.getPort()));
        Deployment sink = manifest("overlays/local/sms-sink.yaml", Deployment.class);
        assertThat(service.getSpec().getSelector())
                .isEqualTo(sink.getSpec().getTemplate().getMetadata().getLabels());
        Container container =
                sink.getSpec().getTemplate().getSpec().getContainers().get(0);
        int sinkPort = resolvePort(service.getSpec().getPorts().get(0).getTargetPort(), container);
        assertThat(env(container, "SMS_SINK_PORT").getValue()).isEqualTo(String.valueOf(sinkPort));
        var token = env(container, "SMS_SINK_TOKEN").getValueFrom().getSecretKeyRef();
        assertThat(token.getName() + "/" + token.getKey()).isEqualTo("yuyue-secrets/YUYUE_SMS_GATEWAY_TOKEN");
        assertThat(manifest("overlays/local/secret.yaml", Secret.class).getStringData())
                .containsKey("YUYUE_SMS_GATEWAY_TOKEN");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

        NetworkPolicy egress = manifest("overlays/local/sms-sink.yaml", NetworkPolicy.class);
        NetworkPolicy base = manifest("base/networkpolicy.yaml", NetworkPolicy.class);
        assertThat(egress.getSpec().getPodSelector()).isEqualTo(base.getSpec().getPodSelector());
        assertThat(egress.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo())
                    .singleElement()
                    .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                            .isEqualTo(sink.getSpec().getSelector().getMatchLabels()));
            assertThat(rule.getPorts())
                    .extracting(NetworkPolicyPort::getPort)
                    .extracting(IntOrString::getIntVal)
                    .containsExactly(sinkPort);
        });
        JsonNode kustomization =
                YAML.readTree(K8S.resolve("overlays/local/kustomization.yaml").toFile());
        assertThat(kustomization.path("resources").toString()).contains("sms-sink.yaml");
    }

    @Test
    void should_take_the_event_keys_from_a_secret_of_their_own_that_names_its_current_key() {
        assertThat(apiContainer(baseDeployment()).getEnvFrom())
                .anySatisfy(
                        source -> assertThat(source.getSecretRef().getName()).isEqualTo("yuyue-event-keys"));
        for (String file : List.of("base/secret.template.yaml", "overlays/local/secret.yaml")) {
            assertThat(documents(K8S.resolve(file)))
                    .filteredOn(node -> node.at("/metadata/name").asString().equals("yuyue-event-keys"))
                    .as(file)
                    .singleElement()
                    .satisfies(secret -> {
                        String current = secret.at("/stringData/YUYUE_EVENTS_ENCRYPTION_CURRENTKEY")
                                .asString();
                        assertThat(current).matches("[a-z0-9]{1,32}");
                        assertThat(secret.at("/stringData/YUYUE_EVENTS_ENCRYPTION_KEYS_"
                                                + current.toUpperCase(java.util.Locale.ROOT))
                                        .isMissingNode())
                                .isFalse();
                    });
        }
        String localKey = documents(K8S.resolve("overlays/local/secret.yaml")).stream()
                .map(node -> node.at("/stringData/YUYUE_EVENTS_ENCRYPTION_KEYS_K1"))
                .filter(node -> !node.isMissingNode())
                .findFirst()
                .orElseThrow()
                .asString();
        assertThat(java.util.Base64.getDecoder().decode(localKey)).hasSize(32);
    }

    @Test
    void should_take_the_operators_first_password_from_an_optional_secret() {
        EnvVar password = env(apiContainer(baseDeployment()), "YUYUE_STAFF_OPERATORINITIALPASSWORD");
        assertThat(password.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
        String name = password.getValueFrom().getSecretKeyRef().getName();
        assertThat(documents(K8S.resolve("base/secret.template.yaml")))
                .anySatisfy(
                        node -> assertThat(node.at("/metadata/name").asString()).isEqualTo(name));
        assertThat(documents(K8S.resolve("overlays/local/secret.yaml")))
                .anySatisfy(
                        node -> assertThat(node.at("/metadata/name").asString()).isEqualTo(name));
    }

    // --- reading k8s/ ---

    private record Manifest(Path file, JsonNode node) {

        String kind() {
            return node.path("kind").asString();
        }

        String type() {
            return node.path("apiVersion").asString() + "/" + kind();
        }

        <T> T as(Class<T> type) {
            try {
                return STRICT.treeToValue(node, type);
            } catch (RuntimeException e) {
                throw new AssertionError(
                        file + ": " + kind() + " " + node.at("/metadata/name").asString() + " does not parse strictly: "
                                + e.getMessage(),
                        e);
            }
        }

        @Override
        public String toString() {
            return file + " " + type();
        }
    }

    private static List<Manifest> manifests() {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(KubernetesManifestsTest::isObjectFile)
                    .sorted()
                    .flatMap(file -> documents(file).stream().map(node -> new Manifest(file, node)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kubernetes objects: YAML outside config/ (Spring properties), except the named non-objects. */
    private static boolean isObjectFile(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml"))
                && !NOT_OBJECTS.contains(name)
                && !file.getParent().getFileName().toString().equals("config");
    }

    /** Strict parse into the fabric8 model, or validation against the kind's vendored CRD schema. */
    private static void validate(Manifest manifest) {
        assertThat(manifest.node().path("metadata").path("name").asString())
                .as("metadata.name of %s", manifest)
                .isNotBlank();
        String type = manifest.type();
        if (MODELS.containsKey(type)) {
            manifest.as(MODELS.get(type));
            return;
        }
        assertThat(CUSTOM_RESOURCES).as("a known kind: %s", manifest).contains(type);
        assertThat(errors(manifest.node()))
                .as(
                        "%s %s against its CRD schema",
                        manifest, manifest.node().at("/metadata/name").asString())
                .isEmpty();
    }

    private static List<String> errors(JsonNode node) {
        String type =
                node.path("apiVersion").asString() + "/" + node.path("kind").asString();
        Schema schema = LOADED_SCHEMAS.computeIfAbsent(type, key -> {
            String resource = "/k8s-schemas/" + key + ".json";
            try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream(resource)) {
                assertThat(in).as("schema %s", resource).isNotNull();
                return SCHEMAS.getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return schema.validate(node).stream().map(Error::toString).toList();
    }

    private static List<JsonNode> parse(String yaml) {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            return documents.readAll().stream()
                    .filter(node -> node != null && !node.isEmpty())
                    .toList();
        }
    }

    /** The rendered kustomization, or null when kubectl is not installed. */
    private static String kubectlKustomize(String kustomization) {
        try {
            Process process = new ProcessBuilder(
                            "kubectl", "kustomize", K8S.resolve(kustomization).toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return new String(output, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(candidate -> candidate.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.getName()));
    }

    /** A JSON pointer for a dotted Spring property in a YAML tree. */
    private static String pointer(String property) {
        return "/" + property.replace(".", "/");
    }

    private static List<JsonNode> documents(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T manifest(String file, Class<T> type) {
        Path path = K8S.resolve(file);
        return documents(path).stream()
                .map(node -> new Manifest(path, node))
                .filter(manifest -> MODELS.get(manifest.type()) == type)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + file))
                .as(type);
    }

    private static JsonNode customResource(String kind, String name) {
        return manifests().stream()
                .map(Manifest::node)
                .filter(node -> node.path("kind").asString().equals(kind))
                .filter(node -> node.at("/metadata/name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in k8s/"));
    }

    private static Deployment baseDeployment() {
        return manifest("base/deployment.yaml", Deployment.class);
    }

    private static Container apiContainer(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(container -> container.getName().equals("yuyue"))
                .findFirst()
                .orElseThrow();
    }

    private static String path(Probe probe) {
        HTTPGetAction get = probe.getHttpGet();
        return get.getPath();
    }

    /** A port given by number or by the container port's name. */
    private static int resolvePort(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(candidate -> port.getStrVal().equals(candidate.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    /** The default of a {@link MessagingProperties} component, so the topics here follow the code. */
    private static String defaultOf(String component) {
        RecordComponent[] components = MessagingProperties.class.getRecordComponents();
        Class<?>[] types = Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Parameter[] parameters =
                    MessagingProperties.class.getDeclaredConstructor(types).getParameters();
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(component)) {
                    return parameters[i].getAnnotation(DefaultValue.class).value()[0];
                }
            }
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("MessagingProperties has no " + component);
    }
}
