package org.kidsafe.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.profile.pairing.PairingCodePurge;
import org.kidsafe.testsupport.MutableClock;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 ("nothing is kept forever"): a pairing code's record goes one day ({@code kidsafe.pairing.spent-code-keep-for})
 * after it was redeemed or expired, not with the profile; a usable code and recently spent ones stay. Rows are planted with
 * dates relative to the test clock.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "profile"))
class PairingCodePurgeTest {

    @Inject
    MutableClock clock;
    @Inject
    PairingCodePurge purge;

    @Test
    void redeemedAndExpiredCodesGoADayLater() throws SQLException {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        OffsetDateTime twoDaysAgo = now.minusDays(2);
        UUID expiredLongAgo = code(twoDaysAgo.minusMinutes(10), twoDaysAgo, null);
        UUID redeemedLongAgo = code(twoDaysAgo.minusMinutes(5), twoDaysAgo.plusMinutes(5), twoDaysAgo);
        UUID expiredJustNow = code(now.minusMinutes(70), now.minusHours(1), null);
        UUID redeemedJustNow = code(now.minusMinutes(65), now.minusMinutes(55), now.minusHours(1));
        UUID usable = code(now, now.plus(Duration.ofMinutes(10)), null);

        assertTrue(purge.purgeDue() >= 2);

        assertEquals(0, count(expiredLongAgo));
        assertEquals(0, count(redeemedLongAgo));
        for (UUID kept : new UUID[] {expiredJustNow, redeemedJustNow, usable}) {
            assertEquals(1, count(kept), "code " + kept + " is kept");
        }
        assertEquals(0, purge.purgeDue(), "repeatable: nothing left to do");
    }

    private static UUID code(OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime redeemedAt) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = RealInfrastructure.shared().database("profile").connect();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO pairing_code (id, child_id, parent_id, code_hash, created_at, expires_at, redeemed_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setObject(2, UUID.randomUUID());
            insert.setObject(3, UUID.randomUUID());
            insert.setBytes(4, id.toString().getBytes());
            insert.setObject(5, createdAt);
            insert.setObject(6, expiresAt);
            insert.setObject(7, redeemedAt);
            insert.executeUpdate();
        }
        return id;
    }

    private static long count(UUID id) {
        return RealInfrastructure.shared().database("profile").count("SELECT count(*) FROM pairing_code WHERE id = ?", id);
    }
}
