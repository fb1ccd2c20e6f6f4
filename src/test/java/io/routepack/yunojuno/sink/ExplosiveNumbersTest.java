package io.routepack.yunojuno.sink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Money and rate values whose exponent or length would expand to millions of digits (an OutOfMemoryError,
 * retried as if transient): each delivery is dead at its first attempt with an error that says what was
 * wrong, and good events sent at the same time are delivered.
 */
class ExplosiveNumbersTest {

    private static final List<String> EXPLOSIVE = List.of("1e-999999999", "1e999999999", "9".repeat(10_000),
            "0." + "1".repeat(10_000));

    @Test
    void explosiveAmountsRatesAndFeesAreDeadAtOnceWhileGoodEventsAreDelivered() throws Exception {
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        try (PackRunner pack = PackRunner.start(props)) {
            DataSource store = pack.storeDataSource();
            Map<String, byte[]> bad = new LinkedHashMap<>();
            Map<String, String> expectedError = new LinkedHashMap<>();
            for (String number : EXPLOSIVE) {
                put(bad, expectedError, replaceFirst("client.spend_request.approved", "\"amount\": \"27500.00\"", "\"amount\": \"" + number + "\""),
                        "amount is out of range");
                put(bad, expectedError, replaceFirst("client.contract.accepted", "\"value\": \"68.75\"", "\"value\": \"" + number + "\""),
                        "rate_value is out of range");
                put(bad, expectedError, replaceFirst("client.contract.accepted", "\"value\": \"8.25\"", "\"value\": \"" + number + "\""),
                        "fee_schedule.periods[0].fees[0].value is out of range");
            }
            String goodApproval = Signer.newMessageId();
            String goodContract = Signer.newMessageId();

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> sent = new ArrayList<>();
                bad.forEach((id, body) -> sent.add(pool.submit(() -> post(pack, id, body))));
                sent.add(pool.submit(() -> post(pack, goodApproval, Samples.bytes("client.spend_request.approved"))));
                sent.add(pool.submit(() -> post(pack, goodContract, Samples.bytes("client.contract.accepted"))));
                for (Future<Integer> f : sent) {
                    assertEquals(202, f.get());
                }
            } finally {
                pool.shutdown();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(Db.deliveryStatus(store, goodApproval, "finance-email"))
                    && "delivered".equals(Db.deliveryStatus(store, goodApproval, "finance-system"))
                    && "delivered".equals(Db.deliveryStatus(store, goodContract, "hris")));
            assertEquals(0, new BigDecimal("68.75").compareTo((BigDecimal) Db.rows(pack.hrisDataSource(),
                    "SELECT rate_value FROM contract_record").get(0).get("rate_value")));

            for (Map.Entry<String, byte[]> e : bad.entrySet()) {
                String id = e.getKey();
                List<String> sinks = new String(e.getValue(), StandardCharsets.UTF_8).contains("spend_request.approved\"")
                        ? List.of("finance-email", "finance-system") : List.of("hris");
                for (String sink : sinks) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> "dead".equals(Db.deliveryStatus(store, id, sink)));
                    Map<String, Object> row = Db.delivery(store, id, sink);
                    assertEquals(1, ((Number) row.get("attempts")).intValue(), sink + " " + row);
                    String error = (String) row.get("last_error");
                    assertTrue(error.contains("PermanentDeliveryException") && error.contains(expectedError.get(id)),
                            sink + ": " + error);
                }
            }
            assertEquals(1, Db.count(pack.hrisDataSource(), "SELECT COUNT(*) FROM contract_event"), "only the good contract event applied");
        }
    }

    private static void put(Map<String, byte[]> bad, Map<String, String> expectedError, byte[] body, String error) {
        String id = Signer.newMessageId();
        bad.put(id, body);
        expectedError.put(id, error);
    }

    private static byte[] replaceFirst(String sample, String from, String to) {
        String text = new String(Samples.bytes(sample), StandardCharsets.UTF_8);
        int at = text.indexOf(from);
        if (at < 0) {
            throw new IllegalStateException(from + " not in " + sample);
        }
        return (text.substring(0, at) + to + text.substring(at + from.length())).getBytes(StandardCharsets.UTF_8);
    }

    private static int post(PackRunner pack, String id, byte[] body) {
        return pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode();
    }
}
