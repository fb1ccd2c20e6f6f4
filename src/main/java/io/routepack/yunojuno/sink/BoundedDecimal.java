package io.routepack.yunojuno.sink;

import io.routepack.yunojuno.delivery.PermanentDeliveryException;
import java.math.BigDecimal;

/**
 * Reads a money or rate value from an event's decimal text, bounded before anything expands it. A
 * {@link BigDecimal} of {@code 1e999999999} costs nothing to parse, but printing it plainly or rescaling it
 * writes a billion digits (an {@code OutOfMemoryError}, which a retry only repeats). Such a value can never
 * be delivered, so it fails as a {@link PermanentDeliveryException} that says what was wrong.
 */
public final class BoundedDecimal {

    /** Longest decimal text accepted, exponent included. */
    public static final int MAX_LENGTH = 64;
    /** Digits before the decimal point: 17 fills a DECIMAL(19, 2) money column. */
    public static final int MAX_INTEGER_DIGITS = 17;
    /** Digits after the decimal point, trailing zeros aside. */
    public static final int MAX_FRACTION_DIGITS = 17;

    private BoundedDecimal() {
    }

    /**
     * The value of {@code text} (its own scale kept when that is within bounds), or a permanent failure naming
     * {@code what} (e.g. {@code "amount"}) and the bound it breaks. Never echoes the text: it may be huge.
     */
    public static BigDecimal parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new PermanentDeliveryException(what + " is not a decimal number (empty)");
        }
        if (text.length() > MAX_LENGTH) {
            throw new PermanentDeliveryException(what + " is out of range: " + text.length() + " characters long (at most "
                    + MAX_LENGTH + ")");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new PermanentDeliveryException(what + " is not a decimal number");
        }
        if (value.signum() == 0) {
            return value.scale() < 0 || value.scale() > MAX_FRACTION_DIGITS ? BigDecimal.ZERO : value;
        }
        // Arithmetic on the scale only: nothing here expands the digits. Longs, since the scale may be near an int's limit.
        BigDecimal stripped = value.stripTrailingZeros();
        long integerDigits = (long) stripped.precision() - stripped.scale();
        if (integerDigits > MAX_INTEGER_DIGITS) {
            throw new PermanentDeliveryException(what + " is out of range: " + integerDigits + " digits before the decimal point"
                    + " (at most " + MAX_INTEGER_DIGITS + ")");
        }
        if (stripped.scale() > MAX_FRACTION_DIGITS) {
            throw new PermanentDeliveryException(what + " is out of range: " + stripped.scale() + " digits after the decimal point"
                    + " (at most " + MAX_FRACTION_DIGITS + ")");
        }
        // Trailing zeros are kept ("27500.00"): within MAX_LENGTH digits of the stripped value, so bounded too.
        return value.scale() < 0 ? stripped.setScale(0) : value;
    }
}
