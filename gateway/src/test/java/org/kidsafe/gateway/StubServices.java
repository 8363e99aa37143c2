package org.kidsafe.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.kidsafe.embedded.FreePorts;
import org.kidsafe.testsupport.TestTokens;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Random;
import java.util.UUID;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Three stand-in services on free loopback ports. By default a stub answers with a JSON echo of
 * what reached it (method, path, headers, body size), so tests read what the gateway forwarded
 * from the gateway's answer. A control server on its own port stops/starts stubs, releases held
 * answers and reports upload progress; it works across class loaders because it is plain HTTP.
 */
final class StubServices {

    static final String UNKNOWN_CHILD = "00000000-0000-0000-0000-000000000404";
    /** A caller whose token the stand-in Keycloak refuses to exchange. */
    static final String REFUSED_SUBJECT = "00000000-0000-4000-8000-00000000dead";
    static final int DOWNLOAD_BYTES = 1 << 20;
    /** How long a {@code .../late} path waits before it echoes: well within the gateway's 1 s read timeout in tests. */
    static final long LATE_ANSWER_MILLIS = 600;
    /** Children whose media-service export names items with content ({@link #archiveItems}), for the export ZIP. */
    static final String ARCHIVE_CHILD = "00000000-0000-4000-8000-00000000a1c0";
    static final String HELD_ARCHIVE_CHILD = "00000000-0000-4000-8000-00000000a1c1";
    static final String BROKEN_ARCHIVE_CHILD = "00000000-0000-4000-8000-00000000a1c2";
    /** While held, the held item's answer sends one more byte this often: the gateway's read timeout never fires. */
    private static final long TRICKLE_MILLIS = 200;

    /** How the stand-in media-service serves an item's content. */
    enum Serving { WHOLE, GONE, FOREIGN_PATH, HELD, BROKEN }

    /** One item of an archive child's media export. */
    record ArchiveItem(UUID id, String kind, String contentType, int size, Serving serving) {

        byte[] content() {
            byte[] bytes = new byte[size];
            new Random(id.getLeastSignificantBits()).nextBytes(bytes);
            return bytes;
        }
    }

    /** The items of an archive child, in export order; empty for any other child. */
    static List<ArchiveItem> archiveItems(String child) {
        return switch (child) {
            case ARCHIVE_CHILD -> List.of(
                    item(child, 1, "photo", "image/jpeg", 300_000, Serving.WHOLE),
                    item(child, 2, "voice", "audio/ogg", 120_000, Serving.WHOLE),
                    item(child, 3, "chat", "text/plain; charset=utf-8", 24, Serving.WHOLE),
                    item(child, 4, "photo", "image/jpeg", 10_000, Serving.GONE),
                    item(child, 5, "photo", "image/png", 5_000, Serving.FOREIGN_PATH),
                    item(child, 6, "voice", "audio/wav", 70_000, Serving.WHOLE));
            case HELD_ARCHIVE_CHILD -> List.of(
                    item(child, 1, "photo", "image/jpeg", 200_000, Serving.WHOLE),
                    item(child, 2, "voice", "audio/ogg", 50_000, Serving.WHOLE),
                    item(child, 3, "photo", "image/jpeg", 100_000, Serving.HELD));
            case BROKEN_ARCHIVE_CHILD -> List.of(
                    item(child, 1, "photo", "image/jpeg", 20_000, Serving.WHOLE),
                    item(child, 2, "photo", "image/jpeg", 400_000, Serving.BROKEN));
            default -> List.of();
        };
    }

    private static ArchiveItem item(String child, int index, String kind, String contentType, int size, Serving serving) {
        return new ArchiveItem(UUID.nameUUIDFromBytes((child + "/" + index).getBytes(StandardCharsets.UTF_8)), kind, contentType,
                size, serving);
    }

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, HttpServer> servers = new LinkedHashMap<>();
    private final List<Runnable> held = new CopyOnWriteArrayList<>();
    private final AtomicLong uploadProgress = new AtomicLong();
    private final AtomicInteger connectionsToDrop = new AtomicInteger();
    private final AtomicLong exchanges = new AtomicLong();
    private volatile boolean keycloakDown;
    private final int controlPort = FreePorts.find();

    StubServices(List<String> services) {
        services.forEach(name -> ports.put(name, FreePorts.find()));
    }

    void start() {
        ports.keySet().forEach(this::startService);
        HttpServer control = vertx.createHttpServer().requestHandler(this::control);
        await(control.listen(controlPort, "127.0.0.1"));
    }

    void stop() {
        await(vertx.close());
    }

    String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    String controlUrl() {
        return "http://127.0.0.1:" + controlPort;
    }

    private void startService(String name) {
        await(listen(name));
    }

    private Future<HttpServer> listen(String name) {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> serve(name, request));
        servers.put(name, server);
        return server.listen(ports.get(name), "127.0.0.1");
    }

    /** Runs on the event loop: never blocks, answers when the stub has really stopped or started. */
    private void control(HttpServerRequest request) {
        String[] parts = request.path().split("/");
        switch (parts[1]) {
            case "stop" -> servers.remove(parts[2]).close().onComplete(ignored -> request.response().end("ok"));
            case "start" -> listen(parts[2]).onComplete(ignored -> request.response().end("ok"));
            case "release" -> {
                held.removeIf(release -> {
                    release.run();
                    return true;
                });
                request.response().end("ok");
            }
            case "progress" -> request.response().end(Long.toString(uploadProgress.get()));
            case "held" -> request.response().end(Integer.toString(held.size()));
            case "token" -> request.body().onSuccess(form -> exchange(request, form.toString()));
            case "exchanges" -> request.response().end(Long.toString(exchanges.get()));
            case "keycloak" -> {
                keycloakDown = "down".equals(parts[2]);
                request.response().end("ok");
            }
            case "drop" -> {
                connectionsToDrop.set(Integer.parseInt(parts[2]));
                request.response().end("ok");
            }
            default -> request.response().setStatusCode(404).end();
        }
    }

    /**
     * Keycloak's token exchange as the gateway uses it, on the control port: the gateway's test secret is required;
     * the answer keeps the subject's subject, roles and expiry and names only the requested audience, signed with the
     * OIDC test server's key. A subject named {@link #REFUSED_SUBJECT} is refused as Keycloak refuses a dead session.
     */
    private void exchange(HttpServerRequest request, String body) {
        exchanges.incrementAndGet();
        if (keycloakDown) {
            json(request, 503, new JsonObject().put("error", "temporarily_unavailable"));
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        if (!"gateway-test-secret".equals(form.get("client_secret"))) {
            json(request, 401, new JsonObject().put("error", "invalid_client"));
            return;
        }
        JsonObject subject = new JsonObject(new String(Base64.getUrlDecoder().decode(form.get("subject_token").split("\\.")[1]),
                StandardCharsets.UTF_8));
        if (REFUSED_SUBJECT.equals(subject.getString("sub"))) {
            json(request, 400, new JsonObject().put("error", "invalid_token"));
            return;
        }
        // As the realm: the officer role comes only with the gateway's optional scope kidsafe-officer (issue 17 item 3).
        Set<String> groups = new HashSet<>();
        subject.getJsonArray("groups", new JsonArray()).forEach(group -> groups.add(group.toString()));
        if (!List.of(form.getOrDefault("scope", "").split(" ")).contains("kidsafe-officer")) {
            groups.remove("compliance-officer");
        }
        JwtClaimsBuilder claims = Jwt.issuer(subject.getString("iss")).subject(subject.getString("sub"))
                .audience(form.get("audience"))
                .groups(groups)
                .claim("scope", form.getOrDefault("scope", ""))
                .expiresAt(Math.min(subject.getLong("exp"), Instant.now().getEpochSecond() + 300))
                .claim("azp", "kidsafe-gateway");
        for (String claim : List.of("child_id", "device_id")) {
            if (subject.containsKey(claim)) {
                claims.claim(claim, subject.getValue(claim).toString());
            }
        }
        json(request, 200, new JsonObject().put("access_token", TestTokens.sign(claims)).put("token_type", "Bearer")
                .put("expires_in", 300));
    }

    private void serve(String name, HttpServerRequest request) {
        if (connectionsToDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // What a service does to a kept-alive connection as it closes it: no answer at all.
            request.connection().close();
            return;
        }
        String path = request.path();
        if (path.equals("/q/openapi")) {
            json(request, 200, openApi(name));
        } else if (path.endsWith("/holdings") || path.endsWith("/export")) {
            review(name, request, path);
        } else if (name.equals("media-service") && path.matches("/v1/children/[^/]+/media/[^/]+/content")
                && (!archiveItems(path.split("/")[3]).isEmpty() || path.contains(UNKNOWN_CHILD))) {
            content(request, path.split("/"));
        } else if (path.endsWith("/late")) {
            request.pause();
            vertx.setTimer(LATE_ANSWER_MILLIS, ignored -> {
                echo(name, request);
                request.resume();
            });
        } else if (path.equals("/v1/media/slow")) {
            vertx.setTimer(5_000, ignored -> request.response().end());
        } else if (path.equals("/v1/media/unwell")) {
            json(request, 503, new JsonObject().put("title", "Service Unavailable"));
        } else if (path.equals("/v1/media/download")) {
            download(request);
        } else if (path.equals("/v1/media/held")) {
            request.response().setChunked(true).putHeader("Content-Type", "text/plain").write("first-part;");
            held.add(() -> request.response().end("rest"));
        } else {
            echo(name, request);
        }
    }

    private void echo(String name, HttpServerRequest request) {
        uploadProgress.set(0);
        AtomicLong size = new AtomicLong();
        request.handler(chunk -> uploadProgress.set(size.addAndGet(chunk.length())));
        request.endHandler(ignored -> {
            JsonObject headers = new JsonObject();
            request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
            json(request, 200, new JsonObject()
                    .put("service", name)
                    .put("method", request.method().name())
                    .put("path", request.path())
                    .put("query", request.query())
                    .put("headers", headers)
                    .put("bodyBytes", size.get()));
        });
    }

    private void review(String name, HttpServerRequest request, String path) {
        if (path.contains(UNKNOWN_CHILD)) {
            request.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                    .end(new JsonObject().put("title", "Not found").put("status", 404).encode());
            return;
        }
        if (path.endsWith("/holdings")) {
            json(request, 200, new JsonObject().put("service", name).put("holdings", new JsonArray()
                    .add(new JsonObject().put("category", "PROFILE").put("kind", name + "-item").put("count", 2))));
        } else if (name.equals("media-service") && !archiveItems(path.split("/")[3]).isEmpty()) {
            String child = path.split("/")[3];
            JsonArray items = new JsonArray();
            archiveItems(child).forEach(item -> items.add(new JsonObject()
                    .put("id", item.id().toString()).put("kind", item.kind()).put("contentType", item.contentType())
                    .put("sizeBytes", item.size())
                    .put("contentPath", "/v1/children/" + (item.serving() == Serving.FOREIGN_PATH ? UNKNOWN_CHILD : child)
                            + "/media/" + item.id() + "/content")));
            json(request, 200, new JsonObject().put("service", name).put("childId", child).put("items", items));
        } else {
            json(request, 200, new JsonObject().put("service", name).put("items", new JsonArray().add(name + "-record"))
                    .put("authorization", request.getHeader("Authorization")));
        }
    }

    /**
     * An archive child's item content, as media-service serves a download: only with a token for media-service (else
     * 403, so an item fetched with any other token is missing from the archive), and as the item's {@link Serving} says.
     */
    private void content(HttpServerRequest request, String[] path) {
        ArchiveItem item = archiveItems(path[3]).stream().filter(candidate -> candidate.id().toString().equals(path[5]))
                .findFirst().orElse(null);
        if (item == null || item.serving() == Serving.GONE) {
            json(request, 404, new JsonObject().put("title", "Not found").put("status", 404));
            return;
        }
        if (!List.of("kidsafe-media").equals(audiences(request.getHeader("Authorization")))) {
            json(request, 403, new JsonObject().put("title", "Forbidden").put("status", 403));
            return;
        }
        Buffer bytes = Buffer.buffer(item.content());
        HttpServerResponse out = request.response().putHeader("Content-Type", item.contentType())
                .putHeader("Content-Length", Integer.toString(item.size()));
        switch (item.serving()) {
            case HELD -> {
                // Its bytes come one at a time until released, then the rest: the archive cannot be complete before.
                Context context = vertx.getOrCreateContext();
                AtomicInteger sent = new AtomicInteger();
                long trickle = vertx.setPeriodic(TRICKLE_MILLIS, ignored -> out.write(bytes.slice(sent.get(), sent.incrementAndGet())));
                held.add(() -> context.runOnContext(ignored -> {
                    vertx.cancelTimer(trickle);
                    out.end(bytes.slice(sent.get(), item.size()));
                }));
            }
            case BROKEN -> out.write(bytes.slice(0, item.size() / 2))
                    .onComplete(ignored -> request.connection().close());
            default -> out.end(bytes);
        }
    }

    private static List<String> audiences(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return List.of();
        }
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(authorization.substring(7).split("\\.")[1]),
                StandardCharsets.UTF_8));
        Object audience = claims.getValue("aud");
        return audience instanceof JsonArray array ? array.stream().map(Object::toString).toList()
                : audience == null ? List.of() : List.of(audience.toString());
    }

    private static void download(HttpServerRequest request) {
        Buffer whole = Buffer.buffer(new byte[DOWNLOAD_BYTES]);
        String range = request.getHeader("Range");
        request.response()
                .putHeader("Content-Type", "image/jpeg")
                .putHeader("Accept-Ranges", "bytes")
                .putHeader("Connection", "keep-alive, X-Internal-Hop")
                .putHeader("X-Internal-Hop", "must-not-leave")
                .putHeader("X-Content-Type-Options", "weak");
        if ("bytes=0-99".equals(range)) {
            request.response().setStatusCode(206)
                    .putHeader("Content-Range", "bytes 0-99/" + DOWNLOAD_BYTES)
                    .end(whole.slice(0, 100));
        } else {
            request.response().end(whole);
        }
    }

    private static JsonObject openApi(String name) {
        String base = name.substring(0, name.indexOf('-'));
        JsonObject page = new JsonObject().put("type", "object").put("properties", new JsonObject()
                .put("title", new JsonObject().put("type", "string")));
        JsonObject item = new JsonObject().put("type", "object").put("description", "Item of " + name)
                .put("properties", new JsonObject().put("page", new JsonObject().put("$ref", "#/components/schemas/Page")));
        JsonObject operation = new JsonObject().put("operationId", "list").put("tags", new JsonArray().add(base))
                .put("security", new JsonArray().add(new JsonObject().put("SecurityScheme", new JsonArray())))
                .put("responses", new JsonObject().put("200", new JsonObject().put("description", "ok")
                        .put("content", new JsonObject().put("application/json", new JsonObject()
                                .put("schema", new JsonObject().put("$ref", "#/components/schemas/Item"))))));
        // Like each service's holdings: answered by the gateway itself, so its schema has no routed operation.
        JsonObject unrouted = operation.copy().put("operationId", "holdings").put("responses", new JsonObject().put("200",
                new JsonObject().put("description", "ok").put("content", new JsonObject().put("application/json",
                        new JsonObject().put("schema", new JsonObject().put("$ref", "#/components/schemas/Unrouted"))))));
        JsonObject paths = new JsonObject();
        switch (base) {
            case "consent" -> paths.put("/v1/children/{childId}/consents", new JsonObject().put("get", operation))
                    .put("/v1/notices/current", new JsonObject().put("get", operation.copy().put("operationId", "notice")))
                    .put("/v1/children/{childId}/holdings", new JsonObject().put("get", unrouted));
            case "profile" -> paths.put("/v1/children/{childId}/profile", new JsonObject().put("get", operation))
                    .put("/v1/toys/pairings", new JsonObject().put("post", operation.copy().put("operationId", "redeem")));
            default -> paths.put("/v1/children/{childId}/media", new JsonObject().put("get", operation));
        }
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", name).put("version", "1.0"))
                .put("tags", new JsonArray().add(new JsonObject().put("name", base)))
                .put("paths", paths)
                .put("components", new JsonObject().put("schemas", new JsonObject().put("Page", page).put("Item", item)
                        .put("Unrouted", new JsonObject().put("type", "object"))));
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Stub services did not start or stop", e);
        }
    }

}
