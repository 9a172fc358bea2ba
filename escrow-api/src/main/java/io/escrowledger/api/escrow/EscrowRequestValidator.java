package io.escrowledger.api.escrow;

import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.policy.EscrowCreationPolicy;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.FeeRounding;
import io.escrowledger.domain.escrow.value.FundingSource;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.OracleOutcome;
import io.escrowledger.domain.escrow.value.PlatformFee;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the shape of escrow requests and turns them into domain values. Business rules that need the escrow (state,
 * sums, ownership) are the aggregate's; this checks only what can be judged from the request alone.
 */
final class EscrowRequestValidator {

    private static final Pattern MILESTONE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern CONTENT_HASH = Pattern.compile("[a-z0-9-]{1,32}:[\\x21-\\x7e]{1,512}");
    private static final String MILESTONE_ID_SHAPE = "1 to 64 characters of letters, digits, '_', '.', ':' or '-'";

    private EscrowRequestValidator() {
    }

    record ValidEscrow(String externalId, Money totalAmount, List<MilestoneTerms> milestones, FundingSource funding,
                       ReleaseCondition releaseCondition, Instant expiresAt, PlatformFee platformFee,
                       Map<String, String> metadata, Map<String, Map<String, String>> milestoneMetadata) {
    }

    record ValidPaymentStatus(String externalPaymentRef, EscrowRequests.DeclaredStatus status, String reason,
                              Instant declaredAt) {
    }

    record ValidDeliverable(String milestoneId, ExternalReference reference) {
    }

    static ValidEscrow create(EscrowRequests.CreateEscrow request, Instant now) {
        Validator check = new Validator();
        String externalId = check.text("external_id", request.externalId(), 1, 128);
        String currency = check.currency("currency", request.currency());
        Long total = check.amount("total_amount", request.totalAmount());
        Integer escrowInspection = inspectionPeriod(check, "inspection_period_hours", request.inspectionPeriodHours());
        List<MilestoneTerms> milestones = new ArrayList<>();
        Map<String, Map<String, String>> milestoneMetadata = new HashMap<>();
        if (check.present("milestones", request.milestones())) {
            if (request.milestones().isEmpty() || request.milestones().size() > EscrowCreationPolicy.MAX_MILESTONES) {
                check.reject("milestones", "must hold 1 to " + EscrowCreationPolicy.MAX_MILESTONES + " milestones");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < request.milestones().size(); i++) {
                String path = "milestones[" + i + "]";
                EscrowRequests.Milestone milestone = request.milestones().get(i);
                if (!check.present(path, milestone)) {
                    continue;
                }
                String id = check.matching(path + ".milestone_id", milestone.milestoneId(), MILESTONE_ID,
                        MILESTONE_ID_SHAPE);
                if (id != null && !seen.add(id)) {
                    check.reject(path + ".milestone_id", "must be unique within the escrow");
                }
                Long amount = check.amount(path + ".amount", milestone.amount());
                Instant deadline = check.time(path + ".deadline", milestone.deadline(), false);
                Integer inspection = inspectionPeriod(check, path + ".inspection_period_hours",
                        milestone.inspectionPeriodHours());
                PlatformFee fee = platformFee(check, path + ".platform_fee", milestone.platformFee(), currency);
                Map<String, String> metadata = check.metadata(path + ".metadata", milestone.metadata());
                if (id != null && !metadata.isEmpty()) {
                    milestoneMetadata.put(id, metadata);
                }
                if (id != null && amount != null && currency != null) {
                    milestones.add(new MilestoneTerms(id, Money.of(amount, currency), deadline, fee, null,
                            inspection == null ? escrowInspection : inspection));
                }
            }
        }
        FundingSource funding = funding(check, request);
        ReleaseCondition condition = ConditionRequests.fromObject(check, "release_condition", request.releaseCondition());
        // Without an expiry of its own, a vault-funded escrow gets the aggregate's default.
        Instant expiresAt = ConditionRequests.expiry(check, request.expiresAt(), request.expiresInHours(), now);
        PlatformFee platformFee = platformFee(check, "platform_fee", request.platformFee(), currency);
        Map<String, String> metadata = check.metadata("metadata", request.metadata());
        check.throwIfInvalid();
        if (funding != null && !Ids.VAULT.isWellFormed(funding.vaultId())) {
            throw new DomainException(ErrorCode.VAULT_NOT_FOUND, "No vault " + funding.vaultId());
        }
        return new ValidEscrow(externalId, Money.of(total, currency), milestones, funding, condition, expiresAt,
                platformFee, metadata, milestoneMetadata);
    }

    /**
     * Fee terms: a fixed {@code amount}, or {@code basis_points} with an optional {@code rounding}; null (and
     * reported) when invalid, null when absent. Whether the fee fits what it is taken from is the aggregate's rule.
     */
    static PlatformFee platformFee(Validator check, String field, EscrowRequests.PlatformFee given, String currency) {
        if (given == null) {
            return null;
        }
        if ((given.amount() == null) == (given.basisPoints() == null)) {
            check.reject(field, "must have either amount or basis_points");
            return null;
        }
        if (given.amount() != null) {
            if (given.rounding() != null) {
                check.reject(field + ".rounding", "applies to basis_points only");
            }
            Long amount = check.amount(field + ".amount", given.amount());
            return amount == null || currency == null ? null : PlatformFee.fixed(Money.of(amount, currency));
        }
        // No fee is no platform_fee: 0 is refused, as every amount of the API is (docs/api.md, Platform fees).
        if (given.basisPoints() < 1 || given.basisPoints() > PlatformFee.MAX_BASIS_POINTS) {
            check.reject(field + ".basis_points", "must be from 1 to " + PlatformFee.MAX_BASIS_POINTS);
            return null;
        }
        return PlatformFee.basisPoints(given.basisPoints(),
                given.rounding() == null ? FeeRounding.HALF_UP : given.rounding().domain());
    }

    /** An inspection period in whole hours, 1 to a year; null when none is given. */
    private static Integer inspectionPeriod(Validator check, String field, Integer hours) {
        if (hours != null && (hours < 1 || hours > EscrowCreationPolicy.MAX_INSPECTION_PERIOD_HOURS)) {
            check.reject(field, "must be 1 to " + EscrowCreationPolicy.MAX_INSPECTION_PERIOD_HOURS + " hours");
            return null;
        }
        return hours;
    }

    /** The vault that funds the escrow at creation, and the parties; null when the integrator holds the money. */
    private static FundingSource funding(Validator check, EscrowRequests.CreateEscrow request) {
        String clientId = check.partyId("client_id", request.clientId(), false);
        String contractorId = check.partyId("contractor_id", request.contractorId(), false);
        if (request.funding() == null) {
            if (request.clientId() != null || request.contractorId() != null) {
                check.reject("funding", "is required with client_id or contractor_id (they name a vault escrow's parties)");
            }
            return null;
        }
        String vaultId = request.funding().vaultId();
        if (!check.present("funding.vault_id", vaultId)) {
            return null;
        }
        // A vault id that cannot be one is reported as an unknown vault, after every invalid field (see create).
        return new FundingSource(vaultId, clientId, contractorId);
    }

    /** {@code declared_at} is optional, as in the seed: without it the money is declared held at {@code now}. */
    static ValidPaymentStatus paymentStatus(EscrowRequests.PaymentStatus request, Instant now) {
        Validator check = new Validator();
        String reference = check.text("external_payment_ref", request.externalPaymentRef(), 1, 255);
        check.present("status", request.status());
        String reason = null;
        if (request.status() == EscrowRequests.DeclaredStatus.FUNDS_HELD) {
            if (request.reason() != null) {
                check.reject("reason", "is only for PAYMENT_FAILED and FUNDS_REVERSED");
            }
        } else if (request.status() != null) {
            reason = check.text("reason", request.reason(), 1, 500);
        }
        Instant declaredAt = check.time("declared_at", request.declaredAt(), false);
        check.throwIfInvalid();
        return new ValidPaymentStatus(reference, request.status(), reason, declaredAt == null ? now : declaredAt);
    }

    /** @return the cancellation's reason */
    static String cancel(EscrowRequests.Cancel request) {
        Validator check = new Validator();
        String reason = request == null ? null : request.reason();
        reason = check.text("reason", reason, 1, 500);
        check.throwIfInvalid();
        return reason;
    }

    /** The metadata changes of an update: the escrow's, and each named milestone's. */
    record ValidMetadataChange(Map<String, String> metadata, Map<String, Map<String, String>> milestones) {
    }

    static ValidMetadataChange metadataChange(EscrowRequests.UpdateMetadata request) {
        Validator check = new Validator();
        if (request.metadata() == null && request.milestones() == null) {
            check.reject("metadata", "is required unless milestones is given");
        }
        Map<String, String> metadata = check.metadata("metadata", request.metadata());
        Map<String, Map<String, String>> milestones = new HashMap<>();
        if (request.milestones() != null) {
            request.milestones().forEach((milestoneId, changes) -> milestones.put(milestoneId,
                    check.metadata("milestones." + milestoneId, changes)));
        }
        check.throwIfInvalid();
        return new ValidMetadataChange(metadata, milestones);
    }

    static ValidDeliverable deliverable(EscrowRequests.Deliverable request) {
        Validator check = new Validator();
        String milestoneId = check.matching("milestone_id", request.milestoneId(), MILESTONE_ID, MILESTONE_ID_SHAPE);
        ExternalReference reference = reference(check, request.reference());
        check.throwIfInvalid();
        return new ValidDeliverable(milestoneId, reference);
    }

    /** A deliverable's or an evidence's {@code reference}; null (and reported) when invalid. */
    static ExternalReference reference(Validator check, EscrowRequests.Reference given) {
        if (!check.present("reference", given)) {
            return null;
        }
        check.present("reference.type", given.type());
        String provider = check.text("reference.provider", given.provider(), 1, 64);
        String uri = check.absoluteUri("reference.uri", given.uri(), 2048);
        String contentHash = check.matching("reference.content_hash", given.contentHash(), CONTENT_HASH,
                "algorithm:value, e.g. sha256:e3b0c442...");
        if (given.type() == null || provider == null || uri == null || contentHash == null) {
            return null;
        }
        return new ExternalReference(given.type().wireName(), provider, uri, contentHash);
    }

    static String approval(EscrowRequests.Approval request) {
        Validator check = new Validator();
        String approverId = check.partyId("approver_id", request.approverId(), true);
        check.throwIfInvalid();
        return approverId;
    }

    record ValidOracleReport(String oracleId, OracleOutcome outcome) {
    }

    static ValidOracleReport oracleReport(EscrowRequests.OracleConfirmation request) {
        Validator check = new Validator();
        String oracleId = check.partyId("oracle_id", request.oracleId(), true);
        check.present("outcome", request.outcome());
        check.throwIfInvalid();
        return new ValidOracleReport(oracleId, request.outcome().domain());
    }

    static String deliveryConfirmation(EscrowRequests.DeliveryConfirmation request) {
        Validator check = new Validator();
        String confirmedBy = check.text("confirmed_by", request.confirmedBy(), 1, 128);
        check.throwIfInvalid();
        return confirmedBy;
    }

    /**
     * What a release or refund pays out: the milestone (null: every milestone still held) and the part of it (null:
     * all it holds, in minor units of the escrow's currency, which the aggregate knows); and, for a refund, whether the
     * platform's fee is returned.
     */
    record ValidPayout(String milestoneId, Long amount, boolean returnFee) {
    }

    static ValidPayout release(EscrowRequests.MoveFunds request) {
        return request == null ? new ValidPayout(null, null, true)
                : payout(request.milestoneId(), request.amount(), true);
    }

    static ValidPayout refund(EscrowRequests.Refund request) {
        return request == null ? new ValidPayout(null, null, true)
                : payout(request.milestoneId(), request.amount(), request.refundFee() == null || request.refundFee());
    }

    private static ValidPayout payout(String requestedMilestone, Long requestedAmount, boolean returnFee) {
        Validator check = new Validator();
        String milestoneId = requestedMilestone == null ? null
                : check.matching("milestone_id", requestedMilestone, MILESTONE_ID, MILESTONE_ID_SHAPE);
        Long amount = requestedAmount == null ? null : check.amount("amount", requestedAmount);
        if (requestedAmount != null && requestedMilestone == null) {
            check.reject("amount", "needs milestone_id: a part is paid out of one milestone");
        }
        check.throwIfInvalid();
        return new ValidPayout(milestoneId, amount, returnFee);
    }
}
