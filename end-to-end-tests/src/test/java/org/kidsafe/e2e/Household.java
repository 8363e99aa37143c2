package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kidsafe.api.client.model.AcceptInvitationRequest;
import org.kidsafe.api.client.model.InvitationRequest;
import org.kidsafe.embedded.Pause;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child's household for the attack tests (issue 19 item 4), made through the public API as the apps would: a
 * co-guardian who accepted an invitation, a former guardian who accepted one and was then removed, and an invitee who
 * has not accepted theirs (its invitation stays open). The former guardian's removal is waited for until media-service
 * and profile-service refuse them, so the attacks meet every service after the consent projection's lag.
 */
final class Household {

    private static final Pattern LINK = Pattern.compile("#invitation=([A-Za-z0-9_-]{43})");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LAG = Duration.ofSeconds(30);

    final Accounts.Parent coGuardian;
    final Accounts.Parent formerGuardian;
    final Accounts.Parent invitee;
    final UUID pendingInvitation;

    private Household(UUID child, Supplier<String> owner) {
        coGuardian = join(child, owner, Accounts.newParent("co-guardian"));
        formerGuardian = join(child, owner, Accounts.newParent("former-guardian"));
        Apis.Answer removed = Apis.call(owner.get(), Apis.LENIENT, apis -> {
            apis.households().removeGuardian(child, formerGuardian.id());
            return null;
        });
        expect(204, removed);
        invitee = Accounts.newParent("invitee");
        pendingInvitation = UUID.fromString(invite(child, owner, invitee.email()).path("invitationId").asText());
        awaitStatus(coGuardian, child, 200);
        awaitStatus(formerGuardian, child, 404);
    }

    /** The household of {@code child}, made by its guardian {@code owner}. */
    static Household of(UUID child, Supplier<String> owner) {
        return new Household(child, owner);
    }

    private static Accounts.Parent join(UUID child, Supplier<String> owner, Accounts.Parent parent) {
        invite(child, owner, parent.email());
        String token = mailedToken(parent.email());
        expect(200, Apis.call(parent.token(), Apis.LENIENT, apis -> apis.households().acceptInvitation(new AcceptInvitationRequest().token(token))));
        return parent;
    }

    private static JsonNode invite(UUID child, Supplier<String> owner, String email) {
        Apis.Answer invited = Apis.call(owner.get(), Apis.LENIENT,
                apis -> apis.households().inviteGuardian(child, new InvitationRequest().email(email)));
        expect(201, invited);
        try {
            return JSON.readTree(invited.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until media-service and profile-service answer this parent {@code status} for the child (their projections' lag). */
    private static void awaitStatus(Accounts.Parent parent, UUID child, int status) {
        String token = parent.token();
        Instant deadline = Instant.now().plus(LAG);
        while (Apis.call(token, Apis.LENIENT, apis -> apis.childMedia().listMedia(child, null, null, null)).status() != status
                || Apis.call(token, Apis.LENIENT, apis -> apis.toys().listToys(child, null, null)).status() != status) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The services did not answer " + status + " to " + parent.email() + " within " + LAG);
            }
            Pause.of(Duration.ofMillis(100));
        }
    }

    private static void expect(int status, Apis.Answer answer) {
        if (answer.status() != status) {
            throw new IllegalStateException(answer.method() + " " + answer.path() + " answered " + answer.status() + ": " + answer.body());
        }
    }

    /** The token in the newest invitation link mailed to the address (the development mailbox's JSON view). */
    private static String mailedToken(String email) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> mail = http.send(HttpRequest.newBuilder(URI.create(RunningPlatform.get().mailbox().webUrl()
                        + "?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode messages = JSON.readTree(mail.body());
                for (int i = messages.size() - 1; i >= 0; i--) {
                    Matcher link = LINK.matcher(messages.get(i).path("body").asText());
                    if (link.find()) {
                        return link.group(1);
                    }
                }
            } catch (IOException e) {
                // The mailbox is local; try again until the deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Pause.of(Duration.ofMillis(250));
        }
        throw new IllegalStateException("No invitation was mailed to " + email);
    }
}
