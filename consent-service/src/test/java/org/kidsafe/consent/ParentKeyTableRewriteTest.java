package org.kidsafe.consent;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.consent.verification.ParentDataKeys;
import org.kidsafe.crypto.datakey.DataKeyTableRewrite;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daily rewrite of the data-key table (issue 18 item 1) runs in consent-service too, whose parents' keys seal the
 * signed consent forms (item 2), although its role owns no table since the owner split (item 3): V10 grants it
 * MAINTAIN on {@code data_key}, and nothing more. Without the grant PostgreSQL only warns and skips the table, which
 * the rewrite notices (the table's file is unchanged) and reports as a failure.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class ParentKeyTableRewriteTest {

    @Inject
    ParentDataKeys parentKeys;

    @Inject
    DataKeyTableRewrite rewrite;

    @Test
    void theServicesRoleRewritesTheParentsKeyTableThoughItOwnsNoTable() throws Exception {
        QuarkusTransaction.requiringNew().run(() -> parentKeys.getOrCreate(UUID.randomUUID()));
        assertEquals("consent_owner", Database.text("SELECT tableowner FROM pg_tables WHERE tablename = ?", "data_key"),
                "control: the service's role does not own the table");

        assertTrue(rewrite.rewrite(), "rewritten as the service's own role");
    }
}
