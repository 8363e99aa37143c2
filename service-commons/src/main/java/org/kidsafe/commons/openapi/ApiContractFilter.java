package org.kidsafe.commons.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.OAuthFlow;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.kidsafe.commons.problem.Problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every KidSafe OpenAPI document carries beyond the resources' own annotations (issue 20 item 1), in one
 * place so each service's document is complete and the gateway's merge only merges:
 * <ul>
 *   <li>the shared {@code Problem} schema, and every 4xx/5xx answer typed as {@code application/problem+json} with it
 *       (the answers {@link org.kidsafe.commons.problem.ProblemMapper} gives);</li>
 *   <li>the error answers that follow from an operation's shape: a secured operation can answer 401/403, one with a
 *       path id 404, one with a body or query 400, one with a body 413/415, every one 429 (the gateway's per-client
 *       limit) and 503 (database or identity provider unreachable); statuses particular to one operation (409, 422,
 *       ...) are the resource's own {@code @APIResponse}s;</li>
 *   <li>{@code servers} and the OIDC security schemes (discovery URL; authorization code + PKCE for parents; the
 *       toys' password grant with the credentials pairing returns), required on every secured operation and
 *       explicitly absent ({@code security: []}) on the public ones.</li>
 * </ul>
 * Runs at startup because the issuer is runtime configuration.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ApiContractFilter implements OASFilter {

    public static final String PROBLEM_SCHEMA = "Problem";
    public static final String VIOLATION_SCHEMA = "Violation";
    public static final String OIDC_SCHEME = "oidc";
    public static final String OAUTH2_SCHEME = "oauth2";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM_SCHEMA;

    /** The default error answers by status, used when a resource names none more precise. */
    private static final Map<String, String> DEFAULT_DESCRIPTIONS = Map.of(
            "400", "Invalid request: validation-failed (with errors), malformed-body or unknown-field",
            "401", "No valid access token (unauthorized)",
            "403", "The token's role or owner does not allow this (forbidden)",
            "404", "No such resource of yours",
            "413", "The body is larger than this operation accepts",
            "415", "The body's media type is not accepted here",
            "429", "Too many requests from this client (rate-limited); retry after the Retry-After header",
            "503", "A dependency (database, identity provider) is unreachable; retry after the Retry-After header");

    private static final Set<String> QUARKUS_SECURITY_DESCRIPTIONS = Set.of("Not Authorized", "Not Allowed");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        // An OASFilter is instantiated by SmallRye, not CDI: the setting is read directly (default in service-commons).
        String issuer = stripSlash(ConfigProvider.getConfig().getValue("kidsafe.openapi.issuer", String.class));

        openAPI.setServers(List.of(OASFactory.createServer().url("/")
                .description("The host that served this document: the KidSafe gateway for GET /api/openapi")));
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSchema(PROBLEM_SCHEMA, problemSchema());
        components.addSchema(VIOLATION_SCHEMA, violationSchema());
        Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
        schemes.put(OIDC_SCHEME, oidcScheme(issuer));
        schemes.put(OAUTH2_SCHEME, oauth2Scheme(issuer));
        components.setSecuritySchemes(schemes);
        openAPI.setSecurity(null);

        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) ->
                item.getOperations().forEach((method, operation) -> describe(path, operation)));
    }

    private static void describe(String path, Operation operation) {
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        operation.setSecurity(secured ? securityRequirements() : List.of());
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasQuery = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(parameter -> parameter.getIn() != null && "query".equals(parameter.getIn().toString()));
        if (secured) {
            addDefault(responses, "401");
            addDefault(responses, "403");
        }
        if (path.contains("{")) {
            addDefault(responses, "404");
        }
        if (hasBody || hasQuery) {
            addDefault(responses, "400");
        }
        if (hasBody) {
            addDefault(responses, "413");
            addDefault(responses, "415");
        }
        addDefault(responses, "429");
        addDefault(responses, "503");
        responses.getAPIResponses().forEach((status, response) -> {
            if (isError(status)) {
                response.setContent(problemContent());
            }
        });
    }

    private static boolean isError(String status) {
        return status.length() == 3 && (status.startsWith("4") || status.startsWith("5"));
    }

    /** Also replaces the generic texts Quarkus adds to secured operations ("Not Authorized", "Not Allowed"). */
    private static void addDefault(APIResponses responses, String status) {
        APIResponse existing = responses.getAPIResponse(status);
        if (existing == null || QUARKUS_SECURITY_DESCRIPTIONS.contains(existing.getDescription())) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(DEFAULT_DESCRIPTIONS.get(status)));
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }

    private static List<SecurityRequirement> securityRequirements() {
        return List.of(OASFactory.createSecurityRequirement().addScheme(OIDC_SCHEME),
                OASFactory.createSecurityRequirement().addScheme(OAUTH2_SCHEME));
    }

    /**
     * RFC 9457 members as {@link Problem} writes them, plus the extensions ProblemMapper and the services add. No
     * {@code additionalProperties}: JSON Schema allows further members anyway, and a free-form one made every client
     * generator warn about an unresolvable schema (issue 20 item 3, api-client's GeneratedClientsTest).
     */
    static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details: every KidSafe error answer. Never contains a stack trace or personal "
                        + "information. Operations may add members (e.g. requiredVerification, limitBytes).")
                .addProperty("type", string("https://kidsafe.dev/problems/<slug>; the slug is stable and names the error")
                        .format("uri").examples(List.of("https://kidsafe.dev/problems/validation-failed")))
                .addProperty("title", string("Short human-readable summary"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .description("The HTTP status"))
                .addProperty("detail", string("Human-readable explanation of this occurrence"))
                .addProperty("requestId", string("The X-Request-Id of the request, to quote to support"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref("#/components/schemas/" + VIOLATION_SCHEMA))
                        .description("Only on validation-failed: one entry per invalid field"))
                .required(List.of("type", "title", "status"));
    }

    /** Named, so generated clients get a stable type instead of one named after its position (ProblemViolationsInner). */
    static Schema violationSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("One invalid field of a validation-failed problem")
                .addProperty("field", string("The offending field, e.g. category"))
                .addProperty("message", string("What is wrong with it"))
                .required(List.of("field", "message"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }

    private static SecurityScheme oidcScheme(String issuer) {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.OPENIDCONNECT)
                .openIdConnectUrl(issuer + "/.well-known/openid-configuration")
                .description("KidSafe's identity provider (Keycloak). Parents sign in with the authorization-code flow and "
                        + "PKCE (S256); toys use the credentials returned once by pairToy. Send the access token as "
                        + "'Authorization: Bearer ...'.");
    }

    private static SecurityScheme oauth2Scheme(String issuer) {
        String endpoints = issuer + "/protocol/openid-connect/";
        OAuthFlow parents = OASFactory.createOAuthFlow()
                .authorizationUrl(endpoints + "auth").tokenUrl(endpoints + "token").refreshUrl(endpoints + "token")
                .scopes(Map.of("openid", "Sign in"));
        OAuthFlow toys = OASFactory.createOAuthFlow()
                .tokenUrl(endpoints + "token").refreshUrl(endpoints + "token")
                .scopes(Map.of("offline_access", "The toy keeps a refresh token and only refreshes after its first login"));
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.OAUTH2)
                .description("The same identity provider's flows. authorizationCode: parents, always with PKCE (S256), "
                        + "public client. password: toys, with clientId, username and secret from pairToy's answer "
                        + "(the token endpoint it names), then refresh only.")
                .flows(OASFactory.createOAuthFlows().authorizationCode(parents).password(toys));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
