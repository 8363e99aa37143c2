package org.kidsafe.media;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * V5 adds the indexes the paged lists read by (issue 20 item 4) to an installation of the previous release (V4), its
 * items kept as they were: the keyset order (child, storedAt, id) and the toy inbox's undelivered messages.
 */
class ItemListIndexMigrationTest {

    @Test
    void theListIndexesApplyToThePreviousReleasesItems() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database("media_list_index_migration");
        flyway(db, "4").migrate();
        UUID child = UUID.randomUUID();
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO media_item (id, child_id, category, kind, content_type, size_bytes, stored_at, chat_direction, chat_ciphertext)
                     VALUES (?, ?, 'CHAT', 'CHAT', 'text/plain; charset=utf-8', 2, now(), ?, '\\x00')""")) {
            for (String direction : new String[] {"TO_CHILD", "FROM_CHILD"}) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, child);
                insert.setString(3, direction);
                insert.executeUpdate();
            }
        }

        flyway(db, "latest").migrate();

        assertEquals(2, db.count("SELECT count(*) FROM media_item WHERE child_id = ?", child));
        assertEquals(1, db.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'media_item' AND indexname = ? "
                + "AND indexdef LIKE '%(child_id, stored_at, id)'", "media_item_child_page"));
        assertEquals(1, db.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'media_item' AND indexname = ? "
                + "AND indexdef LIKE '%(child_id, stored_at, id) WHERE%delivered_at IS NULL%'", "media_item_inbox"));
    }

    private static Flyway flyway(ServiceDatabase db, String target) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration").target(target).load();
    }
}
