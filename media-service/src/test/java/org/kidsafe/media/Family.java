package org.kidsafe.media;

import io.restassured.response.ValidatableResponse;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.EventCodec;
import org.kidsafe.events.Topics;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ConsentRevoked;
import org.kidsafe.events.schema.ToyPaired;
import org.kidsafe.events.schema.ToyPairedV2;
import org.kidsafe.events.schema.ToyUnpaired;
import org.kidsafe.events.schema.ToyUnpairedV2;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.TestTokens;
import org.kidsafe.testsupport.TopicProbe;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * A parent, a child and a paired toy, set up through the real events media-service consumes
 * (ConsentGranted from consent-service, ToyPaired v2 from profile-service). The toy is known here, as in
 * production, only by its device pseudonym, which its token carries as {@code device_id}.
 */
final class Family {

    static final String AUDIENCE = "kidsafe-media";
    private static final TopicProbe TOPICS = new TopicProbe(RealInfrastructure.shared().kafka());

    final UUID parent = UUID.randomUUID();
    final UUID child = UUID.randomUUID();
    /** A device pseudonym: 43 base64url characters, as profile-service's HMAC gives them. */
    final String device = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 43);

    /** A family whose child has consent for the given categories and a paired toy. */
    static Family withConsent(DataCategory... categories) {
        Family family = new Family();
        for (DataCategory category : categories) {
            family.send(new ConsentGranted(family.parent, category, 1, 1));
        }
        family.send(new ToyPairedV2(family.device, family.parent));
        await().atMost(Duration.ofSeconds(30)).until(() -> family.projected(categories.length));
        return family;
    }

    void revoke(DataCategory category) {
        send(new ConsentRevoked(parent, category));
        await().atMost(Duration.ofSeconds(30)).until(() -> !granted(category));
    }

    void unpair() {
        send(new ToyUnpairedV2(device));
        await().atMost(Duration.ofSeconds(30)).until(() -> !paired());
    }

    String parentToken() {
        return TestTokens.parent(parent, AUDIENCE);
    }

    String toyToken() {
        return TestTokens.toy(device, child, AUDIENCE);
    }

    ValidatableResponse upload(byte[] body) {
        return given().auth().oauth2(toyToken()).contentType("application/octet-stream").body(body)
                .when().post("/v1/media").then();
    }

    byte[] download(String itemId) {
        return given().auth().oauth2(parentToken()).when().get("/v1/children/{c}/media/{i}/content", child, itemId)
                .then().statusCode(200).extract().asByteArray();
    }

    void send(Record payload) {
        String topic = payload instanceof ToyPaired || payload instanceof ToyUnpaired || payload instanceof ToyPairedV2
                || payload instanceof ToyUnpairedV2 ? Topics.PROFILE : Topics.CONSENT;
        TOPICS.send(topic, child.toString(), EventCodec.encode(EventCodec.envelope(child, payload, Instant.now())));
    }

    private boolean projected(int consents) {
        return count("SELECT count(*) FROM consent_projection WHERE child_id = ? AND granted", child) == consents && paired();
    }

    private boolean granted(DataCategory category) {
        return database().count("SELECT count(*) FROM consent_projection WHERE child_id = ? AND category = ? AND granted",
                child, category.name()) > 0;
    }

    boolean paired() {
        return count("SELECT count(*) FROM paired_device WHERE child_id = ? AND paired", child) > 0;
    }

    static long count(String sql, UUID child) {
        return database().count(sql, child);
    }

    static Connection connect() throws SQLException {
        return database().connect();
    }

    private static ServiceDatabase database() {
        return RealInfrastructure.shared().database("media");
    }
}
