package org.kidsafe.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule reports the fixture classes that break it, and passes on the fixtures that keep it. */
class KidSafeRulesTest {

    private static final String FIXTURES = "org.kidsafe.architecture.fixtures.";

    @Test
    void resourcesThatUseRepositoriesOrPanacheEntityMethodsAreReported() {
        List<String> details = violations(KidSafeRules.RESOURCES_DO_NOT_TOUCH_PERSISTENCE, FIXTURES + "badresource", FIXTURES + "persistence");
        assertMentions(details, "RepositoryResource", "ThingRepository");
        assertMentions(details, "ActiveRecordResource", "Thing.findById");
    }

    @Test
    void resourcesThatAskAServicePass() {
        assertPasses(KidSafeRules.RESOURCES_DO_NOT_TOUCH_PERSISTENCE, FIXTURES + "goodresource", FIXTURES + "persistence");
    }

    @Test
    void panacheCountsAreReported() {
        List<String> details = violations(KidSafeRules.NO_PANACHE_COUNT, FIXTURES + "badcount", FIXTURES + "persistence");
        assertMentions(details, "ThingCounts.named(", "count(");
        assertMentions(details, "ThingCounts.all(", "count(");
        assertMentions(details, "ThingCounts.matching(", "count(");
    }

    @Test
    void constantCountQueriesPass() {
        assertPasses(KidSafeRules.NO_PANACHE_COUNT, FIXTURES + "goodcount", FIXTURES + "persistence");
    }

    @Test
    void aServiceUsingJaxRsIsReported() {
        assertMentions(violations(KidSafeRules.SERVICES_DO_NOT_USE_JAX_RS, FIXTURES + "badservice"), "ThingService", "jakarta.ws.rs.NotFoundException");
    }

    @Test
    void jaxRsAtTheWebEdgeOnlyPasses() {
        assertPasses(KidSafeRules.SERVICES_DO_NOT_USE_JAX_RS, FIXTURES + "goodservice");
    }

    @Test
    void aPackageCycleIsReported() {
        assertMentions(violations(KidSafeRules.NO_PACKAGE_CYCLES, "org.kidsafe.cyclicfixture"), "left", "right");
    }

    @Test
    void packagesWithoutACyclePass() {
        assertPasses(KidSafeRules.NO_PACKAGE_CYCLES, "org.kidsafe.acyclicfixture");
    }

    @Test
    void httpInsideATransactionIsReportedThroughAPortAHelperAClassAnnotationOrTheClientItself() {
        List<String> details = violations(KidSafeRules.NO_HTTP_IN_TRANSACTIONS, FIXTURES + "badtransaction");
        assertMentions(details, "PairingService.pair(", "Identities.issue");
        assertMentions(details, "PairingService.pairLater(", "Identities.issue");
        assertMentions(details, "PairingService.ping(", "HttpClient.send");
        assertMentions(details, "AuditService.audit(", "Identities.issue");
        assertMentions(details, "fixtures.badtransaction.ErasureService.erase(", "Identities.issue");
        assertMentions(details, "ToyPairingService.redeem(", "Identities.issue");
    }

    @Test
    void httpAfterTheTransactionPassesAndNothingIsExempt() {
        assertPasses(KidSafeRules.NO_HTTP_IN_TRANSACTIONS, FIXTURES + "goodtransaction");
        assertTrue(KidSafeRules.HTTP_IN_TRANSACTION_EXEMPT.isEmpty(),
                "profile-service's Keycloak calls run outside its transactions (issue 21): no exemption is left");
    }

    @Test
    void theServiceNameAsALiteralIsReported() {
        List<String> details = violations(KidSafeRules.SERVICE_NAME_FROM_CONFIG, FIXTURES + "badname");
        assertMentions(details, "badname.Receipts", "fixture-service");
        assertMentions(details, "badname.Parking", "fixture-service");
    }

    @Test
    void theServiceNameSpelledOutInAKafkaSettingIsReported() {
        Properties config = new Properties();
        config.setProperty("quarkus.application.name", "fixture-service");
        config.setProperty("mp.messaging.incoming.things.dead-letter-queue.topic", "kidsafe.things.fixture-service.dlq");
        config.setProperty("%test.mp.messaging.incoming.things.group.id", "fixture-service");
        config.setProperty("quarkus.smallrye-openapi.info-title", "fixture-service");
        List<String> details = violations(KidSafeRules.serviceNameFromConfig(config, Set.of()), FIXTURES + "goodname");
        assertMentions(details, "mp.messaging.incoming.things.dead-letter-queue.topic");
        assertMentions(details, "%test.mp.messaging.incoming.things.group.id");
        assertFalse(details.stream().anyMatch(d -> d.contains("info-title")), "only messaging settings are checked: " + details);
    }

    @Test
    void anInjectedNameAndDerivedTopicsPass() {
        // Reads quarkus.application.name and the settings from the application.properties beside the classes.
        assertPasses(KidSafeRules.SERVICE_NAME_FROM_CONFIG, FIXTURES + "goodname");
    }

    @Test
    void scheduledMethodsOutOfStyleAreReported() {
        List<String> details = violations(KidSafeRules.SCHEDULED_JOBS, FIXTURES + "badjob");
        assertMentions(details, "Cleanup.run()", "not named *Job", "'1h'", "concurrentExecution = SKIP");
        assertMentions(details, "LooseKeyJob.run()", "${kidsafe.cleanup.every:1h}");
        assertMentions(details, "OverlappingJob.run()", "concurrentExecution = SKIP");
        assertMentions(details, "DelayedJob.run()", "delay '1m'");
        assertMentions(details, "MisnamedKeyJob.run()", "does not name its class", "kidsafe.jobs.misnamed-key.");
    }

    @Test
    void jobsInStylePass() {
        assertPasses(KidSafeRules.SCHEDULED_JOBS, FIXTURES + "goodjob");
    }

    @Test
    void aConfigMappingNotNamedSettingsIsReported() {
        assertMentions(violations(KidSafeRules.CONFIG_MAPPINGS_ARE_SETTINGS, FIXTURES + "badsettings"), "ThingConfig");
    }

    @Test
    void settingsPass() {
        assertPasses(KidSafeRules.CONFIG_MAPPINGS_ARE_SETTINGS, FIXTURES + "goodsettings");
    }

    private static JavaClasses classes(String... packages) {
        return new ClassFileImporter().importPackages(packages);
    }

    private static List<String> violations(ArchRule rule, String... packages) {
        EvaluationResult result = rule.evaluate(classes(packages));
        assertTrue(result.hasViolation(), () -> rule.getDescription() + " reported nothing on " + List.of(packages));
        return result.getFailureReport().getDetails();
    }

    private static void assertPasses(ArchRule rule, String... packages) {
        EvaluationResult result = rule.evaluate(classes(packages));
        assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
    }

    /** One reported line mentions all the given fragments. */
    private static void assertMentions(List<String> details, String... fragments) {
        assertTrue(details.stream().anyMatch(line -> List.of(fragments).stream().allMatch(line::contains)),
                () -> "no violation mentions " + List.of(fragments) + " in:\n" + String.join("\n", details));
    }
}
