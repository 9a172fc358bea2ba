package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.value.Payout;
import io.escrowledger.domain.escrow.value.Ratio;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayoutTest {

    @Test
    void paysTheSeedsSplitToTheCent() {
        Payout payout = Payout.of(Money.of(50000, "USD"), new Ratio(new BigDecimal("0.35"), new BigDecimal("0.65")));

        assertThat(payout.client()).isEqualTo(Money.of(17500, "USD"));
        assertThat(payout.contractor()).isEqualTo(Money.of(32500, "USD"));
    }

    @Test
    void roundsTheContractorsShareHalfEvenAndGivesTheClientTheRest() {
        Ratio halves = new Ratio(new BigDecimal("0.5"), new BigDecimal("0.5"));
        assertThat(Payout.of(Money.of(3, "USD"), halves)).isEqualTo(new Payout(Money.of(1, "USD"), Money.of(2, "USD")));
        assertThat(Payout.of(Money.of(5, "USD"), halves)).isEqualTo(new Payout(Money.of(3, "USD"), Money.of(2, "USD")));
        Ratio third = new Ratio(new BigDecimal("0.6667"), new BigDecimal("0.3333"));
        assertThat(Payout.of(Money.of(100, "JPY"), third)).isEqualTo(new Payout(Money.of(67, "JPY"), Money.of(33, "JPY")));
    }

    @Test
    void alwaysAddsUpToTheHeldAmountForAnyAmountAndRatio() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            long held = i % 10 == 0 ? Money.MAX_MINOR_UNITS - random.nextInt(1000) : 1 + (random.nextLong() >>> 1) % 10_000_000_000L;
            BigDecimal contractor = BigDecimal.valueOf(random.nextInt(10_001), 4);
            Ratio ratio = new Ratio(BigDecimal.ONE.subtract(contractor), contractor);

            Payout payout = Payout.of(Money.of(held, "USDC"), ratio);

            assertThat(payout.total().minorUnits()).isEqualTo(held);
            assertThat(payout.client().minorUnits()).isNotNegative();
            assertThat(payout.contractor().minorUnits()).isNotNegative();
        }
    }

    @Test
    void refusesRatiosThatDoNotAddUpOrAreTooPrecise() {
        assertThatThrownBy(() -> new Ratio(new BigDecimal("0.4"), new BigDecimal("0.5"))).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> new Ratio(new BigDecimal("0.33335"), new BigDecimal("0.66665")))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> new Ratio(new BigDecimal("-0.1"), new BigDecimal("1.1"))).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> new Ratio(new BigDecimal("0e-2147483647"), BigDecimal.ONE))
                .isInstanceOf(DomainException.class);
        assertThat(new Ratio(new BigDecimal("0.35000"), new BigDecimal("0.65"))).isEqualTo(
                new Ratio(new BigDecimal("0.35"), new BigDecimal("0.6500")));
    }
}
