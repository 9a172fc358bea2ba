package io.escrowledger.domain.money;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void knowsTheMinorUnitsOfEachSupportedCurrency() {
        assertThat(Currencies.minorUnitDigits("USD")).isEqualTo(2);
        assertThat(Currencies.minorUnitDigits("JPY")).isZero();
        assertThat(Currencies.minorUnitDigits("KWD")).isEqualTo(3);
        assertThat(Currencies.minorUnitDigits("USDC")).isEqualTo(6);
    }

    @Test
    void refusesUnknownLowerCaseAndPseudoCurrencies() {
        assertThat(Currencies.isSupported("usd")).isFalse();
        assertThat(Currencies.isSupported("ABC")).isFalse();
        assertThat(Currencies.isSupported("XAU")).isFalse();
        assertThat(Currencies.isSupported("USDT")).isFalse();
        assertThat(Currencies.isSupported(null)).isFalse();
    }

    @Test
    void addsAndSubtractsWithinOneCurrency() {
        assertThat(Money.of(20000, "USD").plus(Money.of(30000, "USD"))).isEqualTo(Money.of(50000, "USD"));
        assertThat(Money.of(50000, "USD").minus(Money.of(20000, "USD"))).isEqualTo(Money.of(30000, "USD"));
    }

    @Test
    void refusesToMixCurrencies() {
        assertThatThrownBy(() -> Money.of(1, "USD").plus(Money.of(1, "EUR")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staysWithinTheRangeJavaScriptClientsCanRepresent() {
        Money max = Money.of(Money.MAX_MINOR_UNITS, "USD");
        assertThatThrownBy(() -> max.plus(Money.of(1, "USD"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(-1, "USD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(1, "USD").minus(Money.of(2, "USD")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
