package io.escrowledger.api.web;

import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.projections.audit.BrokenChainException;
import org.springframework.http.HttpStatus;

import java.util.Locale;

/**
 * Every error code the API answers with, and its HTTP status: the one place where codes meet statuses. Domain codes
 * come from {@link ErrorCode}; the rest belong to the HTTP layer. docs/errors.md lists them all.
 */
public enum ApiError {
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
    VALIDATION_FAILED(HttpStatus.UNPROCESSABLE_CONTENT, "Validation failed"),
    MILESTONES_SUM_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, "Milestones do not add up to the total amount"),
    DUPLICATE_EXTERNAL_ID(HttpStatus.CONFLICT, "External id already used"),
    ESCROW_NOT_FOUND(HttpStatus.NOT_FOUND, "Escrow not found"),
    MILESTONE_NOT_FOUND(HttpStatus.NOT_FOUND, "Milestone not found"),
    INVALID_STATE_TRANSITION(HttpStatus.CONFLICT, "Invalid state transition"),
    PAYMENT_REFERENCE_CONFLICT(HttpStatus.CONFLICT, "Funds already declared with another payment reference"),
    DISPUTE_NOT_FOUND(HttpStatus.NOT_FOUND, "Dispute not found"),
    EVIDENCE_LOCKED(HttpStatus.CONFLICT, "Evidence locked"),
    EVIDENCE_NOT_LOCKED(HttpStatus.CONFLICT, "Evidence not locked yet"),
    VAULT_NOT_FOUND(HttpStatus.NOT_FOUND, "Vault not found"),
    VAULT_FROZEN(HttpStatus.CONFLICT, "Vault frozen"),
    INSUFFICIENT_BALANCE(HttpStatus.CONFLICT, "Insufficient balance"),
    CURRENCY_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, "Currency mismatch"),
    REFERENCE_CONFLICT(HttpStatus.CONFLICT, "Reference already used"),
    ESCROW_EXPIRED(HttpStatus.CONFLICT, "Escrow expired"),
    RELEASE_CONDITION_MISMATCH(HttpStatus.CONFLICT, "The escrow has another release condition"),
    UNKNOWN_APPROVER(HttpStatus.UNPROCESSABLE_CONTENT, "Not one of the escrow's approvers"),
    UNKNOWN_ORACLE(HttpStatus.UNPROCESSABLE_CONTENT, "Not the escrow's oracle"),
    ESCROW_FROZEN(HttpStatus.CONFLICT, "Escrow frozen after a payment reversal"),
    PAYOUT_NOT_FOUND(HttpStatus.NOT_FOUND, "Payout not found"),
    PAYOUT_PARTY_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, "Not the payout's party"),
    AMOUNT_EXCEEDS_HELD(HttpStatus.UNPROCESSABLE_CONTENT, "Amount exceeds what the milestone holds"),
    /** The /subcent API's refusal of an amount or of an action in the escrow's current status. */
    POLICY_VIOLATION(HttpStatus.UNPROCESSABLE_CONTENT, "Policy violation"),
    /** The /subcent API's answer to a release or refund of an escrow whose money was released. */
    ESCROW_ALREADY_RELEASED(HttpStatus.CONFLICT, "Escrow already released"),
    WEBHOOK_ENDPOINT_NOT_FOUND(HttpStatus.NOT_FOUND, "Webhook endpoint not found"),
    WEBHOOK_DELIVERY_NOT_FOUND(HttpStatus.NOT_FOUND, "Webhook delivery not found"),
    TEST_CLOCK_NOT_FOUND(HttpStatus.NOT_FOUND, "Test clock not found"),
    /** Test clocks are switched off on this deployment (escrow.test-clocks.enabled=false). */
    TEST_CLOCKS_DISABLED(HttpStatus.NOT_FOUND, "Test clocks are switched off"),
    /** A test clock only moves forward. */
    TEST_CLOCK_BACKWARDS(HttpStatus.UNPROCESSABLE_CONTENT, "A test clock cannot go back"),
    CONCURRENT_MODIFICATION(HttpStatus.CONFLICT, "Concurrent modification"),
    MISSING_CREDENTIALS(HttpStatus.UNAUTHORIZED, "Missing credentials"),
    INVALID_API_KEY(HttpStatus.UNAUTHORIZED, "Invalid API key"),
    TIMESTAMP_OUT_OF_WINDOW(HttpStatus.UNAUTHORIZED, "Timestamp out of window"),
    NONCE_REUSED(HttpStatus.UNAUTHORIZED, "Nonce reused"),
    INVALID_SIGNATURE(HttpStatus.UNAUTHORIZED, "Invalid signature"),
    INVALID_ADMIN_TOKEN(HttpStatus.UNAUTHORIZED, "Invalid admin token"),
    INVALID_DASHBOARD_TOKEN(HttpStatus.UNAUTHORIZED, "Invalid dashboard token"),
    INVALID_METRICS_TOKEN(HttpStatus.UNAUTHORIZED, "Invalid metrics token"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused"),
    REQUEST_IN_PROGRESS(HttpStatus.CONFLICT, "Request in progress"),
    INTEGRATOR_NOT_FOUND(HttpStatus.NOT_FOUND, "Integrator not found"),
    API_KEY_NOT_FOUND(HttpStatus.NOT_FOUND, "API key not found"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    HISTORY_INTEGRITY_FAILURE(HttpStatus.INTERNAL_SERVER_ERROR, "History integrity failure"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String title;

    ApiError(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public static ApiError of(ErrorCode code) {
        return switch (code) {
            case VALIDATION_FAILED -> VALIDATION_FAILED;
            case MILESTONES_SUM_MISMATCH -> MILESTONES_SUM_MISMATCH;
            case DUPLICATE_EXTERNAL_ID -> DUPLICATE_EXTERNAL_ID;
            case ESCROW_NOT_FOUND -> ESCROW_NOT_FOUND;
            case MILESTONE_NOT_FOUND -> MILESTONE_NOT_FOUND;
            case INVALID_STATE_TRANSITION -> INVALID_STATE_TRANSITION;
            case PAYMENT_REFERENCE_CONFLICT -> PAYMENT_REFERENCE_CONFLICT;
            case DISPUTE_NOT_FOUND -> DISPUTE_NOT_FOUND;
            case EVIDENCE_LOCKED -> EVIDENCE_LOCKED;
            case EVIDENCE_NOT_LOCKED -> EVIDENCE_NOT_LOCKED;
            case VAULT_NOT_FOUND -> VAULT_NOT_FOUND;
            case VAULT_FROZEN -> VAULT_FROZEN;
            case INSUFFICIENT_BALANCE -> INSUFFICIENT_BALANCE;
            case CURRENCY_MISMATCH -> CURRENCY_MISMATCH;
            case REFERENCE_CONFLICT -> REFERENCE_CONFLICT;
            case ESCROW_EXPIRED -> ESCROW_EXPIRED;
            case RELEASE_CONDITION_MISMATCH -> RELEASE_CONDITION_MISMATCH;
            case UNKNOWN_APPROVER -> UNKNOWN_APPROVER;
            case UNKNOWN_ORACLE -> UNKNOWN_ORACLE;
            case ESCROW_FROZEN -> ESCROW_FROZEN;
            case PAYOUT_NOT_FOUND -> PAYOUT_NOT_FOUND;
            case PAYOUT_PARTY_MISMATCH -> PAYOUT_PARTY_MISMATCH;
            case AMOUNT_EXCEEDS_HELD -> AMOUNT_EXCEEDS_HELD;
        };
    }

    /**
     * The error a failure is answered with: the one rule shared by {@link ApiExceptionHandler} and the command metrics,
     * so a command's counted outcome is the code its caller saw.
     */
    public static ApiError of(Throwable failure) {
        if (failure instanceof DomainException domain) {
            return of(domain.errorCode());
        }
        if (failure instanceof ApiException api) {
            return api.error();
        }
        if (failure instanceof RequestValidationException) {
            return VALIDATION_FAILED;
        }
        // The same rule CommandDispatcher retries on: once its attempts are spent, the caller is told to retry.
        if (DatabaseFailures.lostRace(failure)) {
            return CONCURRENT_MODIFICATION;
        }
        if (DatabaseFailures.unavailable(failure)) {
            return SERVICE_UNAVAILABLE;
        }
        return BrokenChainException.causing(failure).isPresent() ? HISTORY_INTEGRITY_FAILURE : INTERNAL_ERROR;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
