package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Brings an existing realm to the state of the realm as code (principle 8: an installation of the previous release
 * reaches this release's {@code kidsafe} realm without losing its parents, toys or their credentials), through the
 * Keycloak Admin REST API, so it works on any store (H2 file, PostgreSQL) and any Keycloak reachable over HTTP.
 * A hand-written reconciler because adorsys keycloak-config-cli, the tool made for this, is not on Maven Central
 * (only GitHub releases and container images), the one registry this project builds from.
 *
 * <p>What it reconciles, each to the file's state: realm settings (the file's plain fields, among them
 * {@code adminPermissionsEnabled}), realm roles (created, descriptions, realm roles a composite lacks), client scopes and their mappers, the
 * realm's default client scopes, clients of the file (settings, attributes, mappers, default and optional scopes,
 * flow bindings, secret only where the file sets one), role scope mappings of the file's clients and scopes,
 * groups (created with the file's id, role mappings), top-level authentication flows (rebuilt when their executions
 * differ), the user profile, the service accounts' roles, and the fine-grained admin permissions of
 * {@code admin-permissions}. What it never does: change or delete an existing user or any credential; delete a
 * client the file does not name (Keycloak's own, and the previous release's {@code toy-<deviceId>} clients, which
 * {@code ./kidsafe toys migrate} retires); delete a client scope some client still uses (the previous release's
 * {@code kidsafe-toy} scope stays until the last legacy toy client is gone, so unmigrated toys keep working).
 * Users the file declares (the development realm's demo users) are created only when missing.
 *
 * <p>Applied revision: a realm attribute {@value #REVISION_ATTRIBUTE} holds the SHA-256 of the realm JSON applied;
 * {@link #apply} returns at once when it matches, and records it only after a complete pass, so an interrupted
 * or partial upgrade is simply run again at the next start (every step is idempotent). One call at a time per
 * instance.
 */
public final class RealmUpgrade {

    /** Realm attribute with the revision (SHA-256 of the realm file and of {@link #RECONCILER}) last applied in full. */
    public static final String REVISION_ATTRIBUTE = "kidsafe.realm-revision";
    /** Part of the revision, so that a changed reconciler re-applies an unchanged file. */
    private static final String RECONCILER = "realm-upgrade/1";

    /** Keycloak's own client scopes of every new realm, never the file's to remove. */
    private static final Set<String> KEYCLOAK_SCOPES = Set.of("acr", "address", "basic", "email", "microprofile-jwt",
            "offline_access", "organization", "phone", "profile", "role_list", "roles", "saml_organization",
            "service_account", "web-origins");
    /** Fields of a realm representation that are not plain settings: each is reconciled by its own step. */
    private static final Set<String> REALM_STRUCTURE = Set.of("id", "realm", "roles", "defaultRole", "clients",
            "clientScopes", "users", "groups", "authenticationFlows", "authenticatorConfig", "components",
            "scopeMappings", "clientScopeMappings", "defaultDefaultClientScopes", "defaultOptionalClientScopes",
            "attributes");
    /** Fields of a client reconciled by their own step (or never: the secret only when the file has one). */
    private static final Set<String> CLIENT_STRUCTURE = Set.of("id", "protocolMappers", "defaultClientScopes",
            "optionalClientScopes", "authorizationSettings", "authenticationFlowBindingOverrides", "attributes", "secret");
    private static final String ADMIN_PERMISSIONS = "admin-permissions";
    private static final String USER_PROFILE = "org.keycloak.userprofile.UserProfileProvider";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one call did: skipped (revision already applied) or the changes made and what was kept on purpose. */
    public record Outcome(boolean skipped, String revision, List<String> changes, List<String> kept) {
    }

    private final String server;
    private final Supplier<String> adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> changes = new ArrayList<>();
    private final List<String> kept = new ArrayList<>();
    private String admin;

    /**
     * @param keycloakUrl Keycloak's base URL ({@code http://127.0.0.1:8180})
     * @param adminToken  access tokens of an administrator of the realm, e.g. {@link KeycloakTokens#masterAdmin}
     */
    public RealmUpgrade(String keycloakUrl, Supplier<String> adminToken) {
        this.server = keycloakUrl.replaceAll("/+$", "");
        this.adminToken = adminToken;
    }

    /** The upgrade of a running {@link KeycloakServer}, as its bootstrap admin. */
    public static RealmUpgrade of(KeycloakServer keycloak) {
        return new RealmUpgrade(keycloak.baseUrl(),
                KeycloakTokens.masterAdmin(keycloak.baseUrl(), keycloak.adminUsername(), keycloak.adminPassword()));
    }

    /** The revision of a realm as code: what {@value #REVISION_ATTRIBUTE} holds once it is applied. */
    public static String revision(ObjectNode realm) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(RECONCILER.getBytes(StandardCharsets.UTF_8));
            sha.update(KidSafeRealm.toJson(realm).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Brings the realm named by {@code target} to {@code target}'s state unless that revision is already applied.
     * The realm must exist (Keycloak imports it at first start).
     */
    public Outcome apply(ObjectNode target) {
        String revision = revision(target);
        admin = server + "/admin/realms/" + encode(target.path("realm").asText());
        JsonNode realm = get(admin).orElseThrow(() -> new IllegalStateException(
                "Realm " + target.path("realm").asText() + " does not exist: Keycloak imports it at first start"));
        if (revision.equals(realm.path("attributes").path(REVISION_ATTRIBUTE).asText())) {
            return new Outcome(true, revision, List.of(), List.of());
        }
        return reconcile(target, revision);
    }

    /** Every step, whatever revision the realm records; records {@code revision} when nothing was held back. */
    Outcome reconcile(ObjectNode target, String revision) {
        admin = server + "/admin/realms/" + encode(target.path("realm").asText());
        changes.clear();
        kept.clear();
        Map<String, String> flowAliasById = new HashMap<>();
        target.path("authenticationFlows").forEach(f -> flowAliasById.put(f.path("id").asText(), f.path("alias").asText()));

        realmSettings(target);
        realmRoles(target);
        clientScopes(target);
        defaultClientScopes(target, "defaultDefaultClientScopes", "default-default-client-scopes");
        defaultClientScopes(target, "defaultOptionalClientScopes", "default-optional-client-scopes");
        flows(target);
        for (JsonNode client : target.path("clients")) {
            if (!ADMIN_PERMISSIONS.equals(client.path("clientId").asText())) {
                client((ObjectNode) client, flowAliasById);
            }
        }
        scopeMappings(target);
        groups(target);
        users(target);
        userProfile(target);
        adminPermissions(target);
        retiredClientScopes(target);
        if (kept.isEmpty()) {
            recordRevision(revision);
        }
        return new Outcome(false, revision, List.copyOf(changes), List.copyOf(kept));
    }

    // ---- realm ------------------------------------------------------------------------------------

    private void realmSettings(ObjectNode target) {
        JsonNode current = get(admin).orElseThrow();
        ObjectNode update = JSON.createObjectNode();
        target.properties().forEach(field -> {
            if (!REALM_STRUCTURE.contains(field.getKey()) && !sameSetting(field.getValue(), current.get(field.getKey()))) {
                update.set(field.getKey(), field.getValue());
            }
        });
        if (!update.isEmpty()) {
            send("PUT", admin, update, 204);
            changes.add("realm settings " + fieldNames(update));
        }
    }

    /**
     * A realm's list settings are sets to Keycloak, which answers them in its own order ({@code supportedLocales}
     * {@code ["es","en"]} for the file's {@code ["en","es"]}, issue 19 item 10): compared as sets, or every pass would
     * write them again.
     */
    private static boolean sameSetting(JsonNode target, JsonNode current) {
        if (target.isArray() && current != null && current.isArray()) {
            Set<JsonNode> wanted = new HashSet<>();
            target.forEach(wanted::add);
            Set<JsonNode> present = new HashSet<>();
            current.forEach(present::add);
            return wanted.equals(present) && target.size() == current.size();
        }
        return target.equals(current);
    }

    private void recordRevision(String revision) {
        ObjectNode attributes = JSON.createObjectNode();
        attributes.put(REVISION_ATTRIBUTE, revision);
        ObjectNode update = JSON.createObjectNode();
        update.set("attributes", attributes);
        send("PUT", admin, update, 204);
    }

    private void realmRoles(ObjectNode target) {
        for (JsonNode role : target.path("roles").path("realm")) {
            String name = role.path("name").asText();
            Optional<JsonNode> current = get(admin + "/roles/" + encode(name));
            if (current.isEmpty()) {
                send("POST", admin + "/roles", role, 201);
                changes.add("realm role " + name);
            } else if (!role.path("description").equals(current.get().path("description"))) {
                ObjectNode update = current.get().deepCopy();
                update.set("description", role.path("description"));
                send("PUT", admin + "/roles/" + encode(name), update, 204);
                changes.add("realm role " + name + " description");
            }
            compositeRealmRoles(name, names(role.path("composites").path("realm")));
        }
    }

    /**
     * Adds the file's realm roles missing from a composite; removes none, since Keycloak puts its own into the default
     * role (offline_access, uma_authorization, the account console's roles). How an existing realm's new users become
     * parents when {@code parent} joins {@code default-roles-kidsafe} (issue 19 item 1).
     */
    private void compositeRealmRoles(String name, Set<String> wanted) {
        Set<String> current = names(list(admin + "/roles/" + encode(name) + "/composites/realm"));
        ArrayNode add = JSON.createArrayNode();
        for (String role : wanted) {
            if (!current.contains(role)) {
                add.add(get(admin + "/roles/" + encode(role)).orElseThrow(() -> new IllegalStateException("No role " + role)));
            }
        }
        if (!add.isEmpty()) {
            send("POST", admin + "/roles/" + encode(name) + "/composites", add, 204);
            changes.add("realm role " + name + " composites +" + names(add));
        }
    }

    // ---- client scopes ----------------------------------------------------------------------------

    private void clientScopes(ObjectNode target) {
        Map<String, JsonNode> current = byField(list(admin + "/client-scopes"), "name");
        for (JsonNode scope : target.path("clientScopes")) {
            String name = scope.path("name").asText();
            JsonNode existing = current.get(name);
            if (existing == null) {
                send("POST", admin + "/client-scopes", scope, 201);
                changes.add("client scope " + name);
                continue;
            }
            String url = admin + "/client-scopes/" + existing.path("id").asText();
            ObjectNode update = existing.deepCopy();
            boolean differs = false;
            for (String field : List.of("description", "protocol")) {
                if (scope.has(field) && !scope.get(field).equals(existing.get(field))) {
                    update.set(field, scope.get(field));
                    differs = true;
                }
            }
            if (!contains(existing.path("attributes"), scope.path("attributes"))) {
                ObjectNode attributes = existing.path("attributes").isObject()
                        ? ((ObjectNode) existing.get("attributes")).deepCopy() : JSON.createObjectNode();
                attributes.setAll((ObjectNode) scope.get("attributes"));
                update.set("attributes", attributes);
                differs = true;
            }
            if (differs) {
                update.remove("protocolMappers");
                send("PUT", url, update, 204);
                changes.add("client scope " + name);
            }
            mappers("client scope " + name, url, existing.path("protocolMappers"), scope.path("protocolMappers"));
        }
    }

    /** Removes client scopes the file no longer has that no client uses; keeps (and reports) those still in use. */
    private void retiredClientScopes(ObjectNode target) {
        Set<String> wanted = new LinkedHashSet<>();
        target.path("clientScopes").forEach(s -> wanted.add(s.path("name").asText()));
        List<JsonNode> retired = new ArrayList<>();
        for (JsonNode scope : list(admin + "/client-scopes")) {
            String name = scope.path("name").asText();
            if (!wanted.contains(name) && !KEYCLOAK_SCOPES.contains(name)) {
                retired.add(scope);
            }
        }
        if (retired.isEmpty()) {
            return;
        }
        Map<String, Integer> users = new HashMap<>();
        for (JsonNode client : list(admin + "/clients?briefRepresentation=false&max=-1")) {
            for (String kind : List.of("defaultClientScopes", "optionalClientScopes")) {
                client.path(kind).forEach(s -> users.merge(s.asText(), 1, Integer::sum));
            }
        }
        for (JsonNode scope : retired) {
            String name = scope.path("name").asText();
            int count = users.getOrDefault(name, 0);
            if (count > 0) {
                kept.add("client scope " + name + " (still used by " + count + " client(s))");
            } else {
                send("DELETE", admin + "/client-scopes/" + scope.path("id").asText(), null, 204);
                changes.add("removed client scope " + name);
            }
        }
    }

    private void defaultClientScopes(ObjectNode target, String field, String path) {
        if (!target.has(field)) {
            return;
        }
        Set<String> wanted = names(target.get(field));
        Map<String, JsonNode> all = byField(list(admin + "/client-scopes"), "name");
        Map<String, JsonNode> current = byField(list(admin + "/" + path), "name");
        for (String name : wanted) {
            if (!current.containsKey(name)) {
                send("PUT", admin + "/" + path + "/" + all.get(name).path("id").asText(), null, 204);
                changes.add(path + " +" + name);
            }
        }
        for (Map.Entry<String, JsonNode> entry : current.entrySet()) {
            if (!wanted.contains(entry.getKey())) {
                send("DELETE", admin + "/" + path + "/" + entry.getValue().path("id").asText(), null, 204);
                changes.add(path + " -" + entry.getKey());
            }
        }
    }

    // ---- clients ----------------------------------------------------------------------------------

    private void client(ObjectNode target, Map<String, String> flowAliasById) {
        String clientId = target.path("clientId").asText();
        ObjectNode wanted = target.deepCopy();
        ObjectNode overrides = JSON.createObjectNode();
        Map<String, String> flowIds = flowIdsByAlias();
        target.path("authenticationFlowBindingOverrides").properties().forEach(binding ->
                overrides.put(binding.getKey(), flowIds.get(flowAliasById.getOrDefault(binding.getValue().asText(), binding.getValue().asText()))));
        wanted.set("authenticationFlowBindingOverrides", overrides);

        Optional<JsonNode> found = clientByClientId(clientId);
        if (found.isEmpty()) {
            send("POST", admin + "/clients", wanted, 201);
            changes.add("client " + clientId);
            return;
        }
        JsonNode existing = found.get();
        String url = admin + "/clients/" + existing.path("id").asText();
        ObjectNode update = existing.deepCopy();
        List<String> differing = new ArrayList<>();
        wanted.properties().forEach(field -> {
            if (!CLIENT_STRUCTURE.contains(field.getKey()) && !sameValue(field.getValue(), existing.get(field.getKey()))) {
                update.set(field.getKey(), field.getValue());
                differing.add(field.getKey());
            }
        });
        if (!contains(existing.path("attributes"), wanted.path("attributes"))) {
            ObjectNode attributes = existing.path("attributes").isObject()
                    ? ((ObjectNode) existing.get("attributes")).deepCopy() : JSON.createObjectNode();
            attributes.setAll((ObjectNode) wanted.get("attributes"));
            update.set("attributes", attributes);
            differing.add("attributes");
        }
        if (!overrides.equals(existing.path("authenticationFlowBindingOverrides").isObject()
                ? existing.get("authenticationFlowBindingOverrides") : JSON.createObjectNode())) {
            update.set("authenticationFlowBindingOverrides", overrides);
            differing.add("authenticationFlowBindingOverrides");
        }
        if (wanted.hasNonNull("secret")) {
            String secret = get(url + "/client-secret").map(s -> s.path("value").asText()).orElse("");
            if (!secret.equals(wanted.get("secret").asText())) {
                update.set("secret", wanted.get("secret"));
                differing.add("secret");
            }
        }
        if (!differing.isEmpty()) {
            update.remove(List.of("protocolMappers", "defaultClientScopes", "optionalClientScopes"));
            send("PUT", url, update, 204);
            changes.add("client " + clientId + " " + differing);
        }
        mappers("client " + clientId, url, existing.path("protocolMappers"), wanted.path("protocolMappers"));
        clientScopesOf(clientId, url, "default-client-scopes", wanted.path("defaultClientScopes"));
        clientScopesOf(clientId, url, "optional-client-scopes", wanted.path("optionalClientScopes"));
    }

    private void clientScopesOf(String clientId, String clientUrl, String path, JsonNode wantedNames) {
        Set<String> wanted = names(wantedNames);
        Map<String, JsonNode> all = byField(list(admin + "/client-scopes"), "name");
        Map<String, JsonNode> current = byField(list(clientUrl + "/" + path), "name");
        for (Map.Entry<String, JsonNode> entry : current.entrySet()) {
            if (!wanted.contains(entry.getKey())) {
                send("DELETE", clientUrl + "/" + path + "/" + entry.getValue().path("id").asText(), null, 204);
                changes.add("client " + clientId + " " + path + " -" + entry.getKey());
            }
        }
        for (String name : wanted) {
            if (!current.containsKey(name)) {
                send("PUT", clientUrl + "/" + path + "/" + all.get(name).path("id").asText(), null, 204);
                changes.add("client " + clientId + " " + path + " +" + name);
            }
        }
    }

    /** The protocol mappers at {@code ownerUrl} become the file's, matched by name. */
    private void mappers(String owner, String ownerUrl, JsonNode existing, JsonNode wanted) {
        Map<String, JsonNode> current = byField(existing, "name");
        Set<String> wantedNames = new LinkedHashSet<>();
        for (JsonNode mapper : wanted) {
            String name = mapper.path("name").asText();
            wantedNames.add(name);
            JsonNode present = current.get(name);
            if (present == null) {
                send("POST", ownerUrl + "/protocol-mappers/models", mapper, 201);
                changes.add(owner + " mapper " + name);
            } else if (!mapper.path("protocolMapper").equals(present.path("protocolMapper"))
                    || !contains(present.path("config"), mapper.path("config"))) {
                // Compared as "has every setting of the file": Keycloak adds defaults of its own to created mappers.
                ObjectNode update = mapper.deepCopy();
                update.put("id", present.path("id").asText());
                send("PUT", ownerUrl + "/protocol-mappers/models/" + present.path("id").asText(), update, 204);
                changes.add(owner + " mapper " + name);
            }
        }
        for (Map.Entry<String, JsonNode> entry : current.entrySet()) {
            if (!wantedNames.contains(entry.getKey())) {
                send("DELETE", ownerUrl + "/protocol-mappers/models/" + entry.getValue().path("id").asText(), null, 204);
                changes.add(owner + " removed mapper " + entry.getKey());
            }
        }
    }

    /** Realm-role scope mappings of the file's clients and client scopes, and the client-role ones it lists. */
    private void scopeMappings(ObjectNode target) {
        Map<String, Set<String>> byClient = new HashMap<>();
        Map<String, Set<String>> byScope = new HashMap<>();
        target.path("clients").forEach(c -> byClient.put(c.path("clientId").asText(), new LinkedHashSet<>()));
        target.path("clientScopes").forEach(s -> byScope.put(s.path("name").asText(), new LinkedHashSet<>()));
        for (JsonNode mapping : target.path("scopeMappings")) {
            Set<String> roles = names(mapping.path("roles"));
            if (mapping.hasNonNull("client")) {
                byClient.computeIfAbsent(mapping.get("client").asText(), k -> new LinkedHashSet<>()).addAll(roles);
            } else {
                byScope.computeIfAbsent(mapping.path("clientScope").asText(), k -> new LinkedHashSet<>()).addAll(roles);
            }
        }
        byClient.remove(ADMIN_PERMISSIONS);
        for (Map.Entry<String, Set<String>> entry : byClient.entrySet()) {
            String id = clientByClientId(entry.getKey()).orElseThrow().path("id").asText();
            roleMappings("client " + entry.getKey() + " scope", admin + "/clients/" + id + "/scope-mappings/realm",
                    entry.getValue(), admin + "/roles/", true);
        }
        Map<String, JsonNode> scopes = byField(list(admin + "/client-scopes"), "name");
        for (Map.Entry<String, Set<String>> entry : byScope.entrySet()) {
            roleMappings("client scope " + entry.getKey() + " scope", admin + "/client-scopes/"
                    + scopes.get(entry.getKey()).path("id").asText() + "/scope-mappings/realm", entry.getValue(), admin + "/roles/", true);
        }
        target.path("clientScopeMappings").properties().forEach(source -> {
            String sourceId = clientByClientId(source.getKey()).orElseThrow().path("id").asText();
            for (JsonNode mapping : source.getValue()) {
                String clientId = mapping.path("client").asText();
                String id = clientByClientId(clientId).orElseThrow().path("id").asText();
                roleMappings("client " + clientId + " scope " + source.getKey(),
                        admin + "/clients/" + id + "/scope-mappings/clients/" + sourceId, names(mapping.path("roles")),
                        admin + "/clients/" + sourceId + "/roles/", true);
            }
        });
    }

    /**
     * The roles mapped at {@code url} become {@code wanted} (role representations read from {@code roleUrl + name});
     * with {@code exact} false, missing ones are added and none removed.
     */
    private void roleMappings(String what, String url, Set<String> wanted, String roleUrl, boolean exact) {
        Map<String, JsonNode> current = byField(list(url), "name");
        ArrayNode add = JSON.createArrayNode();
        for (String name : wanted) {
            if (!current.containsKey(name)) {
                add.add(get(roleUrl + encode(name)).orElseThrow(() -> new IllegalStateException("No role " + name)));
            }
        }
        ArrayNode remove = JSON.createArrayNode();
        if (exact) {
            current.forEach((name, role) -> {
                if (!wanted.contains(name)) {
                    remove.add(role);
                }
            });
        }
        if (!add.isEmpty()) {
            send("POST", url, add, 204);
            changes.add(what + " +" + names(add));
        }
        if (!remove.isEmpty()) {
            send("DELETE", url, remove, 204);
            changes.add(what + " -" + names(remove));
        }
    }

    // ---- groups, users, user profile ---------------------------------------------------------------

    private void groups(ObjectNode target) {
        for (JsonNode group : target.path("groups")) {
            String path = group.path("path").asText("/" + group.path("name").asText());
            Optional<JsonNode> existing = get(admin + "/group-by-path/" + path.substring(1));
            String id;
            if (existing.isEmpty()) {
                // A partial import keeps the file's id (a plain POST would not): the registrar's permission names it.
                ObjectNode request = JSON.createObjectNode();
                request.put("ifResourceExists", "SKIP");
                request.putArray("groups").add(group);
                send("POST", admin + "/partialImport", request, 200);
                changes.add("group " + path);
                id = get(admin + "/group-by-path/" + path.substring(1)).orElseThrow().path("id").asText();
            } else {
                id = existing.get().path("id").asText();
            }
            roleMappings("group " + path, admin + "/groups/" + id + "/role-mappings/realm",
                    names(group.path("realmRoles")), admin + "/roles/", true);
        }
    }

    /** Service accounts get exactly the file's client roles (and its realm roles); other users only when missing. */
    private void users(ObjectNode target) {
        for (JsonNode user : target.path("users")) {
            if (user.hasNonNull("serviceAccountClientId")) {
                String clientId = user.get("serviceAccountClientId").asText();
                String clientUuid = clientByClientId(clientId).orElseThrow().path("id").asText();
                String userId = get(admin + "/clients/" + clientUuid + "/service-account-user").orElseThrow().path("id").asText();
                roleMappings("service account of " + clientId, admin + "/users/" + userId + "/role-mappings/realm",
                        names(user.path("realmRoles")), admin + "/roles/", false);
                user.path("clientRoles").properties().forEach(roles -> {
                    String source = clientByClientId(roles.getKey()).orElseThrow().path("id").asText();
                    roleMappings("service account of " + clientId + " " + roles.getKey(),
                            admin + "/users/" + userId + "/role-mappings/clients/" + source, names(roles.getValue()),
                            admin + "/clients/" + source + "/roles/", true);
                });
            } else {
                String username = user.path("username").asText();
                if (list(admin + "/users?exact=true&briefRepresentation=true&username=" + encode(username)).isEmpty()) {
                    ObjectNode request = JSON.createObjectNode();
                    request.put("ifResourceExists", "SKIP");
                    request.putArray("users").add(user);
                    send("POST", admin + "/partialImport", request, 200);
                    changes.add("user " + username);
                }
            }
        }
    }

    private void userProfile(ObjectNode target) {
        for (JsonNode component : target.path("components").path(USER_PROFILE)) {
            JsonNode config = component.path("config").path("kc.user.profile.config").path(0);
            if (config.isMissingNode()) {
                continue;
            }
            JsonNode wanted = parse(config.asText());
            JsonNode current = get(admin + "/users/profile").orElseThrow();
            if (!contains(current, wanted)) {
                send("PUT", admin + "/users/profile", wanted, 200);
                changes.add("user profile");
            }
        }
    }

    // ---- authentication flows ---------------------------------------------------------------------

    private void flows(ObjectNode target) {
        Map<String, JsonNode> flows = new HashMap<>();
        target.path("authenticationFlows").forEach(f -> flows.put(f.path("alias").asText(), f));
        Map<String, JsonNode> configs = byField(target.path("authenticatorConfig"), "alias");
        for (JsonNode flow : flows.values()) {
            if (!flow.path("topLevel").asBoolean()) {
                continue;
            }
            String alias = flow.path("alias").asText();
            List<String> wanted = new ArrayList<>();
            shape(flow, flows, configs, 0, wanted);
            Optional<String> id = Optional.ofNullable(flowIdsByAlias().get(alias));
            if (id.isPresent()) {
                List<String> current = new ArrayList<>();
                for (JsonNode execution : list(admin + "/authentication/flows/" + encode(alias) + "/executions")) {
                    current.add(executionShape(execution));
                }
                if (current.equals(wanted)) {
                    continue;
                }
                unbind(id.get());
                send("DELETE", admin + "/authentication/flows/" + id.get(), null, 204);
            }
            ObjectNode create = JSON.createObjectNode();
            for (String field : List.of("alias", "description", "providerId", "topLevel", "builtIn")) {
                create.set(field, flow.get(field));
            }
            send("POST", admin + "/authentication/flows", create, 201);
            build(flow, flows, configs);
            changes.add("flow " + alias);
        }
    }

    /** Adds the file's executions of {@code flow} (in priority order), with requirements and configs, recursively. */
    private void build(JsonNode flow, Map<String, JsonNode> flows, Map<String, JsonNode> configs) {
        String alias = flow.path("alias").asText();
        String executionsUrl = admin + "/authentication/flows/" + encode(alias) + "/executions";
        List<JsonNode> executions = new ArrayList<>();
        flow.path("authenticationExecutions").forEach(executions::add);
        executions.sort((a, b) -> Integer.compare(a.path("priority").asInt(), b.path("priority").asInt()));
        for (JsonNode execution : executions) {
            ObjectNode add = JSON.createObjectNode();
            JsonNode subFlow = null;
            if (execution.path("authenticatorFlow").asBoolean()) {
                subFlow = flows.get(execution.path("flowAlias").asText());
                add.put("alias", subFlow.path("alias").asText());
                add.put("description", subFlow.path("description").asText(""));
                add.put("type", subFlow.path("providerId").asText("basic-flow"));
                add.put("provider", "registration-page-form");
                send("POST", executionsUrl + "/flow", add, 201);
            } else {
                add.put("provider", execution.path("authenticator").asText());
                send("POST", executionsUrl + "/execution", add, 201);
            }
            List<JsonNode> levelZero = new ArrayList<>();
            list(executionsUrl).forEach(e -> {
                if (e.path("level").asInt() == 0) {
                    levelZero.add(e);
                }
            });
            ObjectNode created = (ObjectNode) levelZero.get(levelZero.size() - 1);
            created.put("requirement", execution.path("requirement").asText());
            send("PUT", executionsUrl, created, 202, 204);
            if (execution.hasNonNull("authenticatorConfig")) {
                JsonNode config = configs.get(execution.get("authenticatorConfig").asText());
                send("POST", admin + "/authentication/executions/" + created.path("id").asText() + "/config", config, 201);
            }
            if (subFlow != null) {
                build(subFlow, flows, configs);
            }
        }
    }

    /** One line per execution as Keycloak lists them (flattened, with levels), from the file. */
    private static void shape(JsonNode flow, Map<String, JsonNode> flows, Map<String, JsonNode> configs, int level, List<String> out) {
        List<JsonNode> executions = new ArrayList<>();
        flow.path("authenticationExecutions").forEach(executions::add);
        executions.sort((a, b) -> Integer.compare(a.path("priority").asInt(), b.path("priority").asInt()));
        for (JsonNode execution : executions) {
            if (execution.path("authenticatorFlow").asBoolean()) {
                JsonNode sub = flows.get(execution.path("flowAlias").asText());
                out.add(level + "|flow:" + sub.path("alias").asText() + "|" + execution.path("requirement").asText() + "|");
                shape(sub, flows, configs, level + 1, out);
            } else {
                String config = execution.hasNonNull("authenticatorConfig")
                        ? configs.get(execution.get("authenticatorConfig").asText()).path("config").toString() : "";
                out.add(level + "|" + execution.path("authenticator").asText() + "|" + execution.path("requirement").asText() + "|" + config);
            }
        }
    }

    private String executionShape(JsonNode execution) {
        String level = execution.path("level").asText();
        String requirement = execution.path("requirement").asText();
        if (execution.path("authenticationFlow").asBoolean()) {
            return level + "|flow:" + execution.path("displayName").asText() + "|" + requirement + "|";
        }
        String config = "";
        if (execution.hasNonNull("authenticationConfig")) {
            config = get(admin + "/authentication/config/" + execution.get("authenticationConfig").asText())
                    .map(c -> c.path("config").toString()).orElse("");
        }
        return level + "|" + execution.path("providerId").asText() + "|" + requirement + "|" + config;
    }

    /** Takes a flow off every client's bindings, so it can be rebuilt; the clients step binds the new one. */
    private void unbind(String flowId) {
        for (JsonNode client : list(admin + "/clients?briefRepresentation=false&max=-1")) {
            JsonNode overrides = client.path("authenticationFlowBindingOverrides");
            boolean bound = false;
            for (Iterator<JsonNode> it = overrides.elements(); it.hasNext(); ) {
                bound |= flowId.equals(it.next().asText());
            }
            if (bound) {
                ObjectNode update = client.deepCopy();
                update.set("authenticationFlowBindingOverrides", JSON.createObjectNode());
                update.remove(List.of("protocolMappers", "defaultClientScopes", "optionalClientScopes"));
                send("PUT", admin + "/clients/" + client.path("id").asText(), update, 204);
            }
        }
    }

    private Map<String, String> flowIdsByAlias() {
        Map<String, String> ids = new HashMap<>();
        list(admin + "/authentication/flows").forEach(f -> ids.put(f.path("alias").asText(), f.path("id").asText()));
        return ids;
    }

    // ---- fine-grained admin permissions (v2) -------------------------------------------------------

    /**
     * The user policies and scope permissions of the file's {@code admin-permissions} client (Keycloak makes the
     * client when {@code adminPermissionsEnabled} is set), matched by name, created or updated to the file's users,
     * resources, scopes and policies. Through the policy endpoints: Keycloak refuses the settings import and export
     * for this client.
     */
    private void adminPermissions(ObjectNode target) {
        JsonNode wanted = null;
        for (JsonNode client : target.path("clients")) {
            if (ADMIN_PERMISSIONS.equals(client.path("clientId").asText())) {
                wanted = client.path("authorizationSettings");
            }
        }
        if (wanted == null || wanted.isMissingNode()) {
            return;
        }
        String id = clientByClientId(ADMIN_PERMISSIONS).orElseThrow(() -> new IllegalStateException(
                "Keycloak made no " + ADMIN_PERMISSIONS + " client: is adminPermissionsEnabled set?")).path("id").asText();
        String authz = admin + "/clients/" + id + "/authz/resource-server";
        for (JsonNode policy : wanted.path("policies")) {
            String name = policy.path("name").asText();
            String type = policy.path("type").asText();
            JsonNode config = policy.path("config");
            ObjectNode rep = JSON.createObjectNode();
            for (String field : List.of("name", "description", "logic", "decisionStrategy")) {
                if (policy.has(field)) {
                    rep.set(field, policy.get(field));
                }
            }
            Map<String, Set<String>> links = new HashMap<>();
            String path;
            if ("user".equals(type)) {
                path = "/policy/user";
                ArrayNode users = rep.putArray("users");
                for (String username : textSet(config.path("users"))) {
                    users.add(list(admin + "/users?exact=true&briefRepresentation=true&username=" + encode(username))
                            .path(0).path("id").asText());
                }
            } else if ("scope".equals(type)) {
                path = "/permission/scope";
                rep.put("resourceType", config.path("defaultResourceType").asText());
                links.put("resources", textSet(config.path("resources")));
                links.put("scopes", textSet(config.path("scopes")));
                links.put("associatedPolicies", textSet(config.path("applyPolicies")));
                rep.set("resources", JSON.valueToTree(links.get("resources")));
                rep.set("scopes", JSON.valueToTree(links.get("scopes")));
                rep.set("policies", JSON.valueToTree(links.get("associatedPolicies")));
            } else {
                throw new IllegalStateException("Admin permission " + name + " of type " + type + " is not supported here");
            }
            Optional<JsonNode> present = Optional.empty();
            for (JsonNode existing : list(authz + "/policy?first=0&max=1000")) {
                if (name.equals(existing.path("name").asText())) {
                    present = Optional.of(existing);
                }
            }
            if (present.isEmpty()) {
                send("POST", authz + path, rep, 201);
                changes.add("admin permission " + name);
                continue;
            }
            String policyId = present.get().path("id").asText();
            JsonNode current = get(authz + path + "/" + policyId).orElseThrow();
            boolean same = contains(current, rep.deepCopy().without(List.of("users", "resources", "scopes", "policies")));
            if (rep.has("users")) {
                same &= textSet(rep.get("users")).equals(textSet(current.path("users")));
            }
            for (Map.Entry<String, Set<String>> link : links.entrySet()) {
                same &= link.getValue().equals(names(list(authz + "/policy/" + policyId + "/" + link.getKey())));
            }
            if (!same) {
                rep.put("id", policyId);
                send("PUT", authz + path + "/" + policyId, rep, 201, 204);
                changes.add("admin permission " + name);
            }
        }
    }

    /** A JSON array of strings, or such an array written into a string (how policies keep their config). */
    private static Set<String> textSet(JsonNode node) {
        JsonNode array = node.isTextual() ? parseOrText(node.asText()) : node;
        Set<String> values = new LinkedHashSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private Optional<JsonNode> clientByClientId(String clientId) {
        for (JsonNode client : list(admin + "/clients?clientId=" + encode(clientId))) {
            if (clientId.equals(client.path("clientId").asText())) {
                return Optional.of(client);
            }
        }
        return Optional.empty();
    }

    /** Every field of {@code wanted} is in {@code present} with an equal value (objects compared recursively). */
    private static boolean contains(JsonNode present, JsonNode wanted) {
        if (wanted == null || wanted.isMissingNode() || wanted.isNull()) {
            return true;
        }
        if (wanted.isObject()) {
            if (!present.isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> field : wanted.properties()) {
                if (!contains(present.path(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return sameValue(wanted, present);
    }

    /** Equal, with arrays of plain values compared as sets and {@code "true"} equal to {@code true}. */
    private static boolean sameValue(JsonNode wanted, JsonNode present) {
        if (present == null || present.isMissingNode()) {
            return wanted.isArray() && wanted.isEmpty() || wanted.isObject() && wanted.isEmpty();
        }
        if (wanted.isArray() && present.isArray()) {
            Set<JsonNode> a = new LinkedHashSet<>();
            wanted.forEach(a::add);
            Set<JsonNode> b = new LinkedHashSet<>();
            present.forEach(b::add);
            return a.equals(b) || wanted.equals(present);
        }
        if (wanted.isValueNode() && present.isValueNode()) {
            return wanted.asText().equals(present.asText());
        }
        return wanted.equals(present) || wanted.isObject() && contains(present, wanted);
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new LinkedHashSet<>();
        array.forEach(n -> names.add(n.isTextual() ? n.asText() : n.path("name").asText()));
        return names;
    }

    private static Map<String, JsonNode> byField(JsonNode array, String field) {
        Map<String, JsonNode> map = new HashMap<>();
        array.forEach(n -> map.put(n.path(field).asText(), n));
        return map;
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parseOrText(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    private JsonNode list(String url) {
        return get(url).orElseGet(JSON::createArrayNode);
    }

    private Optional<JsonNode> get(String url) {
        HttpResponse<String> response = call("GET", url, null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return Optional.of(response.body().isBlank() ? JSON.createObjectNode() : parse(response.body()));
    }

    private void send(String method, String url, JsonNode body, int... expected) {
        HttpResponse<String> response = call(method, url, body);
        for (int status : expected) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new IllegalStateException(method + " " + url + ": HTTP " + response.statusCode() + " " + response.body());
    }

    private HttpResponse<String> call(String method, String url, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken.get()).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
