package io.escrowledger.domain.escrow.policy;

import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.port.ExternalIdRegistry;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an escrow's terms must be at creation: its milestones, its expiry, its release condition (whose type's own
 * rules are {@link ReleaseConditionPolicy}'s) and an external id no other escrow of the integrator has. Checked in this
 * order, so the first broken rule is the one refused.
 */
public final class EscrowCreationPolicy {

    public static final int MAX_MILESTONES = 100;
    /** How long a vault-funded escrow holds the vault's money when the integrator names no expiry. */
    public static final Duration DEFAULT_VAULT_EXPIRY = Duration.ofHours(24);
    /** The longest inspection period a milestone may name: a year. */
    public static final int MAX_INSPECTION_PERIOD_HOURS = 8760;

    private EscrowCreationPolicy() {
    }

    /**
     * Refuses terms that break a rule; claims the external id last, in the creation's transaction.
     *
     * @return the escrow's expiry: the one asked for, a vault-funded escrow's default when none is, or null for never
     */
    public static Instant requireValid(CreateEscrowCommand command, ExternalIdRegistry externalIds) {
        requireValidMilestones(command.totalAmount(), command.milestones());
        Instant expiry = expiry(command);
        ReleaseCondition condition = command.releaseCondition();
        if (condition != null) {
            ReleaseConditionPolicy.of(condition.type()).requireValidTerms(condition, command.requestedAt(), expiry);
        }
        if (command.externalId() != null) {
            externalIds.claim(command.integratorId(), command.externalId(), command.escrowId())
                       .ifPresent(existing -> {
                           throw new DomainException(ErrorCode.DUPLICATE_EXTERNAL_ID,
                                   "External id " + command.externalId() + " is already used by escrow " + existing,
                                   Map.of("existing_escrow_id", existing));
                       });
        }
        return expiry;
    }

    /** The expiry asked for; a vault-funded escrow without one expires after a day, so no vault is held forever. */
    private static Instant expiry(CreateEscrowCommand command) {
        Instant expiry = command.expiresAt();
        if (expiry == null && command.funding() != null) {
            expiry = command.requestedAt().plus(DEFAULT_VAULT_EXPIRY);
        }
        if (expiry != null && !expiry.isAfter(command.requestedAt())) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "The expiry " + expiry + " is not in the future");
        }
        return expiry;
    }

    private static void requireValidMilestones(Money totalAmount, List<MilestoneTerms> terms) {
        if (terms.isEmpty() || terms.size() > MAX_MILESTONES) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "An escrow has 1 to " + MAX_MILESTONES + " milestones");
        }
        Set<String> ids = new HashSet<>();
        // At most MAX_MILESTONES amounts of at most 2^53 each: the long sum cannot overflow.
        long sum = 0;
        for (MilestoneTerms milestone : terms) {
            if (!ids.add(milestone.milestoneId())) {
                throw new DomainException(ErrorCode.VALIDATION_FAILED,
                        "Milestone id " + milestone.milestoneId() + " is used twice");
            }
            if (milestone.amount().isZero() || !milestone.amount().currency().equals(totalAmount.currency())) {
                throw new DomainException(ErrorCode.VALIDATION_FAILED,
                        "Milestone " + milestone.milestoneId() + " needs a positive amount in "
                        + totalAmount.currency());
            }
            Integer inspection = milestone.inspectionPeriodHours();
            if (inspection != null && (inspection < 1 || inspection > MAX_INSPECTION_PERIOD_HOURS)) {
                throw new DomainException(ErrorCode.VALIDATION_FAILED, "Milestone " + milestone.milestoneId()
                        + " needs an inspection period of 1 to " + MAX_INSPECTION_PERIOD_HOURS + " hours");
            }
            sum += milestone.amount().minorUnits();
        }
        if (sum != totalAmount.minorUnits()) {
            throw new DomainException(ErrorCode.MILESTONES_SUM_MISMATCH, "The milestones add up to " + sum
                    + ", not to the total amount " + totalAmount.minorUnits());
        }
    }
}
