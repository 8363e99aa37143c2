package org.kidsafe.gateway.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.MultiHelper;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.web.RequestIds;
import org.kidsafe.gateway.proxy.Downstream;
import org.kidsafe.gateway.proxy.Downstreams;
import org.kidsafe.gateway.proxy.ServiceTokens;
import org.kidsafe.gateway.proxy.TokenExchangeRefused;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

/**
 * The export as a download (issue 19 item 7): a ZIP with the export document as {@code export.json}, then the content of
 * every item a service's export names a {@code contentPath} for (media-service's photos, voice clips and chat messages),
 * decrypted by that service, as {@code media/<kind>/<itemId>.<ext>}.
 *
 * <p>Streamed: one item is asked for only when the previous one is written, and each of its chunks goes into the archive
 * and on to the parent as the parent's connection takes it (the demand of the response, through Mutiny), so the gateway
 * holds a chunk or two, never an item or the archive. Each item is fetched on the parent's behalf with a token exchanged
 * for its service alone (issue 16 item 4); the service checks ownership itself, as for any download.
 *
 * <p>An item that cannot be had before its first byte (gone meanwhile, refused, service unreachable) is left out and
 * listed in a last entry, {@code missing.json}; an archive without that entry is complete. An item that breaks off
 * after its first byte cannot be taken back: the answer is cut off (the connection reset), so the archive has no
 * central directory and no tool takes it for a complete one.
 */
@ApplicationScoped
class ExportArchive {

    private static final String DOCUMENT = "export.json";
    private static final String MISSING = "missing.json";
    /**
     * Content is stored, not compressed: photos and most voice clips are compressed already (JPEG, PNG, Ogg/Opus), and
     * storing costs the event loop no CPU (WAV clips stay their size).
     */
    private static final int CONTENT_LEVEL = Deflater.NO_COMPRESSION;
    private static final Map<String, String> EXTENSIONS = Map.of(
            "image/jpeg", "jpg", "image/png", "png", "audio/ogg", "ogg", "audio/wav", "wav", "text/plain", "txt");
    /** A kind names a folder of the archive: lower-case letters only, never a path of its own. */
    private static final Pattern KIND = Pattern.compile("[a-z]{1,32}");

    private final Downstreams downstreams;
    private final ServiceTokens serviceTokens;
    private final ObjectMapper json;

    ExportArchive(Downstreams downstreams, ServiceTokens serviceTokens, ObjectMapper json) {
        this.downstreams = downstreams;
        this.serviceTokens = serviceTokens;
        this.json = json;
    }

    /**
     * The archive's bytes, in order, as the subscriber asks for them; it fails if an item breaks off after its first
     * byte. Quarkus REST then resets the connection of an answer already begun (PublisherResponseHandler), which
     * {@code ExportArchiveTest} holds it to.
     *
     * @param document the export document of {@link ChildDataAggregator#export}
     */
    Multi<Buffer> stream(UUID childId, ObjectNode document, String authorization, String requestId) {
        String callerToken = ChildDataAggregator.callerToken(authorization);
        ZipStream zip = new ZipStream();
        List<MissingContent> missing = new ArrayList<>();
        List<Content> contents = contents(childId, document);
        Multi<Buffer> archive = Multi.createBy().concatenating().streams(
                Multi.createFrom().item(() -> zip.whole(DOCUMENT, bytes(document), Deflater.DEFAULT_COMPRESSION)),
                Multi.createFrom().iterable(contents)
                        .onItem().transformToMultiAndConcatenate(content -> entry(zip, content, callerToken, requestId, missing)),
                Multi.createFrom().item(() -> last(zip, childId, missing)));
        return archive.select().where(chunk -> chunk.length() > 0);
    }

    /** Every item with content, in the document's order. */
    private static List<Content> contents(UUID childId, ObjectNode document) {
        String childPath = "/v1/children/" + childId + "/";
        List<Content> contents = new ArrayList<>();
        for (JsonNode section : document.path("services")) {
            if (!section.path("available").asBoolean(false)) {
                continue;
            }
            for (JsonNode item : section.path("data").path("items")) {
                String path = item.path("contentPath").asText("");
                UUID itemId = uuid(item.path("id").asText(""));
                if (path.isEmpty() || itemId == null) {
                    continue;
                }
                String kind = item.path("kind").asText("");
                kind = KIND.matcher(kind).matches() ? kind : "other";
                String file = "media/" + kind + "/" + itemId + "." + extension(item.path("contentType").asText(""));
                // The gateway fetches nothing but this child's items, whatever a service's export names.
                boolean ofThisChild = path.startsWith(childPath) && !path.contains("..") && !path.contains("?") && !path.contains("#");
                contents.add(new Content(section.path("service").asText(), itemId, kind, ofThisChild ? path : null, file));
            }
        }
        return contents;
    }

    /**
     * One item's entry: asked for when the archive reaches it; its answer paused at once, then read chunk by chunk as
     * the archive is sent on. An item that does not come is left out and listed.
     */
    private Multi<Buffer> entry(ZipStream zip, Content content, String callerToken, String requestId, List<MissingContent> missing) {
        if (content.path() == null) {
            missing.add(content.missing(MissingContent.REFUSED));
            return Multi.createFrom().empty();
        }
        Downstream service = downstreams.get(content.service());
        return Uni.createFrom().completionStage(() -> serviceTokens.forService(callerToken, service.audience())
                        .compose(token -> service.exchange(HttpMethod.GET, content.path(), headers(token, requestId), null))
                        .map(answer -> body(zip, content, answer, missing))
                        .otherwise(failure -> {
                            missing.add(content.missing(failure instanceof TokenExchangeRefused
                                    ? MissingContent.REFUSED : MissingContent.UNAVAILABLE));
                            return Multi.createFrom().empty();
                        })
                        .toCompletionStage())
                .onItem().transformToMulti(body -> body);
    }

    private static Multi<Buffer> body(ZipStream zip, Content content, HttpClientResponse answer, List<MissingContent> missing) {
        if (answer.statusCode() != 200) {
            answer.body(); // read and dropped: the connection goes back to the pool
            missing.add(content.missing(MissingContent.reason(answer.statusCode())));
            return Multi.createFrom().empty();
        }
        Multi<Buffer> chunks = MultiHelper.toMulti(answer); // pauses the answer until the archive asks for its chunks
        return Multi.createBy().concatenating().streams(
                Multi.createFrom().item(() -> zip.begin(content.file(), CONTENT_LEVEL)),
                chunks.map(zip::write),
                Multi.createFrom().item(zip::end));
    }

    private Buffer last(ZipStream zip, UUID childId, List<MissingContent> missing) {
        Buffer last = missing.isEmpty()
                ? Buffer.buffer()
                : zip.whole(MISSING, bytes(new MissingContent.Report(childId, missing)), Deflater.DEFAULT_COMPRESSION);
        return last.appendBuffer(zip.finish());
    }

    private static MultiMap headers(String token, String requestId) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Authorization", "Bearer " + token)
                .add("Accept", "*/*");
        if (requestId != null) {
            headers.add(RequestIds.HEADER, requestId);
        }
        return headers;
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extension(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return EXTENSIONS.getOrDefault(type, "bin");
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An item with content, where its service serves it (null: not this child's) and where it goes in the archive. */
    private record Content(String service, UUID itemId, String kind, String path, String file) {

        MissingContent missing(String reason) {
            return new MissingContent(itemId, kind, file, reason);
        }
    }
}
