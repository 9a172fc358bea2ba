package io.escrowledger.domain.vault;

import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.escrowledger.domain.support.Refusals.expectRefused;
import static org.assertj.core.api.Assertions.assertThat;

class VaultTest {

    private static final String VAULT = "0190a5c4-8f00-7000-8000-0000000000aa";
    private static final String OWNER = "int_acme";
    private static final Instant T = Instant.parse("2025-01-15T10:00:00Z");

    private AggregateTestFixture<Vault> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Vault.class);
    }

    private static Money usdc(long micros) {
        return Money.of(micros, "USDC");
    }

    private static VaultOpenedEvent opened() {
        return new VaultOpenedEvent(VAULT, OWNER, "USDC", "Main", null, T);
    }

    private static VaultDepositedEvent deposited(long micros) {
        return new VaultDepositedEvent(VAULT, "dep_1", usdc(micros), T);
    }

    @Test
    void canOpenAVault() {
        fixture.givenNoPriorActivity()
               .when(new OpenVaultCommand(VAULT, OWNER, "USDC", "Main", null, T))
               .expectEvents(opened());
    }

    @Test
    void canDepositOnceForOneReference() {
        fixture.given(opened())
               .when(new DepositCommand(VAULT, OWNER, usdc(500_000_000), "dep_1", T))
               .expectEvents(deposited(500_000_000))
               .expectResultMessagePayload(new VaultBalance(usdc(500_000_000), usdc(0)));
        fixture.given(opened(), deposited(500_000_000))
               .when(new DepositCommand(VAULT, OWNER, usdc(500_000_000), "dep_1", T))
               .expectNoEvents();
    }

    @Test
    void cannotReuseAReferenceForAnotherAmount() {
        expectRefused(fixture.given(opened(), deposited(500))
                             .when(new DepositCommand(VAULT, OWNER, usdc(600), "dep_1", T)), ErrorCode.REFERENCE_CONFLICT);
    }

    @Test
    void cannotReuseADepositsReferenceForAWithdrawal() {
        expectRefused(fixture.given(opened(), deposited(500))
                             .when(new WithdrawCommand(VAULT, OWNER, usdc(500), "dep_1", T)), ErrorCode.REFERENCE_CONFLICT);
    }

    @Test
    void cannotHoldMoreThanTheLargestAmountInTotal() {
        expectRefused(fixture.given(opened(), deposited(Money.MAX_MINOR_UNITS - 1))
                             .when(new DepositCommand(VAULT, OWNER, usdc(2), "dep_2", T)), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void cannotWithdrawMoreThanIsAvailable() {
        expectRefused(fixture.given(opened(), deposited(500), new VaultFundsHeldEvent(VAULT, "esc_1", usdc(300), T))
                             .when(new WithdrawCommand(VAULT, OWNER, usdc(201), "wd_1", T)),
                ErrorCode.INSUFFICIENT_BALANCE);
        fixture.given(opened(), deposited(500), new VaultFundsHeldEvent(VAULT, "esc_1", usdc(300), T))
               .when(new WithdrawCommand(VAULT, OWNER, usdc(200), "wd_1", T))
               .expectEvents(new VaultWithdrawnEvent(VAULT, "wd_1", usdc(200), T));
    }

    @Test
    void cannotHoldMoreThanIsAvailable() {
        expectRefused(fixture.given(opened(), deposited(500))
                             .when(new HoldFundsCommand(VAULT, OWNER, "esc_1", usdc(501), T)),
                ErrorCode.INSUFFICIENT_BALANCE);
    }

    @Test
    void cannotHoldAnotherCurrency() {
        expectRefused(fixture.given(opened(), deposited(500))
                             .when(new HoldFundsCommand(VAULT, OWNER, "esc_1", Money.of(100, "USD"), T)),
                ErrorCode.CURRENCY_MISMATCH);
    }

    @Test
    void aFrozenVaultFundsNothingAndPaysNothingOutButSettlesWhatItHolds() {
        VaultFundsHeldEvent held = new VaultFundsHeldEvent(VAULT, "esc_1", usdc(300), T);
        VaultFrozenEvent frozen = new VaultFrozenEvent(VAULT, T);
        expectRefused(fixture.given(opened(), deposited(500), frozen)
                             .when(new HoldFundsCommand(VAULT, OWNER, "esc_2", usdc(100), T)), ErrorCode.VAULT_FROZEN);
        expectRefused(fixture.given(opened(), deposited(500), frozen)
                             .when(new WithdrawCommand(VAULT, OWNER, usdc(100), "wd_1", T)), ErrorCode.VAULT_FROZEN);
        fixture.given(opened(), deposited(500), held, frozen)
               .when(new SettleHoldCommand(VAULT, OWNER, "esc_1", "mrc_1", usdc(100), usdc(200), null, T))
               .expectEvents(new VaultHoldSettledEvent(VAULT, "esc_1", "mrc_1", usdc(100), usdc(200), T));
        fixture.given(opened(), deposited(500), frozen)
               .when(new UnfreezeVaultCommand(VAULT, OWNER, T))
               .expectEvents(new VaultUnfrozenEvent(VAULT, T));
    }

    @Test
    void cannotSettleMoreThanTheEscrowHolds() {
        fixture.given(opened(), deposited(500), new VaultFundsHeldEvent(VAULT, "esc_1", usdc(300), T))
               .when(new SettleHoldCommand(VAULT, OWNER, "esc_1", "mrc_1", usdc(300), usdc(1), null, T))
               .expectNoEvents()
               .expectException(org.axonframework.modelling.command.ConcurrencyException.class);
    }

    @Test
    void anotherIntegratorsVaultIsNotFound() {
        expectRefused(fixture.given(opened(), deposited(500))
                             .when(new HoldFundsCommand(VAULT, "int_other", "esc_1", usdc(1), T)),
                ErrorCode.VAULT_NOT_FOUND);
    }

    @Test
    void balancesFollowEveryMovement() {
        VaultBalance balance = VaultBalance.empty("USDC")
                .after(deposited(500))
                .after(new VaultFundsHeldEvent(VAULT, "esc_1", usdc(300), T))
                .after(new VaultHoldSettledEvent(VAULT, "esc_1", "mrc_1", usdc(100), usdc(50), T))
                .after(new VaultWithdrawnEvent(VAULT, "wd_1", usdc(100), T));
        assertThat(balance).isEqualTo(new VaultBalance(usdc(150), usdc(150)));
        assertThat(balance.total()).isEqualTo(usdc(300));
    }
}
