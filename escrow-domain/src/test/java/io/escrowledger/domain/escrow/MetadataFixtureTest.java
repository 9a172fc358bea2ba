package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.command.OpenDisputeCommand;
import io.escrowledger.domain.escrow.command.UpdateDisputeMetadataCommand;
import io.escrowledger.domain.escrow.command.UpdateEscrowMetadataCommand;
import io.escrowledger.domain.escrow.event.DisputeMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowMetadataUpdatedEvent;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.domain.vault.OpenVaultCommand;
import io.escrowledger.domain.vault.UpdateVaultMetadataCommand;
import io.escrowledger.domain.vault.Vault;
import io.escrowledger.domain.vault.VaultMetadataUpdatedEvent;
import io.escrowledger.domain.vault.VaultOpenedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static io.escrowledger.domain.support.Refusals.expectRefused;

/** Metadata on escrows, milestones, disputes and vaults: set at creation, merged by updates, each change an event. */
class MetadataFixtureTest {

    private AggregateTestFixture<Escrow> fixture;

    @BeforeEach
    void setUp() {
        fixture = escrowFixture();
    }

    private static CreateEscrowCommand createWith(Map<String, String> metadata,
                                                  Map<String, Map<String, String>> milestoneMetadata) {
        CreateEscrowCommand seed = createSeedEscrow();
        return new CreateEscrowCommand(seed.escrowId(), seed.integratorId(), seed.externalId(), seed.totalAmount(),
                seed.milestones(), null, null, null, seed.requestedAt(), null, null, metadata, milestoneMetadata);
    }

    private static EscrowCreatedEvent createdWith(Map<String, String> metadata,
                                                  Map<String, Map<String, String>> milestoneMetadata) {
        EscrowCreatedEvent seed = created();
        return new EscrowCreatedEvent(seed.escrowId(), seed.integratorId(), seed.externalId(), seed.totalAmount(),
                seed.milestones(), null, null, seed.createdAt(), null, null, metadata, milestoneMetadata);
    }

    private static UpdateEscrowMetadataCommand update(Map<String, String> metadata,
                                                      Map<String, Map<String, String>> milestones) {
        return new UpdateEscrowMetadataCommand(ESCROW_ID, INTEGRATOR, metadata, milestones, LATER);
    }

    @Test
    void metadataIsSetAtCreationAndAnEmptyValueIsNoPair() {
        fixture.givenNoPriorActivity()
               .when(createWith(Map.of("order_id", "ord_1", "note", ""), Map.of("ms_design", Map.of("sku", "D-1"))))
               .expectEvents(createdWith(Map.of("order_id", "ord_1"), Map.of("ms_design", Map.of("sku", "D-1"))));
    }

    @Test
    void creationRefusesMetadataOfAMilestoneTheEscrowDoesNotHave() {
        expectRefused(fixture.givenNoPriorActivity()
                             .when(createWith(Map.of(), Map.of("ms_unknown", Map.of("sku", "X")))),
                ErrorCode.MILESTONE_NOT_FOUND);
    }

    @Test
    void creationRefusesMalformedMetadata() {
        expectRefused(fixture.givenNoPriorActivity().when(createWith(Map.of("bad key", "x"), Map.of())),
                ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void anUpdateMergesAndRecordsTheMetadataAfterIt() {
        fixture.given(createdWith(Map.of("order_id", "ord_1", "channel", "web"), Map.of()), fundsHeld())
               .when(update(Map.of("channel", "", "region", "eu"), Map.of("ms_design", Map.of("sku", "D-2"))))
               .expectEvents(new EscrowMetadataUpdatedEvent(ESCROW_ID, Map.of("order_id", "ord_1", "region", "eu"),
                       Map.of("ms_design", Map.of("sku", "D-2")), LATER));
    }

    @Test
    void anUpdateThatChangesNothingRecordsNothing() {
        fixture.given(createdWith(Map.of("order_id", "ord_1"), Map.of("ms_design", Map.of("sku", "D-1"))))
               .when(update(Map.of("order_id", "ord_1", "gone", ""), Map.of("ms_design", Map.of("sku", "D-1"))))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void milestoneMetadataFromAnEarlierUpdateIsMergedInto() {
        fixture.given(created(), new EscrowMetadataUpdatedEvent(ESCROW_ID, Map.of(),
                       Map.of("ms_design", Map.of("sku", "D-1")), LATER))
               .when(update(Map.of(), Map.of("ms_design", Map.of("color", "red"))))
               .expectEvents(new EscrowMetadataUpdatedEvent(ESCROW_ID, Map.of(),
                       Map.of("ms_design", Map.of("sku", "D-1", "color", "red")), LATER));
    }

    @Test
    void anUpdateBeyondFiftyPairsIsRefused() {
        Map<String, String> thirty = IntStream.range(0, 30).boxed()
                                              .collect(Collectors.toMap(i -> "a" + i, i -> "x"));
        Map<String, String> twentyOne = IntStream.range(0, 21).boxed()
                                                 .collect(Collectors.toMap(i -> "b" + i, i -> "x"));
        expectRefused(fixture.given(createdWith(thirty, Map.of())).when(update(twentyOne, Map.of())),
                ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void anUpdateOfAnUnknownMilestoneOrAnotherIntegratorsEscrowIsRefused() {
        expectRefused(fixture.given(created()).when(update(Map.of(), Map.of("ms_nope", Map.of("a", "b")))),
                ErrorCode.MILESTONE_NOT_FOUND);
        expectRefused(fixture.given(created()).when(new UpdateEscrowMetadataCommand(ESCROW_ID, "int_other",
                Map.of("a", "b"), Map.of(), LATER)), ErrorCode.ESCROW_NOT_FOUND);
    }

    @Test
    void aDisputeIsOpenedWithMetadataAndItsUpdatesMerge() {
        DisputeOpenedEvent opened = disputeOpened();
        fixture.given(created(), fundsHeld())
               .when(new OpenDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, opened.reason(), opened.statement(),
                       opened.openedBy(), DISPUTED_AT, null, Map.of("ticket", "SUP-1")))
               .expectEvents(new DisputeOpenedEvent(ESCROW_ID, DISPUTE_ID, opened.reason(), opened.statement(),
                       opened.openedBy(), opened.heldAmount(), DISPUTED_AT, null, Map.of("ticket", "SUP-1")));
        fixture.given(created(), fundsHeld(), new DisputeOpenedEvent(ESCROW_ID, DISPUTE_ID, opened.reason(),
                       opened.statement(), opened.openedBy(), opened.heldAmount(), DISPUTED_AT, null,
                       Map.of("ticket", "SUP-1")))
               .when(new UpdateDisputeMetadataCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID,
                       Map.of("ticket", "", "agent", "ana"), LATER))
               .expectEvents(new DisputeMetadataUpdatedEvent(ESCROW_ID, DISPUTE_ID, Map.of("agent", "ana"), LATER));
    }

    @Test
    void theMetadataOfAnotherDisputeIdIsRefused() {
        expectRefused(fixture.given(created(), fundsHeld(), disputeOpened())
                             .when(new UpdateDisputeMetadataCommand(ESCROW_ID, INTEGRATOR, "dsp_other",
                                     Map.of("a", "b"), LATER)), ErrorCode.DISPUTE_NOT_FOUND);
    }

    @Test
    void aVaultIsOpenedWithMetadataAndItsUpdatesMerge() {
        AggregateTestFixture<Vault> vaults = new AggregateTestFixture<>(Vault.class);
        vaults.givenNoPriorActivity()
              .when(new OpenVaultCommand("vlt_1", INTEGRATOR, "USD", "Main", null, CREATED_AT, Map.of("cc", "42")))
              .expectEvents(new VaultOpenedEvent("vlt_1", INTEGRATOR, "USD", "Main", null, CREATED_AT,
                      Map.of("cc", "42")));
        vaults.given(new VaultOpenedEvent("vlt_1", INTEGRATOR, "USD", "Main", null, CREATED_AT, Map.of("cc", "42")))
              .when(new UpdateVaultMetadataCommand("vlt_1", INTEGRATOR, Map.of("cc", "", "region", "eu"), LATER))
              .expectEvents(new VaultMetadataUpdatedEvent("vlt_1", Map.of("region", "eu"), LATER));
        vaults.given(new VaultOpenedEvent("vlt_1", INTEGRATOR, "USD", "Main", null, CREATED_AT, Map.of("cc", "42")))
              .when(new UpdateVaultMetadataCommand("vlt_1", INTEGRATOR, Map.of("cc", "42"), LATER))
              .expectSuccessfulHandlerExecution()
              .expectNoEvents();
        expectRefused(vaults.given(new VaultOpenedEvent("vlt_1", INTEGRATOR, "USD", "Main", null, CREATED_AT))
                            .when(new UpdateVaultMetadataCommand("vlt_1", "int_other", Map.of("a", "b"), LATER)),
                ErrorCode.VAULT_NOT_FOUND);
    }
}
