package org.kidsafe.consent;

import db.migration.V6_1__SealConsentForms;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.verification.ConsentFormSeal;
import org.kidsafe.consent.verification.ParentDataKeys;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.testsupport.RealInfrastructure;
import org.kidsafe.testsupport.ServiceMigrations;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 item 2: an installation of the previous release (V5) keeps its signed consent forms unencrypted in
 * {@code consent_form.content}; the migration seals each under its parent's new data key (wrapped by the KEK, with
 * consent-service's purpose) and drops the column, so no form is left in the clear, and every form still opens.
 */
class ConsentFormMigrationTest {

    private static final Instant SUBMITTED = Instant.parse("2026-01-02T03:04:05Z");
    private static final byte[] FIRST = "%PDF-1.7 first form of the parent".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECOND = "%PDF-1.7 second form of the parent".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey kek = AesGcm.newKey();
    private final KeyEncryptionKeyProvider keks = new KeyEncryptionKeyProvider() {
        @Override
        public String currentKeyId() {
            return "kek-1";
        }

        @Override
        public byte[] wrap(byte[] dataKey, byte[] associatedData) {
            return AesGcm.seal(kek, dataKey, associatedData);
        }

        @Override
        public byte[] unwrap(String keyId, byte[] wrappedKey, byte[] associatedData) {
            return AesGcm.open(kek, wrappedKey, associatedData);
        }
    };

    @Test
    void unencryptedFormsAreSealedUnderTheirParentsKeyAndTheClearColumnIsGone() throws SQLException {
        ServiceDatabase db = RealInfrastructure.shared().database("consent_form_migration");
        ServiceMigrations.asRuntimeRole(db, "5", "classpath:db/migration").migrate();
        UUID parent = UUID.randomUUID();
        UUID first = insertForm(db, parent, FIRST, "PENDING");
        UUID second = insertForm(db, parent, SECOND, "PENDING");
        UUID decided = insertForm(db, UUID.randomUUID(), null, "APPROVED");

        // This release: the database handed over to its owner (as ./kidsafe up does) and migrated as the owner.
        ClassProvider<JavaMigration> none = List::of;
        ServiceMigrations.ownerConfiguration(RealInfrastructure.shared().ownedDatabase("consent_form_migration"), "latest", "classpath:db/migration")
                .javaMigrationClassProvider(none)
                .javaMigrations(new V6_1__SealConsentForms(() -> keks))
                .load().migrate();

        assertEquals(0, db.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'consent_form' AND column_name = 'content'"),
                "the unencrypted column is gone");
        SecretKey parentKey = parentKey(db, parent);
        for (UUID form : List.of(first, second)) {
            byte[] sealed = sealed(db, form);
            assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("form of the parent"), "stored encrypted");
            assertArrayEquals(form.equals(first) ? FIRST : SECOND, ConsentFormSeal.open(parentKey, form, sealed), "and still opens");
        }
        assertNull(sealed(db, decided), "a decided form has no file to seal");
        assertEquals(1, db.count("SELECT count(*) FROM data_key"), "one key, for the parent whose files were sealed");
        assertEquals(2, db.count("SELECT count(*) FROM consent_form WHERE status = 'PENDING' AND NOT expiry_notice_due"));
    }

    private static UUID insertForm(ServiceDatabase db, UUID parent, byte[] content, String status) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = db.connect(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO consent_form (id, parent_id, content_type, content, size_bytes, status, submitted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setObject(2, parent);
            insert.setString(3, content == null ? null : "application/pdf");
            insert.setBytes(4, content);
            insert.setObject(5, content == null ? null : content.length);
            insert.setString(6, status);
            insert.setTimestamp(7, Timestamp.from(SUBMITTED));
            insert.executeUpdate();
        }
        return id;
    }

    private SecretKey parentKey(ServiceDatabase db, UUID parent) throws SQLException {
        try (Connection connection = db.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT kek_id, wrapped_key FROM data_key WHERE subject_id = ? AND destroyed_at IS NULL")) {
            query.setObject(1, parent);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "the parent has a data key");
                return new SecretKeySpec(keks.unwrap(row.getString(1), row.getBytes(2), ParentDataKeys.PURPOSE.boundTo(parent)), "AES");
            }
        }
    }

    private static byte[] sealed(ServiceDatabase db, UUID form) throws SQLException {
        try (Connection connection = db.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT sealed_content FROM consent_form WHERE id = ?")) {
            query.setObject(1, form);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getBytes(1);
            }
        }
    }
}
