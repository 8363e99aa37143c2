package org.kidsafe.api.client.generation;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.jboss.logmanager.ExtLogRecord;
import org.openapitools.codegen.ClientOptInput;
import org.openapitools.codegen.CodegenConstants;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;
import org.openapitools.codegen.config.GlobalSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one of OpenAPI Generator's client generators on a document, as a mobile developer would (issue 20 item 3), and
 * reports what makes the generated client worse than the document promises: the generator's warnings about missing or
 * untyped schemas, and generated methods that return nothing or an untyped value where the document declares a success
 * body.
 *
 * <p>Which log lines count: warnings (and errors) that speak of a schema or a type the generator could not resolve
 * ({@link #SCHEMA_TROUBLE}), and the generator's note that it named an inline schema itself (a mobile type named
 * {@code ProblemViolationsInner}, renamed whenever the document moves). Not counted: the generator's note that its
 * OpenAPI 3.1 support is in beta (about the generator, not the document), warnings about examples (they do not shape a
 * type) and reserved-word renames (naming, not typing).
 */
final class ClientGeneration {

    /** Words of the generator's warnings about schemas and types it could not resolve. */
    private static final Pattern SCHEMA_TROUBLE = Pattern.compile(
            "schema|untyped|unknown type|anytype|free-?form|could not find|not found|undefined|unresolv",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NOT_ABOUT_TYPES = Pattern.compile(
            "3\\.1 support is still in beta|example", Pattern.CASE_INSENSITIVE);
    private static final Pattern API_SOURCE = Pattern.compile("\\w+Api\\.(java|kt|swift|ts)", Pattern.CASE_INSENSITIVE);
    private static final String INLINE_SCHEMA_NAMED = "Inline schema created as";
    /** OpenAPI Generator logs some warnings once per JVM unless told not to; each run must see its own. */
    private static final String ONCE_LOGGER = "org.openapitools.codegen.utils.oncelogger.enabled";

    /** The generators a mobile developer uses, and how each one's API methods look. */
    enum Client {
        KOTLIN("kotlin", null,
                "(?m)^\\s*(?:suspend )?fun (\\w+)\\(.*\\) : (.+) \\{\\s*$", Set.of("Unit"), Set.of("kotlin.Any", "Any")),
        SWIFT("swift5", null,
                "(?m)^\\s*open class func (\\w+)\\(.*completion: @escaping \\(\\(_ data: (.+?)\\?, _ error: Error\\?\\) -> Void\\)\\)",
                Set.of("Void"), Set.of("AnyCodable", "JSONValue", "Any")),
        TYPESCRIPT("typescript-fetch", null,
                "(?m)^\\s*async (\\w+)\\(.*\\): Promise<(.+)> \\{\\s*$", Set.of("void"),
                Set.of("any", "object", "{ [key: string]: any; }")),
        JAVA("java", "native",
                "(?m)^\\s*public (.+?) (\\w+)\\(.*\\) throws ApiException \\{\\s*$", Set.of("void"), Set.of("Object")) {
            @Override
            String operationId(Matcher method) {
                return method.group(2);
            }

            @Override
            String returnType(Matcher method) {
                return method.group(1);
            }
        };

        final String generator;
        final String library;
        final Pattern method;
        final Set<String> nothing;
        final Set<String> untyped;

        Client(String generator, String library, String method, Set<String> nothing, Set<String> untyped) {
            this.generator = generator;
            this.library = library;
            this.method = Pattern.compile(method);
            this.nothing = nothing;
            this.untyped = untyped;
        }

        String operationId(Matcher method) {
            return method.group(1);
        }

        String returnType(Matcher method) {
            return method.group(2);
        }
    }

    private ClientGeneration() {
    }

    /**
     * Generates {@code client} from {@code document} into {@code output} and returns what is wrong, one line each.
     * {@code freeFormByNature}: operations whose answer is free-form JSON by definition, so an untyped return is right.
     */
    static List<String> findings(Client client, Path document, Path output, Set<String> freeFormByNature) {
        deleteRecursively(output);
        List<String> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = text(record);
                boolean warning = record.getLevel().intValue() >= Level.WARNING.intValue()
                        && SCHEMA_TROUBLE.matcher(message).find() && !NOT_ABOUT_TYPES.matcher(message).find();
                if (warning || message.startsWith(INLINE_SCHEMA_NAMED)) {
                    warnings.add(client.generator + " warns: " + message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        GlobalSettings.setProperty(ONCE_LOGGER, "false");
        OpenAPI parsed;
        try {
            CodegenConfigurator configurator = new CodegenConfigurator()
                    .setInputSpec(document.toString())
                    .setGeneratorName(client.generator)
                    .setOutputDir(output.toString())
                    // An invalid document is reported below as findings, with everything else found, not thrown.
                    .setValidateSpec(false);
            if (client.library != null) {
                configurator.setLibrary(client.library);
            }
            ClientOptInput input = configurator.toClientOptInput();
            parsed = input.getOpenAPI();
            DefaultGenerator generator = new DefaultGenerator();
            generator.setGeneratorPropertyDefault(CodegenConstants.API_DOCS, "false");
            generator.setGeneratorPropertyDefault(CodegenConstants.MODEL_DOCS, "false");
            generator.setGeneratorPropertyDefault(CodegenConstants.API_TESTS, "false");
            generator.setGeneratorPropertyDefault(CodegenConstants.MODEL_TESTS, "false");
            // The build files and HTTP plumbing do not shape a method's types; leaving them out saves a third of the time.
            generator.setGeneratorPropertyDefault(CodegenConstants.APIS, "true");
            generator.setGeneratorPropertyDefault(CodegenConstants.MODELS, "true");
            generator.setGeneratorPropertyDefault(CodegenConstants.SUPPORTING_FILES, "false");
            generator.opts(input).generate();
        } finally {
            root.removeHandler(capture);
            GlobalSettings.reset();
        }
        List<String> findings = new ArrayList<>(invalidities(document));
        findings.addAll(warnings);
        findings.addAll(methodFindings(client, declaredBodies(parsed), methods(client, output), freeFormByNature));
        return findings;
    }

    /**
     * The method findings for sources already generated from {@code document}: the Java client the build compiles (the
     * plugin's output), which is the one KidSafe's own tests call, checked without generating it a second time.
     */
    static List<String> methodFindings(Client client, Path document, Path generatedSources, Set<String> freeFormByNature) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI parsed = new OpenAPIParser().readLocation(document.toString(), null, options).getOpenAPI();
        return methodFindings(client, declaredBodies(parsed), methods(client, generatedSources), freeFormByNature);
    }

    /** What the generator's own validation (swagger-parser) finds wrong, e.g. a reference to a schema that is not there. */
    private static List<String> invalidities(Path document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        List<String> messages = new OpenAPIParser().readLocation(document.toString(), null, options).getMessages();
        return messages == null ? List.of() : messages.stream().map(message -> "invalid document: " + message).toList();
    }

    /** Per operationId: true when a 2xx answer declares a body. */
    private static Map<String, Boolean> declaredBodies(OpenAPI document) {
        Map<String, Boolean> bodies = new LinkedHashMap<>();
        document.getPaths().forEach((path, item) -> item.readOperations().forEach(operation ->
                bodies.put(operation.getOperationId(), declaresSuccessBody(operation))));
        return bodies;
    }

    private static boolean declaresSuccessBody(Operation operation) {
        return operation.getResponses().entrySet().stream()
                .filter(answer -> answer.getKey().startsWith("2"))
                .map(Map.Entry::getValue)
                .map(ApiResponse::getContent)
                .anyMatch(content -> content != null && !content.isEmpty());
    }

    /** The generated API methods, operationId to return type (the first overload found; all overloads return alike). */
    private static Map<String, String> methods(Client client, Path output) {
        Map<String, String> methods = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(output)) {
            for (Path file : files.filter(Files::isRegularFile).filter(ClientGeneration::isApiSource).toList()) {
                Matcher method = client.method.matcher(Files.readString(file));
                while (method.find()) {
                    methods.putIfAbsent(client.operationId(method), client.returnType(method).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return methods;
    }

    /** A previous run's files would otherwise be read as this run's methods. */
    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every generator names an API class's file after its tag: ChildrenApi.kt, ChildrenAPI.swift, ChildrenApi.ts ... */
    private static boolean isApiSource(Path file) {
        return API_SOURCE.matcher(file.getFileName().toString()).matches();
    }

    private static List<String> methodFindings(Client client, Map<String, Boolean> declaredBodies, Map<String, String> methods,
                                               Set<String> freeFormByNature) {
        List<String> findings = new ArrayList<>();
        declaredBodies.forEach((operationId, hasBody) -> {
            String returned = methods.get(operationId);
            if (returned == null) {
                findings.add(client.generator + ": no method " + operationId);
            } else if (hasBody && client.nothing.contains(returned)) {
                findings.add(client.generator + ": " + operationId + " returns " + returned + " although the document declares a body");
            } else if (client.untyped.contains(returned) && !freeFormByNature.contains(operationId)) {
                findings.add(client.generator + ": " + operationId + " returns the untyped " + returned);
            }
        });
        return findings;
    }

    private static String text(LogRecord record) {
        // slf4j's {} placeholders are filled in by the JBoss LogManager's record, which surefire installs.
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : new SimpleFormatter().formatMessage(record);
    }
}
