package org.kidsafe.embedded.keycloak;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A sign-in through Keycloak's login pages as a browser does it (authorization code flow with PKCE S256), for a client
 * without a password grant, such as {@value KidSafeRealm#OFFICER_CONSOLE} (issue 17 item 3): tests fill the forms
 * (password, then the one-time code) as an officer would. Each instance is one browser with its own cookies.
 * A test fixture kept in main code because embedded-platform's own OfficerSecondFactorTest needs it and test-support
 * depends on embedded-platform, so moving it there would make a module cycle.
 */
public final class BrowserSignIn {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final String issuer;
    private final String clientId;
    private final String redirectUri;
    private final String verifier;
    private String page;

    private BrowserSignIn(String issuer, String clientId, String redirectUri) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Opens the client's sign-in page. */
    public static BrowserSignIn open(String issuer, String clientId, String redirectUri) throws Exception {
        return open(issuer, "auth", clientId, redirectUri);
    }

    /** Opens the client's registration page (Keycloak's {@code registrations} endpoint, same code flow): sign-up, issue 19 item 1. */
    public static BrowserSignIn openRegistration(String issuer, String clientId, String redirectUri) throws Exception {
        return open(issuer, "registrations", clientId, redirectUri);
    }

    private static BrowserSignIn open(String issuer, String endpoint, String clientId, String redirectUri) throws Exception {
        BrowserSignIn browser = new BrowserSignIn(issuer, clientId, redirectUri);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(browser.verifier.getBytes(StandardCharsets.US_ASCII)));
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/" + endpoint + "?"
                + form(Map.of("client_id", clientId, "response_type", "code", "scope", "openid", "redirect_uri", redirectUri,
                "state", "s", "code_challenge", challenge, "code_challenge_method", "S256")))).GET());
        browser.page = login.body();
        if (login.statusCode() != 200) {
            throw new AssertionError("no " + endpoint + " page: " + login.statusCode() + " " + login.body());
        }
        return browser;
    }

    /** Submits the form on the current page; a redirect to the client ends the sign-in with its code. */
    public Optional<String> submit(Map<String, String> fields) throws Exception {
        Matcher action = FORM_ACTION.matcher(page);
        if (!action.find()) {
            throw new AssertionError("no form on the page: " + page);
        }
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form(fields))));
        Optional<String> location = answer.headers().firstValue("Location");
        while (answer.statusCode() == 302 && location.isPresent()) {
            if (location.get().startsWith(redirectUri)) {
                Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location.get());
                return code.find() ? Optional.of(code.group(1)) : Optional.empty();
            }
            answer = send(HttpRequest.newBuilder(URI.create(location.get())).GET());
            location = answer.headers().firstValue("Location");
        }
        page = answer.body();
        return Optional.empty();
    }

    /** The page the browser shows now (a form asking for the next step, or an error). */
    public String page() {
        return page;
    }

    /** Redeems the code at the token endpoint, with the PKCE verifier. */
    public KeycloakTokens.TokenResponse token(String code) {
        return KeycloakTokens.request(issuer, Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "redirect_uri", redirectUri, "code_verifier", verifier));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : response.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int equals = pair.indexOf('=');
            cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return response;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
