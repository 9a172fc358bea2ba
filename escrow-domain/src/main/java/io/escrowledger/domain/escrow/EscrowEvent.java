package io.escrowledger.domain.escrow;

/**
 * Everything that can happen to an escrow. Sealed, so a switch over an escrow's events is checked for completeness.
 * Each event's serialized form is a contract (see the approved JSON under src/test/resources/events): changing a shape
 * means a new {@code @Revision} and an upcaster.
 */
public sealed interface EscrowEvent permits EscrowCreatedEvent, FundsHeldEvent, DeliverableSubmittedEvent,
        MilestoneReleasedEvent, MilestoneRefundedEvent, EscrowClosedEvent, DisputeOpenedEvent, EvidenceSubmittedEvent,
        EvidenceLockedEvent, RecommendationIssuedEvent, DisputeResolvedEvent, EscrowFundedFromVaultEvent, EscrowExpiredEvent,
        MilestoneOverdueEvent, ReleaseApprovedEvent, OracleReportedEvent, DeliveryConfirmedEvent,
        ReleaseConditionMetEvent {

    String escrowId();
}
