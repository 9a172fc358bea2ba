package io.escrowledger.api.escrow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.escrowledger.domain.escrow.OracleOutcome;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The JSON bodies integrators send, field for field as in the quick-start guide (snake_case on the wire).
 * Everything is nullable here: missing fields are reported together by {@link EscrowRequestValidator}.
 */
final class EscrowRequests {

    private EscrowRequests() {
    }

    /**
     * @param releaseCondition {@code {"type": ..., ...}}, read by {@link ConditionRequests}
     * @param expiresInHours   an alternative to {@code expires_at}, counted from the request
     */
    record CreateEscrow(String externalId, String currency, Long totalAmount, List<Milestone> milestones,
                        Funding funding, String clientId, String contractorId, JsonNode releaseCondition,
                        String expiresAt, BigDecimal expiresInHours) {
    }

    /** Fund the escrow from a vault at creation. */
    record Funding(String vaultId) {
    }

    record Milestone(String milestoneId, Long amount, String deadline) {
    }

    record PaymentStatus(String externalPaymentRef, DeclaredStatus status, String declaredAt) {
    }

    enum DeclaredStatus {
        FUNDS_HELD
    }

    record Deliverable(String milestoneId, Reference reference) {
    }

    record Reference(ReferenceType type, String provider, String uri, String contentHash) {
    }

    enum ReferenceType {
        @JsonProperty("external_reference") EXTERNAL_REFERENCE;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Approval(String approverId) {
    }

    record OracleConfirmation(String oracleId, OracleOutcomeName outcome) {
    }

    /** The wire names of an oracle's outcomes. */
    enum OracleOutcomeName {
        @JsonProperty("confirmed") CONFIRMED(OracleOutcome.CONFIRMED),
        @JsonProperty("rejected") REJECTED(OracleOutcome.REJECTED);

        private final OracleOutcome domain;

        OracleOutcomeName(OracleOutcome domain) {
            this.domain = domain;
        }

        OracleOutcome domain() {
            return domain;
        }
    }

    record DeliveryConfirmation(String confirmedBy) {
    }

    /** Body of release and refund; optional, and without a milestone id every held milestone is meant. */
    record MoveFunds(String milestoneId) {
    }
}
