package io.escrowledger.domain.escrow.command;

import io.escrowledger.domain.escrow.value.FundingSource;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.PlatformFee;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.money.Money;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Create an escrow with its milestones, funded from a vault at once when {@code funding} names one (otherwise the
 * integrator declares the funds held later). The id and the time come from the caller, never from the aggregate.
 *
 * @param releaseCondition what releases the money besides the integrator's own call; null for none
 * @param expiresAt        when what is still held is refunded; null for never (a vault-funded escrow then expires
 *                         after EscrowCreationPolicy.DEFAULT_VAULT_EXPIRY)
 * @param platformFee      the platform's fee on the milestones without fee terms of their own; null for none
 * @param testClockId      the test clock the escrow runs on; null for real time
 * @param metadata         the integrator's key/value pairs on the escrow (Metadata's rules); empty for none
 * @param milestoneMetadata each milestone's pairs, by milestone id; empty for none
 */
public record CreateEscrowCommand(String escrowId,
                                  String integratorId,
                                  String externalId,
                                  Money totalAmount,
                                  List<MilestoneTerms> milestones,
                                  FundingSource funding,
                                  ReleaseCondition releaseCondition,
                                  Instant expiresAt,
                                  Instant requestedAt,
                                  PlatformFee platformFee,
                                  String testClockId,
                                  Map<String, String> metadata,
                                  Map<String, Map<String, String>> milestoneMetadata) {

    public CreateEscrowCommand {
        milestones = List.copyOf(milestones);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        milestoneMetadata = milestoneMetadata == null ? Map.of() : Map.copyOf(milestoneMetadata);
    }

    /** An escrow without metadata. */
    public CreateEscrowCommand(String escrowId, String integratorId, String externalId, Money totalAmount,
                               List<MilestoneTerms> milestones, FundingSource funding,
                               ReleaseCondition releaseCondition, Instant expiresAt, Instant requestedAt,
                               PlatformFee platformFee, String testClockId) {
        this(escrowId, integratorId, externalId, totalAmount, milestones, funding, releaseCondition, expiresAt,
                requestedAt, platformFee, testClockId, null, null);
    }

    /** An escrow on real time, without metadata. */
    public CreateEscrowCommand(String escrowId, String integratorId, String externalId, Money totalAmount,
                               List<MilestoneTerms> milestones, FundingSource funding,
                               ReleaseCondition releaseCondition, Instant expiresAt, Instant requestedAt,
                               PlatformFee platformFee) {
        this(escrowId, integratorId, externalId, totalAmount, milestones, funding, releaseCondition, expiresAt,
                requestedAt, platformFee, null);
    }

    /** An escrow without a platform fee. */
    public CreateEscrowCommand(String escrowId, String integratorId, String externalId, Money totalAmount,
                               List<MilestoneTerms> milestones, FundingSource funding,
                               ReleaseCondition releaseCondition, Instant expiresAt, Instant requestedAt) {
        this(escrowId, integratorId, externalId, totalAmount, milestones, funding, releaseCondition, expiresAt,
                requestedAt, null, null);
    }
}
