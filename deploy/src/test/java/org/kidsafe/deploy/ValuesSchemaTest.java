package org.kidsafe.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** values.schema.json rejects wrong types and unknown keys; values.yaml documents every parameter. */
class ValuesSchemaTest {

    @Test
    void theChartLintsCleanWithItsDefaultValues() {
        LintResult result = new Helm(Chart.DIR).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @ParameterizedTest(name = "--set {0}={1}")
    @CsvSource(delimiter = '|', value = {
            "consent.replicaCount            | many      | got string, want integer",
            "serviceDefaults.runAsUser       | 0         | value must be one of 185, 10001",
            "networkPolicy.enabled           | sometimes | got string, want boolean",
            "serviceDefaults.pdb.enabled     | 1         | got number, want boolean",
            "global.mode                     | staging   | value must be one of",
            "media.store.type                | nfs       | value must be one of 'filesystem', 's3'",
            "consent.databse.jdbcUrl         | x         | additional properties 'databse' not allowed",
            "gateway.kafka.existingSecret    | k         | additional properties 'kafka' not allowed",
            "profile.mailer.host             | smtp      | additional properties 'mailer' not allowed",
            "unknownTopLevel                 | 1         | additional properties 'unknownTopLevel' not allowed",
            "consent.extraConfig.DB_PASSWORD | x         | invalid propertyName 'DB_PASSWORD'",
            "consent.database.existingSecret | Not_A_Name | does not match pattern",
            "oidc.issuer                     | keycloak  | does not match pattern",
            "oidc.issuer                     | https://keycloak.example | does not match pattern",
            "media.store.s3.bucket           | b         | does not match pattern",
            "media.store.s3.endpoint         | minio:9000 | does not match pattern",
            "profile.store.s3.bucket         | photos    | additional properties 'store' not allowed",
            "retention.voice                 | 30 days   | does not match pattern",
            "retention.photos                | P1Y       | does not match pattern",
            "consent.erasure.participants[0] | gateway   | value must be one of",
            "consent.erasure.trustedReportKeys.gateway | x | additional properties 'gateway' not allowed",
            "consent.erasure.trustedReportKeys.profile-service | not-a-pem | does not match pattern",
            "profile.kek.retired.Kek_0       | kek-0     | invalid propertyName 'Kek_0'",
            "media.kek.fingerprintKeyId      | kek-1     | additional properties 'fingerprintKeyId' not allowed",
            "gateway.rateLimit.burst         | -1        | minimum"})
    void templateFailsOnValuesTheSchemaRejects(String key, String value, String message) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.defaults().set(key, value).yaml());
        assertTrue(e.getMessage().contains("values don't meet the specifications of the schema"), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void templateFailsOnAValuesFileWithAWrongTypeOrAnUnknownKey(@TempDir Path dir) throws IOException {
        Path wrongType = Files.writeString(dir.resolve("wrong-type.yaml"), "consent:\n  replicaCount: \"2\"\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.defaults().values(wrongType).yaml());
        assertTrue(e.getMessage().contains("/consent/replicaCount"), e.getMessage());

        Path unknown = Files.writeString(dir.resolve("unknown.yaml"),
                "media:\n  store:\n    persistence:\n      secretAccessKey: hunter2\n");
        e = assertThrows(IllegalStateException.class, () -> Chart.defaults().values(unknown).yaml());
        assertTrue(e.getMessage().contains("additional properties 'secretAccessKey' not allowed"), e.getMessage());
    }

    @Test
    void lintFailsWhenTheChartsValuesBreakTheSchema(@TempDir Path dir) throws IOException {
        Path wrongType = copyChart(dir.resolve("wrong-type"));
        replaceInValues(wrongType, "  replicaCount: 1\n", "  replicaCount: one\n");
        LintResult result = new Helm(wrongType).lint().call();
        assertTrue(result.isFailed(), "lint must fail: " + result.getMessages());
        assertTrue(String.join("\n", result.getMessages()).contains("replicaCount"), result.getMessages().toString());

        Path unknownKey = copyChart(dir.resolve("unknown-key"));
        Files.writeString(unknownKey.resolve("values.yaml"),
                Files.readString(unknownKey.resolve("values.yaml")) + "\nreplicas: 3\n");
        result = new Helm(unknownKey).lint().call();
        assertTrue(result.isFailed(), "lint must fail: " + result.getMessages());
        assertTrue(String.join("\n", result.getMessages()).contains("replicas"), result.getMessages().toString());
    }

    /** Every object of the schema either fixes its properties (additionalProperties: false) or types its entries. */
    @Test
    @SuppressWarnings("unchecked")
    void theSchemaIsClosedEverywhere() throws IOException {
        Map<String, Object> schema = Manifests.SERIALIZATION.unmarshal(Files.readString(Chart.SCHEMA), Map.class);
        assertEquals("http://json-schema.org/draft-07/schema#", schema.get("$schema"));
        List<String> open = new ArrayList<>();
        walkSchema(schema, "#", open);
        assertEquals(List.of(), open);
    }

    @SuppressWarnings("unchecked")
    private static void walkSchema(Object node, String path, List<String> open) {
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walkSchema(list.get(i), path + "/" + i, open);
            }
            return;
        }
        if (!(node instanceof Map<?, ?>)) {
            return;
        }
        Map<String, Object> map = (Map<String, Object>) node;
        Object type = map.get("type");
        boolean isObject = "object".equals(type) || map.containsKey("properties");
        if (isObject && !path.endsWith("/not")) {
            Object additional = map.get("additionalProperties");
            if (map.containsKey("properties") && !Boolean.FALSE.equals(additional)) {
                open.add(path + " has properties but allows others");
            } else if (additional == null || Boolean.TRUE.equals(additional)) {
                boolean passThrough = map.containsKey("description")
                        && String.valueOf(map.get("description")).startsWith("A Kubernetes");
                if (!passThrough) {
                    open.add(path + " accepts any key");
                }
            }
        }
        map.forEach((k, v) -> walkSchema(v, path + "/" + k, open));
    }

    /** Every leaf of values.yaml has a `## @param` line (or sits under a documented map or list), and vice versa. */
    @Test
    void everyParameterIsDocumented() throws IOException {
        String text = Files.readString(Chart.VALUES);
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*## @param (\\S+) \\S").matcher(text);
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> leaves = new TreeSet<>();
        leaves(Values.load(Chart.VALUES), "", leaves);
        List<String> undocumented = leaves.stream()
                .filter(leaf -> Stream.iterate(leaf, p -> p.contains("."), p -> p.substring(0, p.lastIndexOf('.')))
                        .noneMatch(documented::contains) && !documented.contains(leaf))
                .toList();
        assertEquals(List.of(), undocumented, "parameters without ## @param");
        List<String> stale = documented.stream()
                .filter(p -> Values.at(Values.load(Chart.VALUES), p) == null).toList();
        assertEquals(List.of(), stale, "## @param lines naming no value");

        String readme = Files.readString(Chart.MODULE_DIR.resolve("README.md"));
        List<String> notInReadme = documented.stream().filter(p -> !readme.contains("`" + p + "`")).toList();
        assertEquals(List.of(), notInReadme, "parameters missing from the README's values table");
    }

    @SuppressWarnings("unchecked")
    private static void leaves(Object node, String path, Set<String> out) {
        if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            ((Map<String, Object>) map).forEach((k, v) -> leaves(v, path.isEmpty() ? k : path + "." + k, out));
        } else {
            out.add(path);
        }
    }

    private static Path copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(Chart.DIR)) {
            for (Path source : files.toList()) {
                Path dest = target.resolve(Chart.DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(source, dest);
                }
            }
        }
        return target;
    }

    private static void replaceInValues(Path chart, String from, String to) throws IOException {
        Path values = chart.resolve("values.yaml");
        String text = Files.readString(values);
        assertTrue(text.contains(from), "values.yaml no longer contains " + from.strip());
        Files.writeString(values, text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
    }
}
