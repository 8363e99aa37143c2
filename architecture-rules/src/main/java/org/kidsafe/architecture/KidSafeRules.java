package org.kidsafe.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.DynamicTest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The one rule set every KidSafe service's tests run, each on its own main classes:
 * <pre>
 * class ArchitectureTest {
 *     &#64;TestFactory
 *     Stream&lt;DynamicTest&gt; kidsafeRules() {
 *         return KidSafeRules.checkedOn("org.kidsafe.consent");
 *     }
 * }
 * </pre>
 * (JUnit Jupiter dynamic tests rather than ArchUnit's own engine: Surefire's {@code -Dtest=ArchitectureTest}
 * filters out the engine's field-based {@code @ArchTest}s and reports 0 tests. The fields stay
 * {@code @ArchTest}s, so {@code ArchTests.in(KidSafeRules.class)} works as well.)
 * Roles are told by annotation, type and suffix, never by package name, so the rules hold for any cut into
 * features. An exemption is named by simple class name (and method), lives here beside its rule, and says
 * when it goes.
 */
public final class KidSafeRules {

    private KidSafeRules() {
    }

    /** Every rule, by name. */
    public static Map<String, ArchRule> all() {
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        rules.put("resources do not touch persistence", RESOURCES_DO_NOT_TOUCH_PERSISTENCE);
        rules.put("services do not use JAX-RS", SERVICES_DO_NOT_USE_JAX_RS);
        rules.put("no package cycles", NO_PACKAGE_CYCLES);
        rules.put("no HTTP in a transaction", NO_HTTP_IN_TRANSACTIONS);
        rules.put("the service name comes from quarkus.application.name", SERVICE_NAME_FROM_CONFIG);
        rules.put("scheduled jobs in one style", SCHEDULED_JOBS);
        rules.put("@ConfigMapping types are *Settings", CONFIG_MAPPINGS_ARE_SETTINGS);
        rules.put("no Panache count()", NO_PANACHE_COUNT);
        return rules;
    }

    /** One test per rule, on the main (not test) classes under {@code rootPackage}, e.g. {@code org.kidsafe.media}. */
    public static Stream<DynamicTest> checkedOn(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages(rootPackage);
        if (classes.isEmpty()) {
            throw new IllegalStateException("No main classes found under " + rootPackage);
        }
        return all().entrySet().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getKey(), () -> rule.getValue().check(classes)));
    }

    // ---------------------------------------------------------------------------------------------------
    // Resources are thin: persistence belongs to services (which own the transactions).

    @ArchTest
    public static final ArchRule RESOURCES_DO_NOT_TOUCH_PERSISTENCE = classes().that(Roles.RESOURCES)
            .should(notTouchPersistence())
            .because("resources are thin; services own transactions and persistence");

    private static ArchCondition<JavaClass> notTouchPersistence() {
        return new ArchCondition<>("not use repositories or Panache entities' persistence methods") {
            @Override
            public void check(JavaClass resource, ConditionEvents events) {
                resource.getDirectDependenciesFromSelf().stream()
                        .filter(dependency -> Roles.isRepository(dependency.getTargetClass()))
                        .forEach(dependency -> events.add(SimpleConditionEvent.violated(resource, dependency.getDescription())));
                resource.getMethodCallsFromSelf().stream()
                        .filter(KidSafeRules::isPanacheEntityPersistence)
                        .forEach(call -> events.add(SimpleConditionEvent.violated(resource, call.getDescription())));
            }
        };
    }

    /** {@code Child.findById(id)}, {@code child.persist()}: a method Panache gives an entity. */
    private static boolean isPanacheEntityPersistence(JavaMethodCall call) {
        if (!call.getTargetOwner().isAssignableTo(Roles.PANACHE_ENTITY)) {
            return false;
        }
        return call.getTarget().resolveMember()
                .map(method -> method.getOwner().getPackageName().startsWith(Roles.PANACHE_PACKAGE))
                .orElse(true);
    }

    // ---------------------------------------------------------------------------------------------------
    // Counts and existence checks as constant queries.

    /**
     * Panache's {@code count(...)} (of a repository, an entity or a {@code PanacheQuery}) asks Hibernate for
     * {@code getResultCount()}, which derives a new count query on every call and translates it to SQL again: in
     * the erasure-throughput benchmark's profile, 57% of media-service's time in counts was that translation (issue 22
     * item 3; docs/performance.md). A constant HQL query ({@code select count(*) from ...}, or {@code select 1 ...}
     * with one row for "whether any") has its plan cached after the first call.
     */
    @ArchTest
    public static final ArchRule NO_PANACHE_COUNT = noClasses()
            .should().callMethodWhere(DescribedPredicate.describe("Panache's count()", KidSafeRules::isPanacheCount))
            .because("Hibernate translates a Panache count again on every call; a constant query's plan is cached");

    /** {@code repository.count(...)}, {@code Entity.count(...)}, {@code query.count()}: called on a Panache type. */
    private static boolean isPanacheCount(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        return call.getName().equals("count") && (owner.getPackageName().startsWith(Roles.PANACHE_PACKAGE)
                || owner.isAssignableTo(Roles.PANACHE_REPOSITORY) || owner.isAssignableTo(Roles.PANACHE_ENTITY));
    }

    // ---------------------------------------------------------------------------------------------------
    // JAX-RS stays at the HTTP edge. Services refuse with ProblemException (service-commons), which is no JAX-RS type.

    /**
     * Temporary exemptions:
     * <ul>
     *   <li>{@code ByteRange} (media-service): the Range-header parser of the media item resource, which builds
     *       its own 416 {@code Response}; goes when the 416 answer moves into the resource (or becomes a
     *       {@code ProblemException}).</li>
     * </ul>
     */
    public static final Set<String> JAX_RS_EXEMPT = Set.of("ByteRange");

    @ArchTest
    public static final ArchRule SERVICES_DO_NOT_USE_JAX_RS = noClasses().that(Roles.OUTSIDE_THE_WEB_EDGE)
            .and(Roles.notNamedIn(JAX_RS_EXEMPT))
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "javax.ws.rs..")
            .because("services, repositories, consumers and jobs do not know they are called over HTTP; "
                    + "they refuse with org.kidsafe.commons.problem.ProblemException");

    // ---------------------------------------------------------------------------------------------------
    // No package cycles: one slice per package directly under the service's root (a feature, or config/).

    @ArchTest
    public static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.kidsafe.*.(*)..")
            .should().beFreeOfCycles()
            .because("a feature package can be read, moved and tested on its own only if no cycle ties it to another");

    // ---------------------------------------------------------------------------------------------------
    // No HTTP inside a database transaction.

    /**
     * No exemptions: profile-service's Keycloak calls (toy identities) run after its transactions commit, with a
     * durable withdrawal record for what must happen later (issue 21, docs/design/toy-identity.md). A method
     * named here by simple name ({@code Class.method}) or in full would be skipped.
     */
    public static final Set<String> HTTP_IN_TRANSACTION_EXEMPT = Set.of();

    @ArchTest
    public static final ArchRule NO_HTTP_IN_TRANSACTIONS = methods().that(Roles.TRANSACTIONAL_METHODS)
            .and(Roles.methodNotNamedIn(HTTP_IN_TRANSACTION_EXEMPT))
            .should(new NoHttpInTransactions())
            .allowEmptyShould(true)
            .because("a transaction must not hold its connection and locks while another system answers, "
                    + "and cannot roll back what that system did");

    // ---------------------------------------------------------------------------------------------------
    // One source for the service's name.

    /** No exemptions: every service takes its name from {@code quarkus.application.name}. */
    public static final Set<String> SERVICE_NAME_EXEMPT = Set.of();

    @ArchTest
    public static final ArchRule SERVICE_NAME_FROM_CONFIG = serviceNameFromConfig(null, SERVICE_NAME_EXEMPT);

    /** The rule against a given configuration instead of the application.properties beside the classes. */
    public static ArchRule serviceNameFromConfig(Properties config, Set<String> exempt) {
        ServiceName condition = config == null ? ServiceName.fromApplicationProperties(exempt) : ServiceName.from(config, exempt);
        return classes().should(condition)
                .because("the service's name has one source, " + ServiceName.KEY + "; the Kafka consumer group and "
                        + "dead-letter topics (<topic>.<name>.dlq) are derived from it");
    }

    // ---------------------------------------------------------------------------------------------------
    // One style for scheduled jobs and their config keys.

    @ArchTest
    public static final ArchRule SCHEDULED_JOBS = methods().that(Roles.SCHEDULED_METHODS)
            .should(new ScheduledJobStyle())
            .allowEmptyShould(true)
            .because("every timer is found by its name, tuned by one kind of key, and never runs twice at once");

    // ---------------------------------------------------------------------------------------------------
    // Typed configuration is called *Settings.

    @ArchTest
    public static final ArchRule CONFIG_MAPPINGS_ARE_SETTINGS = classes().that(Roles.CONFIG_MAPPINGS)
            .should().haveSimpleNameEndingWith("Settings")
            .allowEmptyShould(true)
            .because("typed configuration has one name everywhere: *Settings");
}
