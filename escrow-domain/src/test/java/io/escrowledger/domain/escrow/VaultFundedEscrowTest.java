package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.command.DecideDisputeCommand;
import io.escrowledger.domain.escrow.command.DeclareFundsHeldCommand;
import io.escrowledger.domain.escrow.command.RefundFundsCommand;
import io.escrowledger.domain.escrow.command.ReleaseFundsCommand;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.policy.EscrowCreationPolicy;
import io.escrowledger.domain.escrow.value.DisputeOutcome;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.FundingSource;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.CustomTypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.escrowledger.domain.escrow.EscrowSamples.*;
import static org.assertj.core.api.Assertions.assertThat;

/** An escrow funded from a vault: held at creation, and every later movement settled against the vault's hold. */
class VaultFundedEscrowTest {

    private static final String VAULT = "0190a5c4-8f00-7000-8000-0000000000aa";
    private static final FundingSource SOURCE = new FundingSource(VAULT, "agt_1", "mrc_1");

    private AggregateTestFixture<Escrow> fixture;
    private RecordingVaultFunding vaults;

    @BeforeEach
    void setUp() {
        vaults = new RecordingVaultFunding();
        fixture = escrowFixture(vaults);
    }

    private static CreateEscrowCommand createFunded() {
        return new CreateEscrowCommand(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000), List.of(DESIGN, DEVELOPMENT),
                SOURCE, null, null, CREATED_AT);
    }

    /** Without an expiry of its own, a vault-funded escrow expires a day after its creation. */
    private static EscrowCreatedEvent vaultEscrowCreated() {
        return new EscrowCreatedEvent(ESCROW_ID, INTEGRATOR, "order_12345", usd(50000), List.of(DESIGN, DEVELOPMENT),
                null, CREATED_AT.plus(EscrowCreationPolicy.DEFAULT_VAULT_EXPIRY), CREATED_AT);
    }

    private static EscrowFundedFromVaultEvent fundedFromVault() {
        return new EscrowFundedFromVaultEvent(ESCROW_ID, VAULT, "agt_1", "mrc_1", usd(50000), CREATED_AT);
    }

    @Test
    void canCreateAnEscrowFundedAtOnceFromAVault() {
        fixture.givenNoPriorActivity()
               .when(createFunded())
               .expectEvents(vaultEscrowCreated(), fundedFromVault());
        assertThat(vaults.calls).containsExactly("hold " + VAULT + " 50000");
    }

    @Test
    void cannotCreateAnEscrowTheVaultRefusesToFund() {
        vaults.refuseHolds = new DomainException(ErrorCode.INSUFFICIENT_BALANCE, "short");
        fixture.givenNoPriorActivity()
               .when(createFunded())
               .expectNoEvents()
               .expectException(new CustomTypeSafeMatcher<DomainException>("insufficient balance") {
                   @Override
                   protected boolean matchesSafely(DomainException e) {
                       return e.errorCode() == ErrorCode.INSUFFICIENT_BALANCE;
                   }
               });
    }

    @Test
    void releaseAndRefundSettleTheVaultHold() {
        fixture.given(vaultEscrowCreated(), fundedFromVault())
               .when(new ReleaseFundsCommand(ESCROW_ID, INTEGRATOR, "ms_design", FUNDED_AT))
               .expectEvents(new MilestoneReleasedEvent(ESCROW_ID, "ms_design", usd(20000), FUNDED_AT));
        assertThat(vaults.calls).containsExactly("settle " + VAULT + " mrc_1 released 20000 refunded 0");

        fixture.given(vaultEscrowCreated(), fundedFromVault())
               .when(new RefundFundsCommand(ESCROW_ID, INTEGRATOR, null, FUNDED_AT))
               .expectSuccessfulHandlerExecution();
        assertThat(vaults.calls).contains("settle " + VAULT + " mrc_1 released 0 refunded 50000");
    }

    @Test
    void aDisputeDecisionSettlesTheSplitAgainstTheVault() {
        fixture.given(vaultEscrowCreated(), fundedFromVault(),
                       new DisputeOpenedEvent(ESCROW_ID, DISPUTE_ID, DisputeReason.OTHER, null, CLIENT, usd(50000), DISPUTED_AT),
                       new EvidenceLockedEvent(ESCROW_ID, DISPUTE_ID, 0, EvidenceDigest.of(List.of()), LOCKED_AT))
               .when(new DecideDisputeCommand(ESCROW_ID, INTEGRATOR, DISPUTE_ID, DisputeOutcome.SPLIT,
                       new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65")), "split", LOCKED_AT))
               .expectSuccessfulHandlerExecution();
        assertThat(vaults.calls).containsExactly("settle " + VAULT + " mrc_1 released 32500 refunded 17500");
    }

    @Test
    void aVaultFundedEscrowTakesNoPaymentDeclaration() {
        fixture.given(vaultEscrowCreated(), fundedFromVault())
               .when(new DeclareFundsHeldCommand(ESCROW_ID, INTEGRATOR, "pi_1", LATER, LATER))
               .expectNoEvents()
               .expectException(DomainException.class);
    }
}
