package io.routepack.yunojuno.sink.hris;

import static io.routepack.yunojuno.sink.hris.HrisStory.MAIN_CONTRACT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.support.Db;
import io.routepack.yunojuno.support.PackRunner;
import io.routepack.yunojuno.support.Signer;
import io.routepack.yunojuno.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HR database goes away (an H2 server over TCP, stopped) while events arrive: they are stored,
 * their hris deliveries wait as {@code retrying} with the error, and once the database is back each is
 * written exactly once.
 */
class HrisOutageTest {

    private final int hrisPort = PackRunner.freePort();
    private final String baseDir = Path.of("target", "h2-tcp", UUID.randomUUID().toString()).toAbsolutePath().toString();
    private Server hrisServer;
    private PackRunner pack;

    @AfterEach
    void stop() {
        if (pack != null) {
            pack.close();
        }
        if (hrisServer != null) {
            hrisServer.stop();
        }
    }

    @Test
    void eventsWaitWhileTheHrDatabaseIsDownAndAreWrittenOnceItIsBack() throws SQLException {
        hrisServer = startHrisServer();
        Map<String, String> props = PackRunner.defaults(TestDatabase.H2.create());
        props.put("hris.jdbc.url", "jdbc:h2:tcp://127.0.0.1:" + hrisPort + "/hris");
        props.put("hris.jdbc.username", "sa");
        pack = PackRunner.start(props);
        DataSource store = pack.storeDataSource();
        DataSource hris = pack.hrisDataSource();

        hrisServer.stop();
        HrisStory story = HrisStory.fresh();
        byte[] body = story.text("client.contract.accepted").getBytes(StandardCharsets.UTF_8);
        String id = Signer.newMessageId();
        assertEquals(202, pack.post(body, Signer.headers(PackRunner.SECRET, id, body)).statusCode());

        await().atMost(Duration.ofSeconds(30)).until(() -> "retrying".equals(delivery(store, id).get("status")));
        Map<String, Object> waiting = delivery(store, id);
        assertTrue(((Number) waiting.get("attempts")).intValue() >= 1);
        assertTrue(((String) waiting.get("last_error")).contains("HR database error"), waiting.toString());
        assertFalse(((String) waiting.get("last_error")).contains("priya"), "no personal data in the ledger");
        assertEquals(1, Db.count(store, "SELECT COUNT(*) FROM webhook_inbox WHERE message_id = ?", id));

        hrisServer = startHrisServer();
        await().atMost(Duration.ofSeconds(60)).until(() -> "delivered".equals(delivery(store, id).get("status")));
        assertEquals("ACCEPTED", Db.rows(hris, "SELECT status FROM contract_record WHERE contract_id = ?",
                story.id(MAIN_CONTRACT)).get(0).get("status"));
        assertEquals(List.of(Map.of("message_id", id, "outcome", "applied")),
                Db.rows(hris, "SELECT message_id, outcome FROM contract_event WHERE contract_id = ?", story.id(MAIN_CONTRACT)));
    }

    private Server startHrisServer() throws SQLException {
        return Server.createTcpServer("-tcpPort", String.valueOf(hrisPort), "-baseDir", baseDir, "-ifNotExists").start();
    }

    private static Map<String, Object> delivery(DataSource store, String id) {
        List<Map<String, Object>> rows = Db.rows(store, "SELECT status, attempts, last_error FROM webhook_delivery"
                + " WHERE message_id = ? AND sink = 'hris'", id);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }
}
