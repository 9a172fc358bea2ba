package io.escrowledger.api;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The domain stays free of Spring, SQL and HTTP, and the modules depend one way: api -> projections -> domain. Inside
 * each module no two packages depend on each other, the API's web layer knows no feature, and only webhook delivery
 * reaches out over the network.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // the projections' shared test support
            .importPackages("io.escrowledger");

    /** How the service reaches others' servers: HTTP clients, and the names and addresses it connects to. */
    private static final DescribedPredicate<JavaClass> OUTBOUND_NETWORK = resideInAnyPackage("org.apache.hc..",
            "java.net.http..").or(belongToAnyOf(InetAddress.class, Socket.class, HttpURLConnection.class, URL.class))
            .as("an HTTP client, a socket or an address to connect to");

    @Test
    void domainUsesNoSpringJdbcOrHttp() {
        noClasses().that().resideInAPackage("io.escrowledger.domain..")
                   .should().dependOnClassesThat().resideInAnyPackage(
                           "org.springframework..", "java.sql..", "javax.sql..", "jakarta.servlet..",
                           "jakarta.persistence..", "java.net.http..", "org.axonframework.spring..")
                   .check(CLASSES);
    }

    @Test
    void domainDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("io.escrowledger.domain..")
                   .should().dependOnClassesThat().resideInAnyPackage("io.escrowledger.projections..",
                           "io.escrowledger.api..", "io.escrowledger.boot..")
                   .check(CLASSES);
    }

    @Test
    void projectionsDoNotDependOnTheApi() {
        noClasses().that().resideInAPackage("io.escrowledger.projections..")
                   .should().dependOnClassesThat().resideInAnyPackage("io.escrowledger.api..", "io.escrowledger.boot..")
                   .check(CLASSES);
    }

    @Test
    void projectionsServeNoHttp() {
        noClasses().that().resideInAPackage("io.escrowledger.projections..")
                   .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
                   .check(CLASSES);
    }

    /** Every package of a module is a slice: a cycle between any two of them, at any depth, fails. */
    @ParameterizedTest
    @ValueSource(strings = {"domain", "projections", "api"})
    void noPackageCyclesInsideAModule(String module) {
        slices().matching("io.escrowledger." + module + ".(**)")
                .should().beFreeOfCycles()
                .check(CLASSES);
    }

    /**
     * {@code api.web} is the HTTP layer every other package of the API builds on (problem documents, the request
     * context, validation, ids): it depends on none of them, neither a feature (escrow, vault, audit ...) nor the
     * command, security or idempotency layers.
     */
    @Test
    void theWebLayerDependsOnNoOtherApiPackage() {
        noClasses().that().resideInAPackage("io.escrowledger.api.web..")
                   .should().dependOnClassesThat(resideInAPackage("io.escrowledger.api..")
                           .and(resideOutsideOfPackage("io.escrowledger.api.web..")).as("another package of the API"))
                   .check(CLASSES);
    }

    @Test
    void readModelsUseNoOutboundNetwork() {
        noClasses().that().resideInAPackage("io.escrowledger.projections..")
                   .and().resideOutsideOfPackage("io.escrowledger.projections.webhook.delivery..")
                   .should().dependOnClassesThat(OUTBOUND_NETWORK)
                   .check(CLASSES);
    }
}
