package org.kidsafe.media;

import org.junit.jupiter.api.Test;
import org.kidsafe.media.crypto.MediaDataKeys;
import org.kidsafe.testsupport.DataKeyMigrationCheck;
import org.kidsafe.testsupport.DataKeyMigrationCheck.LegacyTable;
import org.kidsafe.testsupport.DataKeyTombstoneMigrationCheck;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * A running installation migrates: data keys stored in V1's child_data_key are, after V2, the same wrapped
 * bytes in data_key, and still open with media-service's purpose and the child's id (test-support's
 * {@link DataKeyMigrationCheck} asserts it, the same check as profile-service's).
 */
class DataKeyMigrationTest {

    /** How media-service's V1 table was filled: the old wrap context was written out, not taken from the purpose. */
    private static final LegacyTable CHILD_DATA_KEY = new LegacyTable("child_data_key",
            "INSERT INTO child_data_key (child_id, kek_id, wrapped_key, created_at) VALUES (?, ?, ?, ?)",
            child -> ("kidsafe-media-data-key:" + child).getBytes(StandardCharsets.US_ASCII));

    @Test
    void keysStoredBeforeTheSharedTableStillUnwrapAfterTheMigration() throws SQLException {
        new DataKeyMigrationCheck("media_migration", "classpath:db/migration", "1", CHILD_DATA_KEY, MediaDataKeys.PURPOSE)
                .keysStillUnwrapAfterTheMigration();
    }

    /** The previous release's keys (V2's table) stay live when V4 adds tombstones (issue 18 item 6). */
    @Test
    void keysOfThePreviousReleaseStayLiveWhenTombstonesArrive() throws SQLException {
        new DataKeyTombstoneMigrationCheck("media_tombstone_migration", "classpath:db/migration", "2").keysStayLiveAndOnlyWholeTombstonesAreStored();
    }
}
