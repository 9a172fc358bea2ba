package io.escrowledger.domain.escrow.event;

/**
 * Everything that can happen to an escrow. Sealed, so the list is closed: the tests take it from here
 * ({@code getPermittedSubclasses}) and fail for an event without an approved sample (EventContractTest), a stored name
 * (EventTypesTest) or a webhook type (WebhookPayloadsTest). Java 17 does not check a switch over it for completeness
 * (pattern matching in switch is not final there), so code that tells the events apart does so with instanceof.
 * Each event's serialized form is a contract (see the approved JSON under src/test/resources/events): changing a shape
 * means a new {@code @Revision} and an upcaster.
 */
public sealed interface EscrowEvent permits EscrowCreatedEvent, FundsHeldEvent, DeliverableSubmittedEvent,
        MilestoneReleasedEvent, MilestoneRefundedEvent, EscrowClosedEvent, DisputeOpenedEvent, EvidenceSubmittedEvent,
        EvidenceLockedEvent, RecommendationIssuedEvent, DisputeResolvedEvent, EscrowFundedFromVaultEvent,
        EscrowExpiredEvent, MilestoneOverdueEvent, ReleaseApprovedEvent, OracleReportedEvent, DeliveryConfirmedEvent,
        ReleaseConditionMetEvent, InspectionPeriodElapsedEvent, EscrowCancelledEvent, PaymentFailedEvent,
        FundsReversedEvent, PayoutTransferRecordedEvent, PayoutUnreconciledEvent, EscrowMetadataUpdatedEvent,
        DisputeMetadataUpdatedEvent {

    String escrowId();
}
