package org.kidsafe.api;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.Endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The v1 compatibility promise as a check (issue 20 item 5, docs/api.md "Stability"): the committed document against
 * the newest released one, compared by openapi-diff, whose "incompatible" is a change an already shipped client can
 * break on (a removed operation, a newly required parameter, a narrowed answer, ...).
 */
final class ApiCompatibility {

    private static final Pattern RELEASE = Pattern.compile("kidsafe-v(\\d+)\\.(\\d+)\\.(\\d+)\\.yaml");

    private ApiCompatibility() {
    }

    /** What a client of {@code released} would notice in {@code current}: empty when the change is compatible. */
    static List<String> breakingChanges(Path released, Path current) {
        ChangedOpenApi diff = OpenApiCompare.fromLocations(released.toUri().toString(), current.toUri().toString());
        if (!diff.isIncompatible()) {
            return List.of();
        }
        List<String> breaking = new ArrayList<>();
        for (Endpoint removed : diff.getMissingEndpoints()) {
            breaking.add("removed: " + removed.getMethod() + " " + removed.getPathUrl()
                    + Optional.ofNullable(removed.getOperation().getOperationId()).map(id -> " (" + id + ")").orElse(""));
        }
        for (ChangedOperation changed : diff.getChangedOperations()) {
            if (changed.isChanged().isIncompatible()) {
                breaking.add("changed incompatibly: " + changed.getHttpMethod() + " " + changed.getPathUrl()
                        + Optional.ofNullable(changed.getNewOperation().getOperationId()).map(id -> " (" + id + ")").orElse("")
                        + describe(changed));
            }
        }
        if (breaking.isEmpty()) {
            breaking.add("incompatible outside any operation (e.g. a shared schema or security scheme); "
                    + "run openapi-diff on the two files for the details");
        }
        return breaking;
    }

    private static String describe(ChangedOperation changed) {
        List<String> parts = new ArrayList<>();
        if (changed.getParameters() != null && changed.getParameters().isChanged().isIncompatible()) {
            parts.add("parameters");
        }
        if (changed.getRequestBody() != null && changed.getRequestBody().isChanged().isIncompatible()) {
            parts.add("request body");
        }
        if (changed.getApiResponses() != null && changed.getApiResponses().isChanged().isIncompatible()) {
            parts.add("responses");
        }
        if (changed.getSecurityRequirements() != null && changed.getSecurityRequirements().isChanged().isIncompatible()) {
            parts.add("security");
        }
        return parts.isEmpty() ? "" : ": " + String.join(", ", parts);
    }

    /** The newest {@code kidsafe-vX.Y.Z.yaml} in the folder, by version number (not by name: 1.10 is after 1.9). */
    static Optional<Path> newestRelease(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> RELEASE.matcher(file.getFileName().toString()).matches())
                    .max(Comparator.comparing(ApiCompatibility::version, ApiCompatibility::compareVersions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] version(Path file) {
        Matcher matcher = RELEASE.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(file.toString());
        }
        return new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))};
    }

    private static int compareVersions(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
