package org.kidsafe.embedded.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kidsafe.embedded.keycloak.JsonAnswers.encode;
import static org.kidsafe.embedded.keycloak.JsonAnswers.json;

/**
 * Sign-up (issue 19 item 1) in the realm as code, on the module's shared Keycloak ({@link SharedDevKeycloak}): the
 * production realm, imported unchanged, lets a parent register on KidSafe's themed page, which asks nothing about a
 * child, with email verification, today's password policy (on the development realm's form, which has no email
 * verification and so asks for the password at once) and brute-force protection; whoever signs up holds
 * {@code parent} through the default role, beside Keycloak's own default roles (the account console's among them).
 */
@ExtendWith(SharedDevKeycloak.class)
class SignUpRealmTest {

    /**
     * What the production realm's registration form asks: the parent's own name and email, nothing else (no child_id, no
     * child at all). No password either: with email verification on, Keycloak (26.7) asks for it once the address is
     * verified, under the same policy, so nobody holds a password to an address they do not own.
     */
    private static final Set<String> FORM_FIELDS = Set.of("email", "firstName", "lastName");
    private static final Pattern INPUT_NAME = Pattern.compile("<input[^>]*\\bname=\"([^\"]+)\"");

    private static KeycloakServer keycloak;

    @BeforeAll
    static void shareKeycloak(KeycloakServer shared) {
        keycloak = shared;
    }

    @Test
    void theProductionRealmLetsParentsSignUpAndKeepsItsPasswordPolicyAndBruteForceProtection() throws Exception {
        String admin = keycloak.baseUrl() + "/admin/realms/" + SharedDevKeycloak.PRODUCTION;
        JsonNode realm = json(adminGet(admin));
        assertTrue(realm.path("registrationAllowed").asBoolean());
        assertTrue(realm.path("registrationEmailAsUsername").asBoolean());
        assertTrue(realm.path("verifyEmail").asBoolean(), "a new parent verifies the email address first");
        assertEquals(KidSafeTheme.NAME, realm.path("loginTheme").asText());
        assertEquals("length(12) and maxLength(128) and notUsername and notEmail", realm.path("passwordPolicy").asText());
        assertTrue(realm.path("bruteForceProtected").asBoolean());
        assertEquals(5, realm.path("failureFactor").asInt());
        assertEquals(900, realm.path("maxFailureWaitSeconds").asInt());

        Set<String> defaults = names(json(adminGet(admin + "/roles/default-roles-kidsafe/composites")));
        assertTrue(defaults.containsAll(Set.of(KidSafeRealm.ROLE_PARENT, "offline_access", "uma_authorization",
                "manage-account", "view-profile")), "default roles: " + defaults);
        assertTrue(!defaults.contains(KidSafeRealm.ROLE_COMPLIANCE_OFFICER) && !defaults.contains(KidSafeRealm.ROLE_TOY),
                "never officer or toy by default: " + defaults);
    }

    @Test
    void theSignUpPageIsKidSafesAndAsksNothingAboutAChild() throws Exception {
        HttpResponse<String> page = client().send(HttpRequest.newBuilder(URI.create(registration(
                keycloak.baseUrl() + "/realms/" + SharedDevKeycloak.PRODUCTION, KidSafeRealm.PRIVACY_CENTER_REDIRECT_URI))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("id=\"" + KidSafeTheme.SIGN_UP_NOTICE_ID + "\""), "the theme's notice");
        assertTrue(html.contains("nothing about your child"), "the notice says no child data is asked");
        assertTrue(html.contains("Create your KidSafe parent account"), "the theme's title");
        assertTrue(html.contains("/" + KidSafeTheme.NAME + "/css/kidsafe.css"), "the theme's styles");
        assertEquals(FORM_FIELDS, visibleInputs(html), html);
        assertTrue(!html.toLowerCase().contains("child_id"), "no child attribute on the form");
    }

    /**
     * Issue 19 item 10: the realm speaks English and Spanish, English by default; a browser asking for Spanish gets the
     * theme's own texts in Spanish (messages_es) and Keycloak's labels from Keycloak's Spanish translation.
     */
    @Test
    void theSignUpPageIsSpanishForABrowserAskingForSpanish() throws Exception {
        JsonNode realm = json(adminGet(keycloak.baseUrl() + "/admin/realms/" + SharedDevKeycloak.PRODUCTION));
        assertTrue(realm.path("internationalizationEnabled").asBoolean());
        assertEquals(Set.of("en", "es"), new TreeSet<>(JsonAnswers.strings(realm.path("supportedLocales"))));
        assertEquals("en", realm.path("defaultLocale").asText());

        HttpResponse<String> page = client().send(HttpRequest.newBuilder(URI.create(registration(
                        keycloak.baseUrl() + "/realms/" + SharedDevKeycloak.PRODUCTION, KidSafeRealm.PRIVACY_CENTER_REDIRECT_URI)))
                .header("Accept-Language", "es-MX,es;q=0.9").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("Crea tu cuenta de madre, padre o tutor de KidSafe"), "the theme's title in Spanish: " + html);
        assertTrue(html.contains("nada sobre tu hijo o hija"), "the theme's notice in Spanish");
        assertTrue(html.contains("Registrarse") && html.contains("Apellido"), "Keycloak's own button and label in Spanish");
        assertEquals(FORM_FIELDS, visibleInputs(html), html);
    }

    /** Every text the theme adds exists in Spanish too (issue 19 item 10), so no Spanish page shows an English sentence. */
    @Test
    void everyKeyTheThemeAddsHasASpanishText() throws Exception {
        Properties english = themeMessages("en");
        Properties spanish = themeMessages("es");
        assertEquals(english.stringPropertyNames(), spanish.stringPropertyNames());
        assertTrue(spanish.stringPropertyNames().stream().filter(key -> !"loginTitleHtml".equals(key))
                .noneMatch(key -> spanish.getProperty(key).equals(english.getProperty(key))), "every sentence translated");
    }

    private static Properties themeMessages(String language) throws Exception {
        Properties messages = new Properties();
        try (InputStream in = KidSafeTheme.class.getResourceAsStream(KidSafeTheme.RESOURCE_ROOT + "login/messages/messages_" + language + ".properties")) {
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return messages;
    }

    @Test
    void whoeverSignsUpIsAParentAndAShortPasswordIsRefused() throws Exception {
        String redirect = DevRealm.DEV_REDIRECT_URIS.get(0).replace("*", "privacy-center/");
        String email = "signup-" + UUID.randomUUID() + "@example.com";
        BrowserSignIn browser = BrowserSignIn.openRegistration(keycloak.issuer(), KidSafeRealm.PARENT_APP, redirect);

        assertTrue(browser.submit(form(email, "too-short")).isEmpty(), "no account with a password the policy refuses");
        assertTrue(browser.page().contains("id=\"kc-register-form\""), "the form again: " + browser.page());

        String code = browser.submit(form(email, "a-long-enough-password-1"))
                .orElseThrow(() -> new AssertionError("not back at the privacy center: " + browser.page()));
        assertTrue(browser.token(code).ok(), "the code of the new parent's sign-in is redeemed");

        String admin = keycloak.baseUrl() + "/admin/realms/" + KidSafeRealm.NAME;
        String id = json(adminGet(admin + "/users?exact=true&username=" + encode(email))).get(0).path("id").asText();
        Set<String> effective = names(json(adminGet(admin + "/users/" + id + "/role-mappings/realm/composite")));
        assertTrue(effective.contains(KidSafeRealm.ROLE_PARENT), "effective roles: " + effective);
    }

    private static Map<String, String> form(String email, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("email", email);
        form.put("firstName", "New");
        form.put("lastName", "Parent");
        form.put("password", password);
        form.put("password-confirm", password);
        return form;
    }

    /** Keycloak's registration endpoint for the parent app, code flow with PKCE as the privacy center sends it. */
    private static String registration(String issuer, String redirect) {
        return issuer + "/protocol/openid-connect/registrations?client_id=" + KidSafeRealm.PARENT_APP
                + "&response_type=code&scope=openid&redirect_uri=" + encode(redirect)
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
    }

    private static Set<String> visibleInputs(String html) {
        Set<String> names = new TreeSet<>();
        Matcher input = INPUT_NAME.matcher(html);
        while (input.find()) {
            if (!input.group(0).contains("type=\"hidden\"")) {
                names.add(input.group(1));
            }
        }
        return names;
    }

    private static Set<String> names(JsonNode roles) {
        Set<String> names = new TreeSet<>();
        roles.forEach(role -> names.add(role.path("name").asText()));
        return names;
    }

    private static HttpResponse<String> adminGet(String url) throws Exception {
        return client().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + keycloak.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
