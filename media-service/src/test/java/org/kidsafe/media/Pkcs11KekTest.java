package org.kidsafe.media;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kidsafe.crypto.datakey.DataKey;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.crypto.datakey.WrappedDataKeyRepository;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KekDirectory;
import org.kidsafe.crypto.kek.KekSettings;
import org.kidsafe.crypto.kek.LocalKeyEncryptionKeyProvider;
import org.kidsafe.crypto.kek.pkcs11.Pkcs11KeyEncryptionKeyProvider;
import org.kidsafe.media.crypto.MediaDataKeys;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.SoftHsmToken;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one data-key component over a PKCS#11 token (issue 18 item 1), on media-service's real {@code data_key} table:
 * keys created, unwrapped and destroyed with their KEK inside SoftHSM2, and the move from KEK files (the previous
 * release's shape: a key wrapped by a KEK file), whose keys still open and move into the token on the next write.
 * <p>
 * It runs in the module's one running application (a test profile with {@code kidsafe.kek.provider=pkcs11} would
 * restart it and, in a new class loader, the test PostgreSQL and Kafka too: about 40 s), with a {@link DataKeys} over
 * the token beside the service's own. It never calls {@code rewrapStale}, which would move the other tests' keys.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
@QuarkusTestResource(KekRingTestResource.class)
class Pkcs11KekTest {

    @Inject
    WrappedDataKeyRepository repository;

    @Inject
    LocalKeyEncryptionKeyProvider kekFiles;

    @Inject
    KekSettings kekSettings;

    private String label;
    private DataKeys overTheToken;

    @BeforeEach
    void keysOverTheToken() {
        SoftHsmToken token = SoftHsmToken.shared();
        label = "media-kek-" + UUID.randomUUID();
        token.createKey(label);
        Pkcs11KeyEncryptionKeyProvider keks = Pkcs11KeyEncryptionKeyProvider.open(
                Pkcs11KeyEncryptionKeyProviderTest.settings(token, label), KekDirectory.ids(kekSettings.directory().orElseThrow()), () -> kekFiles);
        overTheToken = new DataKeys(repository, keks, MediaDataKeys.PURPOSE, Clock.systemUTC()) {
        };
    }

    /** The other tests' application cannot unwrap under the token: their batch re-wrap must not meet these keys. */
    @AfterEach
    void removeTheKeysWrappedInTheToken() throws SQLException {
        try (Connection db = Family.connect();
             PreparedStatement delete = db.prepareStatement("DELETE FROM data_key WHERE kek_id = ?")) {
            delete.setString(1, label);
            delete.executeUpdate();
        }
    }

    @Test
    void dataKeysAreCreatedUnwrappedAndDestroyedOverTheToken() throws SQLException {
        UUID child = UUID.randomUUID();

        DataKey created = QuarkusTransaction.requiringNew().call(() -> overTheToken.getOrCreate(child));
        assertEquals(label, kekId(child), "the key is wrapped by the token key, under its label");
        DataKey found = QuarkusTransaction.requiringNew().call(() -> overTheToken.find(child)).orElseThrow();
        assertArrayEquals(created.key().getEncoded(), found.key().getEncoded());
        assertEquals(created.generation(), found.generation());

        assertTrue(QuarkusTransaction.requiringNew().call(() -> overTheToken.destroy(child)));
        assertFalse(QuarkusTransaction.requiringNew().call(() -> overTheToken.find(child)).isPresent());
    }

    @Test
    void aKeyWrappedByAKekFileBeforeTheMoveStillOpensAndMovesIntoTheTokenOnTheNextWrite() throws Exception {
        UUID child = UUID.randomUUID();
        byte[] raw = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        UUID generation = plantKeyWrappedByTheKekFile(child, raw);

        assertArrayEquals(raw, QuarkusTransaction.requiringNew().call(() -> overTheToken.find(child)).orElseThrow().key().getEncoded(),
                "the KEK file still configured beside the token unwraps what it wrapped");
        DataKey written = QuarkusTransaction.requiringNew().call(() -> overTheToken.getOrCreate(child));

        assertEquals(label, kekId(child), "re-wrapped inside the token");
        assertEquals(generation, written.generation(), "the same key");
        assertArrayEquals(raw, QuarkusTransaction.requiringNew().call(() -> overTheToken.find(child)).orElseThrow().key().getEncoded());
    }

    /** A data key as media-service stored it with KEK files: wrapped by a KEK file for this child and media's purpose. */
    private UUID plantKeyWrappedByTheKekFile(UUID child, byte[] raw) throws Exception {
        KekDirectory.Ring files = KekDirectory.read(kekSettings.directory().orElseThrow());
        SecretKey fileKek = files.keys().get(files.currentId());
        byte[] wrapped = AesGcm.seal(fileKek, raw, (MediaDataKeys.PURPOSE.label() + child).getBytes(StandardCharsets.UTF_8));
        UUID generation = UUID.randomUUID();
        try (Connection db = Family.connect();
             PreparedStatement insert = db.prepareStatement(
                     "INSERT INTO data_key (subject_id, generation, kek_id, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setObject(1, child);
            insert.setObject(2, generation);
            insert.setString(3, files.currentId());
            insert.setBytes(4, wrapped);
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        return generation;
    }

    private static String kekId(UUID child) throws SQLException {
        try (Connection db = Family.connect();
             PreparedStatement query = db.prepareStatement("SELECT kek_id FROM data_key WHERE subject_id = ?")) {
            query.setObject(1, child);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "the child has a data key");
                return row.getString(1);
            }
        }
    }
}
