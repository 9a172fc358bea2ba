package io.escrowledger.api.web;

import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.projections.audit.BrokenChainException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.Map;

/**
 * Turns every failure into an RFC 9457 problem document with a stable {@code code}, the request id, and for validation
 * errors the list of invalid fields. Spring MVC's own exceptions (unreadable JSON, wrong method, unknown route...)
 * arrive through {@link ResponseEntityExceptionHandler} and get codes too; anything unforeseen is a logged 500.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<Object> domainRule(DomainException exception, HttpServletRequest request) {
        return problem(ApiError.of(exception.errorCode()), exception.getMessage(), request, exception.details());
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> apiRule(ApiException exception, HttpServletRequest request) {
        return problem(exception.error(), exception.getMessage(), request, Map.of());
    }

    @ExceptionHandler(RequestValidationException.class)
    ResponseEntity<Object> invalidRequest(RequestValidationException exception, HttpServletRequest request) {
        return problem(ApiError.VALIDATION_FAILED, "The request has invalid fields", request,
                Map.of("errors", exception.violations()));
    }

    /** Tomcat could not decode the query string (bad percent-encoding, say). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> unreadableParameters(InvalidParameterException exception, HttpServletRequest request) {
        return problem(ApiError.MALFORMED_REQUEST, "The query string could not be read: check its percent-encoding",
                request, Map.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception exception, HttpServletRequest request) {
        return switch (ApiError.of(exception)) {
            case CONCURRENT_MODIFICATION -> problem(ApiError.CONCURRENT_MODIFICATION,
                    "Another request changed this resource at the same time; read it again and retry if still needed",
                    request, Map.of());
            case SERVICE_UNAVAILABLE -> {
                DatabaseFailures.warn(exception, request);
                yield problem(ApiError.SERVICE_UNAVAILABLE, DatabaseFailures.DETAIL, request, Map.of());
            }
            case HISTORY_INTEGRITY_FAILURE -> {
                log.error("Refused to build on a damaged stored history on {} {}: {}", request.getMethod(),
                        request.getRequestURI(), BrokenChainException.causing(exception).orElseThrow().getMessage());
                yield problem(ApiError.HISTORY_INTEGRITY_FAILURE, "The stored history this request needs (an escrow's "
                        + "or a vault's) fails its integrity check; nothing was changed. The operator has been alerted "
                        + "in the logs", request, Map.of());
            }
            default -> {
                log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), exception);
                yield problem(ApiError.INTERNAL_ERROR,
                        "The service failed unexpectedly; the request id identifies it in our logs", request, Map.of());
            }
        };
    }

    /** Spring MVC's own exceptions: keep Spring's status, add our code. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest webRequest) {
        HttpServletRequest request = ((ServletWebRequest) webRequest).getRequest();
        ApiError error = frameworkError(exception, statusCode);
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null
                ? problem.getDetail() : error.title();
        if (error == ApiError.MALFORMED_REQUEST) {
            detail = "The request body or parameters could not be read: check the JSON syntax, field types and enum values";
        }
        ResponseEntity<Object> response = problem(error, detail, request, Map.of());
        return ResponseEntity.status(response.getStatusCode())
                             .headers(headers)
                             .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                             .body(response.getBody());
    }

    private static ApiError frameworkError(Exception exception, HttpStatusCode status) {
        if (exception instanceof NoResourceFoundException) {
            return ApiError.NOT_FOUND;
        }
        if (exception instanceof HttpRequestMethodNotSupportedException) {
            return ApiError.METHOD_NOT_ALLOWED;
        }
        if (exception instanceof HttpMediaTypeNotSupportedException) {
            return ApiError.UNSUPPORTED_MEDIA_TYPE;
        }
        if (exception instanceof HttpMediaTypeNotAcceptableException) {
            return ApiError.NOT_ACCEPTABLE;
        }
        return switch (status.value()) {
            case 404 -> ApiError.NOT_FOUND;
            case 413 -> ApiError.PAYLOAD_TOO_LARGE;
            case 503 -> ApiError.SERVICE_UNAVAILABLE;
            default -> status.is4xxClientError() ? ApiError.MALFORMED_REQUEST : ApiError.INTERNAL_ERROR;
        };
    }

    private static ResponseEntity<Object> problem(ApiError error, String detail, HttpServletRequest request,
                                                  Map<String, ?> extra) {
        return ResponseEntity.status(error.status())
                             .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                             .body(Problems.of(error, detail, request, extra));
    }
}
