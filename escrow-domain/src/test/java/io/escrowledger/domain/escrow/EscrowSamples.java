package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.event.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.ExternalReference;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.money.Money;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.time.Instant;
import java.util.List;

/** The first seed's escrow (order_12345: 20000 + 30000 USD cents), as commands and events. */
final class EscrowSamples {

    static final String ESCROW_ID = "esc_0190a5c4-8f00-7000-8000-000000000001";
    static final String INTEGRATOR = "int_acme";
    static final Instant CREATED_AT = Instant.parse("2025-01-15T10:00:00Z");
    static final Instant FUNDED_AT = Instant.parse("2025-01-15T10:30:00Z");
    static final Instant LATER = Instant.parse("2025-01-20T14:00:00Z");
    static final MilestoneTerms DESIGN =
            new MilestoneTerms("ms_design", usd(20000), Instant.parse("2025-02-01T00:00:00Z"));
    static final MilestoneTerms DEVELOPMENT =
            new MilestoneTerms("ms_development", usd(30000), Instant.parse("2025-03-01T00:00:00Z"));
    static final ExternalReference PULL_REQUEST = new ExternalReference("external_reference", "github",
            "https://github.com/org/repo/pull/42", "sha256:e3b0c44298fc1c149afbf4c8996fb924");

    static final String DISPUTE_ID = "dsp_0190a5c4-8f00-7000-8000-000000000002";
    static final Instant DISPUTED_AT = Instant.parse("2025-01-20T14:00:00Z");
    static final Instant LOCKED_AT = Instant.parse("2025-01-22T09:00:00Z");
    static final Actor CLIENT = new Actor("usr_client_456", ActorRole.CLIENT);
    static final Actor CONTRACTOR = new Actor("usr_contractor_789", ActorRole.CONTRACTOR);
    static final ExternalReference DRIVE_FILE = new ExternalReference("external_reference", "google_drive",
            "https://drive.google.com/file/d/abc", "sha256:9f86d081884c7d659a2feaa0c55ad015");

    private EscrowSamples() {
    }

    /** An escrow fixture with what its handlers are given: an in-memory external-id registry and {@code vaults}. */
    static AggregateTestFixture<Escrow> escrowFixture(RecordingVaultFunding vaults) {
        AggregateTestFixture<Escrow> fixture = new AggregateTestFixture<>(Escrow.class);
        fixture.registerInjectableResource(new InMemoryExternalIdRegistry());
        fixture.registerInjectableResource(vaults);
        return fixture;
    }

    /** An escrow fixture whose vault port only records. */
    static AggregateTestFixture<Escrow> escrowFixture() {
        return escrowFixture(new RecordingVaultFunding());
    }

    static Money usd(long cents) {
        return Money.of(cents, "USD");
    }

    static CreateEscrowCommand create(Money total, MilestoneTerms... milestones) {
        return new CreateEscrowCommand(ESCROW_ID, INTEGRATOR, "order_12345", total, List.of(milestones), null,
                null, null, CREATED_AT);
    }

    static CreateEscrowCommand createSeedEscrow() {
        return create(usd(50000), DESIGN, DEVELOPMENT);
    }

    static EscrowCreatedEvent created() {
        return new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000),
                List.of(DESIGN, DEVELOPMENT), null, null, CREATED_AT);
    }

    static FundsHeldEvent fundsHeld() {
        return new FundsHeldEvent(ESCROW_ID, "pi_stripe_xyz", usd(50000), FUNDED_AT, FUNDED_AT);
    }

    static DisputeOpenedEvent disputeOpened() {
        return new DisputeOpenedEvent(ESCROW_ID, DISPUTE_ID, DisputeReason.DELIVERABLE_INCOMPLETE,
                "The development milestone is half done", CLIENT, usd(50000), DISPUTED_AT);
    }

    static EvidenceSubmittedEvent contractorEvidence(String evidenceId) {
        return new EvidenceSubmittedEvent(ESCROW_ID, DISPUTE_ID, evidenceId, CONTRACTOR, DRIVE_FILE,
                DISPUTED_AT.plusSeconds(3600));
    }

    static DeliverableSubmittedEvent designDelivered() {
        return new DeliverableSubmittedEvent(ESCROW_ID, "ms_design", PULL_REQUEST, LATER);
    }
}
