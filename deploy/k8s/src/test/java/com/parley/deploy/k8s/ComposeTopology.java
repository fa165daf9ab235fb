package com.parley.deploy.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What deploy/docker/compose.yml must keep, checked without Docker (none on the machines that build Parley): the
 * scaled-out topology (two conversation instances behind a balancer, two realtime nodes the gateway spreads
 * sockets over), a real replica set written with {@code w=majority}, Kafka in KRaft mode, Redis with persistence,
 * and the wiring between them (every host a URL names is a service, every file mounted exists, every instance is
 * scraped). The YAML is read with SnakeYAML, which resolves anchors and merge keys as Compose does.
 */
final class ComposeTopology {

    static final String CONVERSATION = "conversation-service";
    static final String REALTIME = "realtime-service";
    private static final Pattern MODULE_IMAGE = Pattern.compile("parley/([a-z-]+):");

    private ComposeTopology() {
    }

    static Map<String, Object> read(Path file) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(200);
            Object loaded = new Yaml(new SafeConstructor(options)).load(Files.readString(file));
            return map(loaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every broken invariant, as a sentence; empty when the file is right. */
    static List<String> violations(Map<String, Object> compose, Path dir) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> services = map(compose.get("services"));
        Map<String, Map<String, Object>> parley = new LinkedHashMap<>();
        services.forEach((name, s) -> {
            String module = moduleOf(map(s));
            if (module != null) {
                parley.put(name, map(s));
            }
        });

        List<String> conversation = instancesOf(parley, CONVERSATION);
        List<String> realtime = instancesOf(parley, REALTIME);
        if (conversation.size() != 2) {
            problems.add("expected two conversation-service instances, found " + conversation);
        }
        if (realtime.size() != 2) {
            problems.add("expected two realtime-service nodes, found " + realtime);
        }
        Set<String> nodeIds = new TreeSet<>();
        for (String node : realtime) {
            Object id = env(parley.get(node)).get("REALTIME_NODE_ID");
            if (id == null || !nodeIds.add(id.toString())) {
                problems.add(node + " needs a REALTIME_NODE_ID of its own (found " + id + ")");
            }
        }

        // the gateway spreads WebSockets over every realtime node
        Map<String, Object> gatewayEnv = env(map(services.get("gateway")));
        Set<String> realtimeUrls = hostsIn(String.valueOf(gatewayEnv.get("REALTIME_URLS")));
        for (String node : realtime) {
            if (!realtimeUrls.contains(node + ":" + portOf(parley.get(node)))) {
                problems.add("gateway REALTIME_URLS does not name " + node + ":" + portOf(parley.get(node))
                        + " (" + gatewayEnv.get("REALTIME_URLS") + ")");
            }
        }
        // and reaches conversation-service through a balancer over every instance
        String conversationHost = hostsIn(String.valueOf(gatewayEnv.get("CONVERSATION_URL"))).stream().findFirst()
                .map(h -> h.split(":")[0]).orElse("");
        Map<String, Object> balancer = map(services.get(conversationHost));
        if (balancer.isEmpty() || moduleOf(balancer) != null) {
            problems.add("gateway CONVERSATION_URL must point at a balancer service, not at " + conversationHost);
        } else {
            String config = mountedFiles(balancer, dir).stream().map(ComposeTopology::readOrEmpty)
                    .reduce("", String::concat);
            for (String instance : conversation) {
                if (!config.contains("server " + instance + ":" + portOf(parley.get(instance)))) {
                    problems.add("the balancer " + conversationHost + " does not send to " + instance);
                }
            }
        }

        // MongoDB: a replica set of at least three members, formed by an init step, written with w=majority
        List<String> members = new ArrayList<>();
        services.forEach((name, s) -> {
            String command = String.valueOf(map(s).get("command"));
            if (String.valueOf(map(s).get("image")).startsWith("mongo:") && command.contains("--replSet")) {
                members.add(name);
            }
        });
        if (members.size() < 3) {
            problems.add("MongoDB should be a replica set of three members, found " + members);
        }
        String initiate = services.values().stream().map(s -> String.valueOf(map(s).get("command")))
                .filter(c -> c.contains("rs.initiate")).findFirst().orElse(null);
        if (initiate == null) {
            problems.add("no service runs rs.initiate");
        } else {
            members.stream().filter(m -> !initiate.contains("'" + m + ":27017'"))
                    .forEach(m -> problems.add("rs.initiate does not list " + m));
        }
        parley.forEach((name, s) -> {
            Object uri = env(s).get("MONGODB_URI");
            if (uri == null) {
                return;
            }
            String value = uri.toString();
            if (!value.contains("replicaSet=") || !value.contains("w=majority")) {
                problems.add(name + " MONGODB_URI needs replicaSet= and w=majority: " + value);
            }
            members.stream().filter(m -> !value.contains(m + ":27017"))
                    .forEach(m -> problems.add(name + " MONGODB_URI does not list the member " + m));
            if (!dependsOn(s).contains("mongo-init")) {
                problems.add(name + " must wait for the replica set (depends_on mongo-init)");
            }
        });

        // Kafka in KRaft mode, from the Apache image
        Map<String, Object> kafka = map(services.get("kafka"));
        if (!String.valueOf(kafka.get("image")).startsWith("apache/kafka:")
                || !String.valueOf(env(kafka).get("KAFKA_PROCESS_ROLES")).contains("controller")) {
            problems.add("kafka must be the apache/kafka image in KRaft mode (KAFKA_PROCESS_ROLES with controller)");
        }
        if (services.keySet().stream().anyMatch(n -> n.contains("zookeeper"))) {
            problems.add("no ZooKeeper: Kafka 4 runs KRaft only");
        }

        // Redis keeps its data: append-only file on a volume
        Map<String, Object> redis = map(services.get("redis"));
        if (!String.valueOf(redis.get("command")).contains("--appendonly, yes")
                || !String.valueOf(redis.get("volumes")).contains(":/data")) {
            problems.add("redis needs --appendonly yes and a volume at /data");
        }

        // wiring: every host a URL names is a service; dependencies exist; mounted files exist
        services.forEach((name, s) -> {
            env(map(s)).forEach((key, value) -> {
                for (String host : hostsIn(String.valueOf(value))) {
                    String hostname = host.split(":")[0];
                    if (!services.containsKey(hostname)) {
                        problems.add(name + " " + key + " names " + hostname + ", which is no service");
                    }
                }
            });
            for (String dependency : dependsOn(map(s))) {
                if (!services.containsKey(dependency)) {
                    problems.add(name + " depends on " + dependency + ", which is no service");
                }
            }
            for (Path file : mountedFiles(map(s), dir)) {
                if (!Files.exists(file)) {
                    problems.add(name + " mounts " + file + ", which does not exist");
                }
            }
            if (moduleOf(map(s)) != null && map(s).get("mem_limit") == null) {
                problems.add(name + " has no mem_limit (the JVM sizes its heap from it)");
            }
        });

        // Prometheus scrapes every instance
        String scrapeConfig = mountedFiles(map(services.get("prometheus")), dir).stream()
                .map(ComposeTopology::readOrEmpty).reduce("", String::concat);
        parley.forEach((name, s) -> {
            if (!scrapeConfig.contains(name + ":" + portOf(s))) {
                problems.add("prometheus does not scrape " + name + ":" + portOf(s));
            }
        });
        return problems;
    }

    /** The Parley module a service runs (from its build argument or its image name), or null. */
    static String moduleOf(Map<String, Object> service) {
        Object module = map(map(service.get("build")).get("args")).get("MODULE");
        if (module != null) {
            return module.toString();
        }
        Matcher image = MODULE_IMAGE.matcher(String.valueOf(service.get("image")));
        return image.find() ? image.group(1) : null;
    }

    private static List<String> instancesOf(Map<String, Map<String, Object>> parley, String module) {
        return parley.entrySet().stream().filter(e -> module.equals(moduleOf(e.getValue()))).map(Map.Entry::getKey)
                .toList();
    }

    private static String portOf(Map<String, Object> service) {
        return String.valueOf(env(service).get("PORT"));
    }

    static Map<String, Object> env(Map<String, Object> service) {
        return map(service.get("environment"));
    }

    private static Set<String> dependsOn(Map<String, Object> service) {
        Object dependsOn = service.get("depends_on");
        if (dependsOn instanceof List<?> list) {
            Set<String> names = new TreeSet<>();
            list.forEach(n -> names.add(n.toString()));
            return names;
        }
        return map(dependsOn).keySet();
    }

    /**
     * The host:port pairs the URLs in {@code value} name: a comma-separated list of URLs (REALTIME_URLS), and the
     * seed list of a MongoDB URI ({@code mongodb://a:27017,b:27017/db}).
     */
    private static Set<String> hostsIn(String value) {
        Set<String> hosts = new TreeSet<>();
        boolean inUrl = false;
        for (String piece : value.split(",")) {
            String rest = piece.trim();
            int scheme = rest.indexOf("://");
            if (scheme >= 0) {
                rest = rest.substring(scheme + 3);
                inUrl = true;
            } else if (!inUrl) {
                continue;
            }
            String host = rest.split("[/?]", 2)[0];
            if (!host.isEmpty() && !host.startsWith(":")) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    private static List<Path> mountedFiles(Map<String, Object> service, Path dir) {
        List<Path> files = new ArrayList<>();
        Object volumes = service.get("volumes");
        if (volumes instanceof List<?> list) {
            for (Object volume : list) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".")) {
                    files.add(dir.resolve(source).normalize());
                }
            }
        }
        return files;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
