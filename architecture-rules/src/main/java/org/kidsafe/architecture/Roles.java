package org.kidsafe.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;

import java.util.Set;

/**
 * How the rules tell a class's role: by annotation and type, never by package name, so the rules hold
 * whatever features a service is cut into. Annotations are named, not referenced, so this module needs
 * nothing of Quarkus on its own classpath.
 */
final class Roles {

    static final String PATH = "jakarta.ws.rs.Path";
    static final String PROVIDER = "jakarta.ws.rs.ext.Provider";
    static final Set<String> RESTEASY_EDGE_METHODS = Set.of(
            "org.jboss.resteasy.reactive.server.ServerExceptionMapper",
            "org.jboss.resteasy.reactive.server.ServerRequestFilter",
            "org.jboss.resteasy.reactive.server.ServerResponseFilter");
    static final String TRANSACTIONAL = "jakarta.transaction.Transactional";
    static final String SCHEDULED = "io.quarkus.scheduler.Scheduled";
    static final String CONFIG_MAPPING = "io.smallrye.config.ConfigMapping";
    static final String PANACHE_REPOSITORY = "io.quarkus.hibernate.orm.panache.PanacheRepositoryBase";
    static final String PANACHE_ENTITY = "io.quarkus.hibernate.orm.panache.PanacheEntityBase";
    static final String PANACHE_PACKAGE = "io.quarkus.hibernate.orm.panache";

    private Roles() {
    }

    static boolean annotated(JavaMember member, String annotation) {
        return member.tryGetAnnotationOfType(annotation).isPresent();
    }

    /** A JAX-RS resource: {@code @Path} on the class or on one of its methods (sub-resource locators included). */
    static boolean isResource(JavaClass type) {
        return type.isAnnotatedWith(PATH) || type.getMethods().stream().anyMatch(method -> annotated(method, PATH));
    }

    /**
     * The HTTP edge, where JAX-RS types belong: resources, providers, RESTEasy Reactive filters and
     * exception mappers, and classes nested in any of them.
     */
    static boolean isWebEdge(JavaClass type) {
        if (isResource(type) || type.isAnnotatedWith(PROVIDER)
                || type.getMethods().stream().anyMatch(method -> RESTEASY_EDGE_METHODS.stream().anyMatch(a -> annotated(method, a)))) {
            return true;
        }
        return type.getEnclosingClass().map(Roles::isWebEdge).orElse(false);
    }

    static boolean isRepository(JavaClass type) {
        return type.isAssignableTo(PANACHE_REPOSITORY)
                || (type.getPackageName().startsWith("org.kidsafe.") && type.getSimpleName().endsWith("Repository"));
    }

    static boolean isTransactional(JavaMethod method) {
        return annotated(method, TRANSACTIONAL) || method.getOwner().isAnnotatedWith(TRANSACTIONAL);
    }

    static final DescribedPredicate<JavaClass> RESOURCES =
            DescribedPredicate.describe("are JAX-RS resources (@Path)", Roles::isResource);

    static final DescribedPredicate<JavaClass> OUTSIDE_THE_WEB_EDGE =
            DescribedPredicate.describe("are not resources, JAX-RS providers or filters", type -> !isWebEdge(type));

    static final DescribedPredicate<JavaMethod> TRANSACTIONAL_METHODS =
            DescribedPredicate.describe("are @Transactional (on the method or its class)", Roles::isTransactional);

    static final DescribedPredicate<JavaMethod> SCHEDULED_METHODS =
            DescribedPredicate.describe("are @Scheduled", method -> annotated(method, SCHEDULED));

    static final DescribedPredicate<JavaClass> CONFIG_MAPPINGS =
            DescribedPredicate.describe("are @ConfigMapping interfaces", type -> type.isAnnotatedWith(CONFIG_MAPPING));

    /**
     * Exemptions are named {@code SimpleClassName} or {@code SimpleClassName.method}, so they survive package
     * moves; a class's exemption covers the classes nested in it.
     */
    static DescribedPredicate<JavaClass> notNamedIn(Set<String> simpleNames) {
        return DescribedPredicate.describe("are not exempt " + simpleNames, type -> !isNamedIn(type, simpleNames));
    }

    static boolean isNamedIn(JavaClass type, Set<String> simpleNames) {
        return simpleNames.contains(type.getSimpleName())
                || type.getEnclosingClass().map(outer -> isNamedIn(outer, simpleNames)).orElse(false);
    }

    /** A method exemption is {@code SimpleClassName[.method]}, or {@code full.ClassName.method} where simple names clash. */
    static DescribedPredicate<JavaMethod> methodNotNamedIn(Set<String> names) {
        return DescribedPredicate.describe("are not exempt " + names, method -> !names.contains(method.getOwner().getSimpleName())
                && !names.contains(method.getOwner().getSimpleName() + "." + method.getName())
                && !names.contains(method.getOwner().getName() + "." + method.getName()));
    }
}
