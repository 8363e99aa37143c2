package db.migration;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.kidsafe.consent.verification.ConsentFormSeal;
import org.kidsafe.consent.verification.ParentDataKeys;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KekWrapped;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Seals the signed consent forms of the previous release, stored unencrypted in {@code consent_form.content}, under
 * their parents' data keys (issue 18 item 2), then drops that column: after this migration no form is stored in the
 * clear. It runs once, in Flyway's transaction, right after {@code V6__consent_form_encryption.sql} created the
 * {@code data_key} table and the {@code sealed_content} column; a failure rolls it back whole.
 * <p>
 * A Java migration because sealing needs the KEK, which never lives in the database: the running service's
 * {@link KeyEncryptionKeyProvider} (from the container, only when there is a form to seal). Each parent gets a key as
 * {@link ParentDataKeys} would create it: a random AES-256 key wrapped under the current KEK, bound to the parent and to
 * consent-service's purpose. Forms already decided have no file and are left as they are. The files are sealed as they
 * were uploaded (not cleaned after the fact); pending ones expire within {@code kidsafe.verification.form-expiry}.
 */
public class V6_1__SealConsentForms extends BaseJavaMigration {

    private final Supplier<KeyEncryptionKeyProvider> keks;

    /** As Flyway creates it in the service: the KEK provider comes from the container. */
    public V6_1__SealConsentForms() {
        this(V6_1__SealConsentForms::fromContainer);
    }

    /** With a given KEK provider (a migration test runs Flyway outside the container). */
    public V6_1__SealConsentForms(Supplier<KeyEncryptionKeyProvider> keks) {
        this.keks = keks;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        List<Form> unsealed = unsealedForms(connection);
        if (!unsealed.isEmpty()) {
            KeyEncryptionKeyProvider provider = keks.get();
            Map<UUID, SecretKey> parentKeys = new HashMap<>();
            for (Form form : unsealed) {
                SecretKey key = parentKeys.computeIfAbsent(form.parentId(), parentId -> createKey(connection, provider, parentId));
                seal(connection, form.id(), key);
            }
        }
        try (Statement drop = connection.createStatement()) {
            drop.execute("ALTER TABLE consent_form DROP COLUMN content");
        }
    }

    private static List<Form> unsealedForms(Connection connection) throws SQLException {
        List<Form> forms = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, parent_id FROM consent_form WHERE content IS NOT NULL ORDER BY parent_id, id");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                forms.add(new Form(rows.getObject("id", UUID.class), rows.getObject("parent_id", UUID.class)));
            }
        }
        return forms;
    }

    /** Reads one form's file, seals it and empties the clear column (one file in memory at a time). */
    private static void seal(Connection connection, UUID formId, SecretKey key) throws SQLException {
        byte[] content;
        try (PreparedStatement read = connection.prepareStatement("SELECT content FROM consent_form WHERE id = ?")) {
            read.setObject(1, formId);
            try (ResultSet row = read.executeQuery()) {
                row.next();
                content = row.getBytes(1);
            }
        }
        try (PreparedStatement write = connection.prepareStatement(
                "UPDATE consent_form SET sealed_content = ?, content = NULL WHERE id = ?")) {
            write.setBytes(1, ConsentFormSeal.seal(key, formId, content));
            write.setObject(2, formId);
            write.executeUpdate();
        }
    }

    private static SecretKey createKey(Connection connection, KeyEncryptionKeyProvider provider, UUID parentId) {
        byte[] raw = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        KekWrapped wrapped = provider.wrapCurrent(raw, ParentDataKeys.PURPOSE.boundTo(parentId));
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO data_key (subject_id, generation, kek_id, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setObject(1, parentId);
            insert.setObject(2, UUID.randomUUID());
            insert.setString(3, wrapped.keyId());
            insert.setBytes(4, wrapped.wrappedKey());
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.executeUpdate();
            return new SecretKeySpec(raw, "AES");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the data key of a parent whose forms are being sealed", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static KeyEncryptionKeyProvider fromContainer() {
        ArcContainer container = Arc.container();
        if (container == null) {
            throw new IllegalStateException("Sealing the previous release's consent forms needs the service's KEK: run this migration"
                    + " in consent-service (Flyway at start), or pass a KeyEncryptionKeyProvider");
        }
        return container.instance(KeyEncryptionKeyProvider.class).get();
    }

    private record Form(UUID id, UUID parentId) {
    }
}
