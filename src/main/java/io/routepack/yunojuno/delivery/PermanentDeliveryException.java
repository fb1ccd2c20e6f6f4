package io.routepack.yunojuno.delivery;

/**
 * Thrown by a sink for a delivery that can never succeed (the payload cannot be mapped, the target
 * refused it for good). The ledger marks it dead at once instead of retrying.
 */
public class PermanentDeliveryException extends RuntimeException {

    public PermanentDeliveryException(String message) {
        super(message);
    }

    public PermanentDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
