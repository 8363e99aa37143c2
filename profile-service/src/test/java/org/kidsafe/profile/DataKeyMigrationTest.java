package org.kidsafe.profile;

import org.junit.jupiter.api.Test;
import org.kidsafe.profile.crypto.ProfileDataKeys;
import org.kidsafe.testsupport.DataKeyMigrationCheck;
import org.kidsafe.testsupport.DataKeyMigrationCheck.LegacyTable;
import org.kidsafe.testsupport.DataKeyTombstoneMigrationCheck;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * A running installation migrates: data keys stored in V1's child_key are, after V2, the same wrapped
 * bytes in data_key, and still open with profile-service's purpose and the child's id (test-support's
 * {@link DataKeyMigrationCheck} asserts it, the same check as media-service's).
 */
class DataKeyMigrationTest {

    /** How profile-service's V1 table was filled: the old wrap context was written out, not taken from the purpose. */
    private static final LegacyTable CHILD_KEY = new LegacyTable("child_key",
            "INSERT INTO child_key (child_id, kek_id, wrapped_key, created_at) VALUES (?, ?, ?, ?)",
            child -> ("child-key:" + child).getBytes(StandardCharsets.UTF_8));

    @Test
    void keysStoredBeforeTheSharedTableStillUnwrapAfterTheMigration() throws SQLException {
        new DataKeyMigrationCheck("profile_migration", "classpath:db/migration", "1", CHILD_KEY, ProfileDataKeys.PURPOSE)
                .keysStillUnwrapAfterTheMigration();
    }

    /** The previous release's keys (V2's table) stay live when V4 adds tombstones (issue 18 item 6). */
    @Test
    void keysOfThePreviousReleaseStayLiveWhenTombstonesArrive() throws SQLException {
        new DataKeyTombstoneMigrationCheck("profile_tombstone_migration", "classpath:db/migration", "2").keysStayLiveAndOnlyWholeTombstonesAreStored();
    }
}
