package io.routepack.yunojuno.sink.finance;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;

/**
 * Formats an amount for people: the ISO code, then the number grouped and with the currency's minor
 * digits, e.g. {@code GBP 27,500.00} (en-GB) or {@code EUR 27.500,00} (de-DE). Works on the
 * {@link BigDecimal} throughout: never rounds away digits the amount has, never goes through a double.
 */
public final class Money {

    private Money() {
    }

    public static String format(BigDecimal amount, String currencyCode, Locale locale) {
        Currency currency = Currency.getInstance(currencyCode);
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        // Never drop digits the amount carries (e.g. 12.345 stays 12.345), only pad to the currency's scale.
        int scale = Math.max(digits, Math.max(amount.stripTrailingZeros().scale(), 0));
        BigDecimal scaled = amount.setScale(scale);
        DecimalFormat format = new DecimalFormat(scale == 0 ? "#,##0" : "#,##0." + "0".repeat(scale),
                DecimalFormatSymbols.getInstance(locale));
        format.setParseBigDecimal(true);
        return currencyCode + " " + format.format(scaled);
    }

    /** A plain decimal string with no exponent, the amount's own scale kept ("27500.00"). */
    public static String plain(BigDecimal amount) {
        return amount.toPlainString();
    }
}
