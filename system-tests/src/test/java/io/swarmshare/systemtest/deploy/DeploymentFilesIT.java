package io.swarmshare.systemtest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The deployment files, checked offline against the services' real configuration: every {@code k8s/*.yaml} parses
 * into the Kubernetes model with no unknown key; names, selectors, ports, probe paths, environment variables and
 * images agree with the modules' {@code application*.yml} and properties records; {@code docker-compose.yml}
 * passes {@code docker-compose config -q} (Debian's docker-compose 1.29, installed by {@code bin/ci-deps}) and
 * describes the same trackers. No container engine or API server is needed.
 */
class DeploymentFilesIT {

    static final Path ROOT = Path.of(System.getProperty("swarmshare.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("swarmshare.version", "0.1.0-SNAPSHOT");
    /** The Raft keys issue 3 defines (swarmshare.tracker.cluster.*); not in any yml until that work lands. */
    static final Set<String> CLUSTER_KEYS = Set.of("swarmshare.tracker.cluster.self-id",
            "swarmshare.tracker.cluster.raft-port", "swarmshare.tracker.cluster.members",
            "swarmshare.tracker.cluster.secret");
    /** Settings every Spring Boot service understands that the ymls need not mention. */
    static final Set<String> BOOT_ENV = Set.of("SERVER_PORT", "JAVA_TOOL_OPTIONS", "POD_NAME");

    static final Map<String, HasMetadata> resources = new LinkedHashMap<>();

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        try (Stream<Path> files = Files.list(ROOT.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (document.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
                        continue;
                    }
                    HasMetadata resource = serialization.unmarshal(document, HasMetadata.class);
                    assertThat(resource).as("a Kubernetes resource in %s", file).isNotNull();
                    List<String> unknown = new ArrayList<>();
                    unknownKeys(resource, resource.getKind(), unknown, new IdentityHashMap<>());
                    assertThat(unknown).as("keys the Kubernetes model does not know in %s", file).isEmpty();
                    String key = resource.getKind() + "/" + resource.getMetadata().getName();
                    assertThat(resources.put(key, resource)).as("duplicate %s", key).isNull();
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    <T extends HasMetadata> T get(Class<T> type, String name) {
        HasMetadata r = resources.get(type.getSimpleName() + "/" + name);
        assertThat(r).as("%s %s in k8s/", type.getSimpleName(), name).isInstanceOf(type);
        return (T) r;
    }

    @Test
    void everyManifestParsesAndLivesInOneNamespace() {
        assertThat(resources.keySet()).contains("Namespace/swarmshare", "StatefulSet/tracker", "Service/tracker-headless",
                "PodDisruptionBudget/tracker", "Deployment/gateway", "Service/gateway", "ConfigMap/swarmshare-config",
                "Secret/swarmshare-cluster");
        resources.values().stream().filter(r -> !r.getKind().equals("Namespace"))
                .forEach(r -> assertThat(r.getMetadata().getNamespace()).as(r.getKind()).isEqualTo("swarmshare"));
    }

    @Test
    void trackersAreAStatefulSetOfThreeWithStableRaftNamesVolumesAndADisruptionBudget() throws IOException {
        StatefulSet tracker = get(StatefulSet.class, "tracker");
        Service headless = get(Service.class, tracker.getSpec().getServiceName());
        PodDisruptionBudget pdb = get(PodDisruptionBudget.class, "tracker");
        int replicas = tracker.getSpec().getReplicas();

        assertThat(replicas).isEqualTo(3);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertSelects(tracker.getSpec().getSelector().getMatchLabels(), tracker.getSpec().getTemplate());
        assertSelects(headless.getSpec().getSelector(), tracker.getSpec().getTemplate());
        assertSelects(pdb.getSpec().getSelector().getMatchLabels(), tracker.getSpec().getTemplate());
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).as("a Raft majority stays up").isEqualTo(replicas / 2 + 1);

        Container c = only(tracker.getSpec().getTemplate());
        String claim = tracker.getSpec().getVolumeClaimTemplates().getFirst().getMetadata().getName();
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getName()).isEqualTo(claim));
        String dataDir = configMapValue("SWARMSHARE_TRACKER_DATADIR");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(dataDir));

        Map<String, Object> config = moduleConfig("tracker-service");
        int httpPort = Integer.parseInt(String.valueOf(config.get("server.port")));
        assertThat(port(c, "http")).isEqualTo(httpPort);
        assertThat(envValue(c, "SERVER_PORT")).isEqualTo(String.valueOf(httpPort));
        assertServicePortsResolve(headless, c);
        assertProbes(c, config);
        assertEnvNamesAreRealProperties(c, knownEnv("tracker-service", config));

        // Every member and every tracker the gateways route to is <statefulset>-<i>.<headless service>.
        int raftPort = Integer.parseInt(configMapValue("SWARMSHARE_TRACKER_CLUSTER_RAFTPORT"));
        assertThat(port(c, "raft")).isEqualTo(raftPort);
        List<String> members = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            String host = tracker.getMetadata().getName() + "-" + i + "." + headless.getMetadata().getName();
            members.add(tracker.getMetadata().getName() + "-" + i + "=" + host + ":" + raftPort + ":" + httpPort);
            urls.add("http://" + host + ":" + httpPort);
        }
        assertThat(configMapValue("SWARMSHARE_TRACKER_CLUSTER_MEMBERS")).isEqualTo(String.join(",", members));
        assertThat(configMapValue("SWARMSHARE_GATEWAY_TRACKERS")).isEqualTo(String.join(",", urls));
        assertThat(envValue(c, "SWARMSHARE_TRACKER_CLUSTER_SELFID")).isEqualTo("$(POD_NAME)");
        assertThat(c.getImage()).isEqualTo("swarmshare/tracker-service:" + VERSION);
    }

    @Test
    void gatewaysAreADeploymentOfTwoBehindAService() throws IOException {
        Deployment gateway = get(Deployment.class, "gateway");
        Service service = get(Service.class, "gateway");
        assertThat(gateway.getSpec().getReplicas()).isEqualTo(2);
        assertSelects(gateway.getSpec().getSelector().getMatchLabels(), gateway.getSpec().getTemplate());
        assertSelects(service.getSpec().getSelector(), gateway.getSpec().getTemplate());

        Container c = only(gateway.getSpec().getTemplate());
        Map<String, Object> config = moduleConfig("gateway-service");
        int httpPort = Integer.parseInt(String.valueOf(config.get("server.port")));
        assertThat(port(c, "http")).isEqualTo(httpPort);
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(httpPort);
        assertServicePortsResolve(service, c);
        assertProbes(c, config);
        assertEnvNamesAreRealProperties(c, knownEnv("gateway-service", config));
        assertThat(c.getImage()).isEqualTo("swarmshare/gateway-service:" + VERSION);
    }

    @Test
    void everyConfigMapAndSecretReferenceResolves() {
        for (HasMetadata r : resources.values()) {
            PodTemplateSpec template = r instanceof StatefulSet s ? s.getSpec().getTemplate()
                    : r instanceof Deployment d ? d.getSpec().getTemplate() : null;
            if (template == null) {
                continue;
            }
            for (Container c : template.getSpec().getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    if (e.getValueFrom().getConfigMapKeyRef() != null) {
                        var ref = e.getValueFrom().getConfigMapKeyRef();
                        assertThat(get(ConfigMap.class, ref.getName()).getData()).as(e.getName()).containsKey(ref.getKey());
                    }
                    if (e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        Secret secret = get(Secret.class, ref.getName());
                        Set<String> keys = new TreeSet<>();
                        if (secret.getStringData() != null) {
                            keys.addAll(secret.getStringData().keySet());
                        }
                        if (secret.getData() != null) {
                            keys.addAll(secret.getData().keySet());
                        }
                        assertThat(keys).as(e.getName()).contains(ref.getKey());
                    }
                }
                c.getEnvFrom().forEach(from -> get(ConfigMap.class, from.getConfigMapRef().getName()));
            }
        }
    }

    @Test
    void composeFilePassesDockerComposeConfig() throws Exception {
        Path compose = ROOT.resolve("docker-compose.yml");
        Process process;
        try {
            process = new ProcessBuilder("docker-compose", "-f", compose.toString(), "config", "-q")
                    .directory(ROOT.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("docker-compose is not installed: run bin/ci-deps (Debian's docker-compose 1.29"
                    + " validates the file without a Docker daemon)", e);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("docker-compose config -q said:\n%s", output).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsThreeTrackersAGatewayAndTwoAgentsWiredToEachOther() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services.keySet()).containsExactlyInAnyOrder("tracker1", "tracker2", "tracker3", "gateway",
                "agent1", "agent2");

        Map<String, Object> trackerConfig = moduleConfig("tracker-service");
        Set<String> trackerEnv = knownEnv("tracker-service", trackerConfig);
        Set<String> gatewayEnv = knownEnv("gateway-service", moduleConfig("gateway-service"));
        Set<String> agentEnv = knownEnv("peer-agent", Map.of());
        List<String> members = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Map<String, Object> env = (Map<String, Object>) services.get("tracker" + i).get("environment");
            assertThat(env.get("SWARMSHARE_TRACKER_CLUSTER_SELFID")).isEqualTo("t" + i);
            assertThat(env.get("SWARMSHARE_TRACKER_REGISTRATION_ADVERTISEDURL")).isEqualTo("http://tracker" + i + ":8081");
            assertThat(env.get("SWARMSHARE_TRACKER_GATEWAYS")).isEqualTo("http://gateway:8080");
            assertThat(trackerEnv).containsAll(swarmshareNames(env.keySet()));
            members.add("t" + i + "=tracker" + i + ":" + env.get("SWARMSHARE_TRACKER_CLUSTER_RAFTPORT") + ":"
                    + env.get("SERVER_PORT"));
            urls.add("http://tracker" + i + ":" + env.get("SERVER_PORT"));
            assertThat(services.get("tracker" + i).get("image")).isEqualTo("swarmshare/tracker-service:" + VERSION);
            members.add(String.valueOf(env.get("SWARMSHARE_TRACKER_CLUSTER_MEMBERS")));
        }
        assertThat(new LinkedHashSet<>(members.subList(1, members.size()).stream()
                .filter(m -> m.contains(",")).toList())).containsExactly(
                members.stream().filter(m -> !m.contains(",")).reduce((a, b) -> a + "," + b).orElseThrow());

        Map<String, Object> gateway = services.get("gateway");
        Map<String, Object> gatewayVars = (Map<String, Object>) gateway.get("environment");
        assertThat(gatewayVars.get("SWARMSHARE_GATEWAY_TRACKERS")).isEqualTo(String.join(",", urls));
        assertThat(gatewayEnv).containsAll(swarmshareNames(gatewayVars.keySet()));
        assertThat(gateway.get("image")).isEqualTo("swarmshare/gateway-service:" + VERSION);
        for (String agent : List.of("agent1", "agent2")) {
            Map<String, Object> env = (Map<String, Object>) services.get(agent).get("environment");
            assertThat(agentEnv).containsAll(swarmshareNames(env.keySet()));
            assertThat(env.get("SWARMSHARE_AGENT_GATEWAYS")).isEqualTo("http://gateway:" + gatewayVars.get("SERVER_PORT"));
        }
    }

    // ---- helpers ----

    static void assertSelects(Map<String, String> selector, PodTemplateSpec template) {
        assertThat(selector).isNotEmpty();
        assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(selector);
    }

    static Container only(PodTemplateSpec template) {
        assertThat(template.getSpec().getContainers()).hasSize(1);
        return template.getSpec().getContainers().getFirst();
    }

    static int port(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError("no port named " + name + " on " + c.getName()));
    }

    static void assertServicePortsResolve(Service service, Container c) {
        for (ServicePort p : service.getSpec().getPorts()) {
            int target = p.getTargetPort().getStrVal() != null ? port(c, p.getTargetPort().getStrVal())
                    : p.getTargetPort().getIntVal();
            assertThat(p.getPort()).as("service %s port %s", service.getMetadata().getName(), p.getName()).isEqualTo(target);
        }
    }

    /** Probe paths are Actuator health groups the module really serves: health exposed, probes enabled. */
    static void assertProbes(Container c, Map<String, Object> config) {
        assertThat(String.valueOf(config.get("management.endpoints.web.exposure.include"))).contains("health");
        assertThat(config.get("management.endpoint.health.probes.enabled")).as("probes enabled in %s", c.getName())
                .isEqualTo(true);
        Set<String> served = Set.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");
        for (Probe probe : Stream.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())
                .filter(p -> p != null).toList()) {
            assertThat(served).contains(probe.getHttpGet().getPath());
            port(c, probe.getHttpGet().getPort().getStrVal());
        }
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
    }

    static void assertEnvNamesAreRealProperties(Container c, Set<String> known) {
        Set<String> names = new TreeSet<>();
        c.getEnv().forEach(e -> names.add(e.getName()));
        c.getEnvFrom().forEach(from -> get0(ConfigMap.class, from.getConfigMapRef().getName()).getData().keySet()
                .stream().filter(k -> k.startsWith("SWARMSHARE_" + moduleWord(c.getName())) || !k.startsWith("SWARMSHARE_"))
                .forEach(names::add));
        for (String name : names) {
            if (BOOT_ENV.contains(name)) {
                continue;
            }
            assertThat(known).as("%s sets %s: no such property in the module's configuration", c.getName(), name)
                    .contains(name);
        }
    }

    static String moduleWord(String container) {
        return container.toUpperCase();
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T get0(Class<T> type, String name) {
        return (T) resources.get(type.getSimpleName() + "/" + name);
    }

    static String configMapValue(String key) {
        String value = get0(ConfigMap.class, "swarmshare-config").getData().get(key);
        assertThat(value).as("ConfigMap swarmshare-config key %s", key).isNotNull();
        return value;
    }

    static String envValue(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name));
    }

    static List<String> swarmshareNames(Collection<String> names) {
        return names.stream().filter(n -> n.startsWith("SWARMSHARE_")).toList();
    }

    /** Flattened keys of {@code <module>/src/main/resources/application*.yml|properties}. */
    static Map<String, Object> moduleConfig(String module) throws IOException {
        Map<String, Object> flat = new LinkedHashMap<>();
        Path resources = ROOT.resolve(module).resolve("src/main/resources");
        try (Stream<Path> files = Files.list(resources)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("application")).sorted().toList()) {
                if (f.toString().endsWith(".yml")) {
                    flatten("", new Yaml().load(Files.readString(f)), flat);
                } else if (f.toString().endsWith(".properties")) {
                    java.util.Properties p = new java.util.Properties();
                    try (var in = Files.newInputStream(f)) {
                        p.load(in);
                    }
                    p.forEach((k, v) -> flat.putIfAbsent(k.toString(), v));
                }
            }
        }
        return flat;
    }

    @SuppressWarnings("unchecked")
    static void flatten(String prefix, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, v, out));
        } else {
            out.putIfAbsent(prefix, node);
        }
    }

    /**
     * Environment names (relaxed binding: upper case, dots to underscores, dashes dropped) of every property the
     * module documents: its yml keys, its {@code @ConfigurationProperties} records' components, and for the tracker
     * the cluster keys of issue 3.
     */
    static Set<String> knownEnv(String module, Map<String, Object> config) throws IOException {
        Set<String> keys = new TreeSet<>(config.keySet());
        Pattern prefix = Pattern.compile("@ConfigurationProperties\\((?:prefix\\s*=\\s*)?\"([a-z.-]+)\"\\)");
        Pattern param = Pattern.compile("@param\\s+(\\w+)");
        try (Stream<Path> sources = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                Matcher m = prefix.matcher(text);
                if (!m.find()) {
                    continue;
                }
                String root = m.group(1);
                Matcher p = param.matcher(text);
                while (p.find()) {
                    String kebab = p.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
                    keys.add(root + "." + kebab);
                    keys.add(root + ".registration." + kebab); // nested Registration record of the tracker
                }
            }
        }
        if (module.equals("tracker-service")) {
            keys.addAll(CLUSTER_KEYS);
        }
        Set<String> env = new TreeSet<>();
        keys.forEach(k -> env.add(k.toUpperCase().replace(".", "_").replace("-", "")));
        return env;
    }

    /** Collects {@code additionalProperties} (keys the model did not recognise) anywhere in the resource. */
    static void unknownKeys(Object node, String path, List<String> out, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownKeys(item, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = m.invoke(node);
                if (m.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        out.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknownKeys(value, path + "." + m.getName().substring(3), out, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
