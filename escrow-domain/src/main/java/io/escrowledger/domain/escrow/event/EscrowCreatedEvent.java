package io.escrowledger.domain.escrow.event;

import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.escrow.value.PlatformFee;
import io.escrowledger.domain.escrow.value.ReleaseCondition;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.Metadata;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The escrow's terms. Revision 2 added the release condition and the expiry; a revision 1 event reads with both null,
 * which is what it meant. Revision 3 lets the condition's details be any JSON value, kept exactly, where revision 2 held
 * strings only: a revision 2 event reads unchanged (EventContractTest keeps both true). Each condition field may be
 * absent since revision 3 (ReleaseCondition says what that means). Revision 4 added the platform's fee: the escrow's
 * fee terms ({@code platformFee}, null for none) and each milestone's own terms and worked-out fee (MilestoneTerms);
 * earlier events read with no fee, which is what they meant. Revision 6 gave each milestone an optional
 * {@code inspectionPeriodHours}; earlier events read with it null (no automatic release after delivery). Revision 7
 * is both together (4 and 6 were built side by side; their fixtures still read). Revision 8 added
 * {@code testClockId}, the test clock the escrow runs on (docs/api.md, "Test clocks"); earlier events read with it null:
 * real time. Revision 9 added the integrator's {@code metadata} and each milestone's ({@code milestoneMetadata}, by
 * milestone id, only milestones that have some); earlier events read with none.
 */
@Revision("9")
public record EscrowCreatedEvent(String escrowId,
                                 String integratorId,
                                 String externalId,
                                 Money totalAmount,
                                 List<MilestoneTerms> milestones,
                                 ReleaseCondition releaseCondition,
                                 Instant expiresAt,
                                 Instant createdAt,
                                 PlatformFee platformFee,
                                 String testClockId,
                                 Map<String, String> metadata,
                                 Map<String, Map<String, String>> milestoneMetadata) implements EscrowEvent {

    public EscrowCreatedEvent {
        milestones = List.copyOf(milestones);
        metadata = Metadata.of(metadata);
        milestoneMetadata = Collections.unmodifiableMap(Metadata.ofEach(milestoneMetadata));
    }

    /** Terms without metadata. */
    public EscrowCreatedEvent(String escrowId, String integratorId, String externalId, Money totalAmount,
                              List<MilestoneTerms> milestones, ReleaseCondition releaseCondition, Instant expiresAt,
                              Instant createdAt, PlatformFee platformFee, String testClockId) {
        this(escrowId, integratorId, externalId, totalAmount, milestones, releaseCondition, expiresAt, createdAt,
                platformFee, testClockId, null, null);
    }

    /** Terms on real time, without metadata. */
    public EscrowCreatedEvent(String escrowId, String integratorId, String externalId, Money totalAmount,
                              List<MilestoneTerms> milestones, ReleaseCondition releaseCondition, Instant expiresAt,
                              Instant createdAt, PlatformFee platformFee) {
        this(escrowId, integratorId, externalId, totalAmount, milestones, releaseCondition, expiresAt, createdAt,
                platformFee, null);
    }

    /** Terms without a platform fee. */
    public EscrowCreatedEvent(String escrowId, String integratorId, String externalId, Money totalAmount,
                              List<MilestoneTerms> milestones, ReleaseCondition releaseCondition, Instant expiresAt,
                              Instant createdAt) {
        this(escrowId, integratorId, externalId, totalAmount, milestones, releaseCondition, expiresAt, createdAt,
                null);
    }
}
