package org.kidsafe.gateway;

import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Remote control of {@link StubServices} from a test. */
final class Stubs {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Stubs() {
    }

    static void stop(String service) {
        call("/stop/" + service);
    }

    static void start(String service) {
        call("/start/" + service);
    }

    /** Lets every held answer finish. */
    static void release() {
        call("/release");
    }

    /** Answers the stubs hold until {@link #release}. */
    static int held() {
        return Integer.parseInt(call("/held"));
    }

    /** The next {@code count} requests to any stub service get their connection closed instead of an answer. */
    static void dropConnections(int count) {
        call("/drop/" + count);
    }

    /** Bytes the stub has received so far of the upload in progress. */
    static long uploadProgress() {
        return Long.parseLong(call("/progress"));
    }

    /** Token exchanges the stand-in Keycloak has answered so far. */
    static long exchanges() {
        return Long.parseLong(call("/exchanges"));
    }

    /** The stand-in Keycloak answers every exchange with 503 ({@code true}) or as usual. */
    static void keycloakDown(boolean down) {
        call("/keycloak/" + (down ? "down" : "up"));
    }

    private static String call(String path) {
        String base = ConfigProvider.getConfig().getValue("test.stubs.control-url", String.class);
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("Stub control unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
