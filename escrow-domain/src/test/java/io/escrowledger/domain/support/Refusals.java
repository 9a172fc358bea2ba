package io.escrowledger.domain.support;

import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;

import java.util.function.Predicate;

/** Assertions that a command was refused by the rules: with which error, and with nothing recorded. */
public final class Refusals {

    private Refusals() {
    }

    public static void expectRefused(ResultValidator<?> result, ErrorCode code) {
        result.expectNoEvents()
              .expectException(matching("error code " + code, exception -> exception.errorCode() == code));
    }

    public static Matcher<DomainException> matching(String description, Predicate<DomainException> check) {
        return new CustomTypeSafeMatcher<>(description) {
            @Override
            protected boolean matchesSafely(DomainException exception) {
                return check.test(exception);
            }
        };
    }
}
