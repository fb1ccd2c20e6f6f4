package io.routepack.yunojuno.sink.financesystem;

import io.routepack.yunojuno.delivery.Written;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The audit trail of a finance-system delivery: the document id and where it went. */
public final class FinanceDocumentWritten {

    private FinanceDocumentWritten() {
    }

    /** Notes the document id (the idempotency key, and the file name when written to the outbox) and the HTTP status. */
    public static void note(Exchange exchange) {
        Message m = exchange.getMessage();
        Written.note(exchange, "document_id", m.getHeader("Idempotency-Key", String.class));
        Written.note(exchange, "file", m.getHeader(Exchange.FILE_NAME_PRODUCED, String.class) == null ? null
                : m.getHeader(Exchange.FILE_NAME, String.class));
        Written.note(exchange, "http_status", m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class));
    }
}
