package org.kidsafe.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The umbrella chart under test and a small builder around helm-java's {@code template}. */
final class Chart {

    static final String RELEASE = "kidsafe";
    static final String NAMESPACE = "kidsafe";

    /** values key -> service (workload) name, as the chart names them. */
    static final Map<String, String> SERVICES = Map.of(
            "consent", "consent-service",
            "profile", "profile-service",
            "media", "media-service",
            "gateway", "gateway");

    static final Path MODULE_DIR = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    static final Path DIR = MODULE_DIR.resolve("helm/kidsafe");
    static final Path VALUES = DIR.resolve("values.yaml");
    static final Path SCHEMA = DIR.resolve("values.schema.json");
    static final Path PRODUCTION_VALUES = DIR.resolve("ci/production-values.yaml");
    static final Path MINIMAL_VALUES = DIR.resolve("ci/minimal-values.yaml");
    /** A two-line realm used only to exercise the KeycloakRealmImport template; not the KidSafe realm. */
    static final Path TEST_REALM = MODULE_DIR.resolve("src/test/resources/fixtures/test-realm.json");
    /** The real realm, written in embedded-platform; optional here. */
    static final Path KIDSAFE_REALM = MODULE_DIR.resolve(
            "../embedded-platform/src/main/resources/keycloak/kidsafe-realm.json").normalize();

    private Chart() {
    }

    static Render render() {
        return new Render(DIR);
    }

    /** Default values: development mode, nothing switched on. */
    static Render defaults() {
        return render();
    }

    /** ci/production-values.yaml plus the realm import fed with a test realm through --set-file. */
    static Render production() {
        return render().values(PRODUCTION_VALUES)
                .set("keycloak.realmImport.enabled", "true")
                .setFile("keycloak.realmImport.realm", TEST_REALM);
    }

    static Render minimal() {
        return render().values(MINIMAL_VALUES);
    }

    static final class Render {
        private final Path chartDir;
        private final List<Path> valuesFiles = new ArrayList<>();
        private final Map<String, Object> sets = new LinkedHashMap<>();
        private final Map<String, Path> files = new LinkedHashMap<>();

        Render(Path chartDir) {
            this.chartDir = chartDir;
        }

        Render values(Path file) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("No values file " + file);
            }
            valuesFiles.add(file);
            return this;
        }

        Render set(String key, Object value) {
            sets.put(key, value);
            return this;
        }

        Render setFile(String key, Path file) {
            files.put(key, file);
            return this;
        }

        List<Path> valuesFiles() {
            return valuesFiles;
        }

        /** Renders the chart; throws IllegalStateException with Helm's message when the render fails. */
        String yaml() {
            TemplateCommand command = new Helm(chartDir).template().withName(RELEASE).withNamespace(NAMESPACE);
            for (Path file : valuesFiles) {
                command = command.withValuesFile(file);
            }
            for (Map.Entry<String, Object> e : sets.entrySet()) {
                command = command.set(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, Path> e : files.entrySet()) {
                command = command.setFile(e.getKey(), e.getValue());
            }
            return command.call();
        }

        Manifests manifests() {
            return Manifests.parse(yaml());
        }
    }
}
