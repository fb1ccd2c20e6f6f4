package io.routepack.yunojuno.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Samples;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TcpProxy;
import io.routepack.yunojuno.support.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One sink down or hanging never slows the others: each sink has its own delivery lane, and the HR
 * database's connection attempts fail within seconds. On PostgreSQL (the store and the HR database),
 * with the outage made by a proxy, so the machine's server keeps running.
 * <p>
 * The bound on the other sinks' lag, 95% of deliveries within 5 s of the event being received, is the
 * issue's; on an idle machine they take milliseconds, so it holds with room on a busy one.
 */
class SinkIsolationTest {

    private static final int EVENTS = 200;
    private static final long LAG_P95_MILLIS = 5_000;
    private static final String SAMPLE_CONTRACT = "ct_c5m9rx2wq8tk4vn6bd1hz7jl3";

    private PackRunner pack;
    private TcpProxy hrProxy;
    private ServerSocket hangingServer;
    private final List<Socket> hungClients = new CopyOnWriteArrayList<>();
    private String storeUrl;
    private String hrUrl;

    @BeforeEach
    void databases() {
        TestDatabase.POSTGRESQL.assumeAvailable();
        storeUrl = TestDatabase.POSTGRESQL.create();
        hrUrl = TestDatabase.POSTGRESQL.create();
    }

    @AfterEach
    void stop() throws IOException {
        if (hangingServer != null) {
            hangingServer.close(); // the hung requests fail now, so the pack stops at once
            for (Socket s : hungClients) {
                s.close();
            }
        }
        if (hrProxy != null) {
            hrProxy.restore();
        }
        if (pack != null) {
            pack.close();
        }
        if (hrProxy != null) {
            hrProxy.close();
        }
    }

    @Test
    void financeDeliveriesKeepTheirPaceWhileTheHrDatabaseIsUnreachableAndHrCatchesUpOnceAfter() {
        hrProxy = new TcpProxy("127.0.0.1", 5432);
        Map<String, String> props = props();
        props.put("hris.jdbc.url", hrUrl.replace("127.0.0.1:5432", "127.0.0.1:" + hrProxy.port()));
        pack = PackRunner.start(props);
        DataSource store = pack.storeDataSource();

        // The HR database in use (migrated, connections pooled), then gone: connections hang, new and open ones.
        String warmUp = postContractEvent(new ArrayList<>());
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(Db.deliveryStatus(store, warmUp, "hris")));
        hrProxy.hang();

        List<String> contracts = new ArrayList<>();
        List<String> approvals = new ArrayList<>();
        List<String> contractEvents = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            approvals.add(postApproval());
            contractEvents.add(postContractEvent(contracts));
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> delivered(store, "finance-email") == EVENTS
                && delivered(store, "finance-system") == EVENTS);
        assertLagP95Within(store, "finance-email");
        assertLagP95Within(store, "finance-system");
        assertEquals(0, Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE sink = 'hris' AND status = 'delivered'"
                + " AND message_id <> ?", warmUp), "the HR database was unreachable");
        // An attempt on a pooled connection the network dropped fails after the socket timeout; the later ones at once.
        await("HR deliveries attempted and failed").atMost(Duration.ofSeconds(60)).until(() -> Db.count(store,
                "SELECT COUNT(*) FROM webhook_delivery WHERE sink = 'hris' AND status = 'retrying'"
                        + " AND last_error LIKE '%HR database%'") > 0);

        hrProxy.restore();
        await().atMost(Duration.ofSeconds(180)).until(() -> delivered(store, "hris") == EVENTS + 1);
        DataSource hr = direct(hrUrl);
        for (String id : contractEvents) {
            assertEquals(List.of(Map.of("outcome", "applied")),
                    Db.rows(hr, "SELECT outcome FROM contract_event WHERE message_id = ?", id), id);
        }
        assertEquals(EVENTS + 1, Db.count(hr, "SELECT COUNT(*) FROM contract_event"), "each event once");
        assertEquals(EVENTS + 1, Db.count(hr, "SELECT COUNT(*) FROM contract_record"), "one record per contract");
        for (String id : approvals) {
            assertEquals(1, Db.count(store, "SELECT COUNT(*) FROM sink_sent_record WHERE message_id = ? AND sink = 'finance-email'", id));
        }
    }

    @Test
    void hrDeliveriesKeepTheirPaceWhileTheFinanceSystemHangs() throws IOException {
        hangingServer = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!hangingServer.isClosed()) {
                try {
                    hungClients.add(hangingServer.accept()); // accepted, never answered
                } catch (IOException e) {
                    return;
                }
            }
        }, "hanging-finance-system");
        acceptor.setDaemon(true);
        acceptor.start();
        Map<String, String> props = props();
        props.put("hris.jdbc.url", hrUrl);
        props.put("finance.http.url", "http://127.0.0.1:" + hangingServer.getLocalPort() + "/finance/spend");
        props.put("finance.http.token", "test-token");
        pack = PackRunner.start(props);
        DataSource store = pack.storeDataSource();

        List<String> contracts = new ArrayList<>();
        List<String> contractEvents = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            postApproval();
            contractEvents.add(postContractEvent(contracts));
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> delivered(store, "hris") == EVENTS
                && delivered(store, "finance-email") == EVENTS);
        assertLagP95Within(store, "hris");
        assertLagP95Within(store, "finance-email");
        assertEquals(0, delivered(store, "finance-system"), "the finance system never answered");
        assertTrue(!hungClients.isEmpty(), "the finance system was called");
        DataSource hr = direct(hrUrl);
        for (String id : contractEvents) {
            assertEquals(List.of(Map.of("outcome", "applied")),
                    Db.rows(hr, "SELECT outcome FROM contract_event WHERE message_id = ?", id), id);
        }
    }

    private Map<String, String> props() {
        Map<String, String> props = PackRunner.defaults(storeUrl);
        props.put("store.jdbc.username", TestDatabase.POSTGRESQL.username());
        props.put("hris.jdbc.username", TestDatabase.POSTGRESQL.username());
        // The outage outlasts the default attempts at the tests' short back-off (PackRunner.defaults).
        props.put("delivery.hris.max-attempts", "1000");
        props.put("delivery.finance-system.max-attempts", "1000");
        return props;
    }

    private String postApproval() {
        byte[] body = Samples.bytes("client.spend_request.approved");
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        return id;
    }

    /** A contract accepted, for a contract of its own. */
    private String postContractEvent(List<String> contracts) {
        String contract = "ct_" + UUID.randomUUID().toString().replace("-", "");
        contracts.add(contract);
        byte[] body = new String(Samples.bytes("client.contract.accepted"), StandardCharsets.UTF_8)
                .replace(SAMPLE_CONTRACT, contract).getBytes(StandardCharsets.UTF_8);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());
        return id;
    }

    private static long delivered(DataSource store, String sink) {
        return Db.count(store, "SELECT COUNT(*) FROM webhook_delivery WHERE sink = ? AND status = 'delivered'", sink);
    }

    /** Received (inbox) to delivered (ledger), 95th percentile over the sink's deliveries. */
    private static void assertLagP95Within(DataSource store, String sink) {
        List<Long> lags = new ArrayList<>();
        for (Map<String, Object> row : Db.rows(store, "SELECT CAST(EXTRACT(EPOCH FROM (d.delivered_at - i.received_at)) * 1000"
                + " AS BIGINT) AS lag_ms FROM webhook_delivery d JOIN webhook_inbox i ON i.message_id = d.message_id"
                + " WHERE d.sink = ? AND d.status = 'delivered' ORDER BY 1", sink)) {
            lags.add(((Number) row.get("lag_ms")).longValue());
        }
        long p95 = lags.get((int) Math.ceil(lags.size() * 0.95) - 1);
        assertTrue(p95 < LAG_P95_MILLIS, sink + ": lag p95 " + p95 + " ms, max " + lags.get(lags.size() - 1) + " ms");
    }

    private static DataSource direct(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(TestDatabase.POSTGRESQL.username());
        return ds;
    }
}
