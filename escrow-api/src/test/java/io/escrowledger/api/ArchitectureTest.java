package io.escrowledger.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The domain stays free of Spring, SQL and HTTP, and the modules depend one way: api -> projections -> domain. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.escrowledger");

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
}
