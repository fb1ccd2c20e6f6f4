package io.routepack.yunojuno.admin;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.Settings;
import io.routepack.yunojuno.RequestRejectedException;
import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.db.MigratedDataSource;
import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.inbox.InboxRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The admin API's replays from the command line, straight against the store database, for when the
 * HTTP admin API is off. A running pack (any instance) then delivers what was put back to pending.
 * <pre>
 * java -jar yunojuno-camel-pack.jar replay --sink finance-email [--since 2026-11-23T00:00:00Z]   dead deliveries
 * java -jar yunojuno-camel-pack.jar replay --event msg_...                                      one event, all sinks
 * java -jar yunojuno-camel-pack.jar replay --event msg_... --sink hris                          one delivery
 * </pre>
 */
public final class ReplayCommand {

    private ReplayCommand() {
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args) {
        String sink = option(args, "--sink");
        String since = option(args, "--since");
        String event = option(args, "--event");
        if (sink == null && event == null) {
            System.err.println("usage: replay --sink NAME [--since ISO-INSTANT] | --event SVIX_ID [--sink NAME]");
            return 2;
        }
        String url = setting("store.jdbc.url");
        try (HikariDataSource store = MigratedDataSource.open("inbox", url, setting("store.jdbc.username"),
                setting("store.jdbc.password"), 2);
             InboxRepository inbox = new InboxRepository(store, Dialect.of(url), Clock.systemUTC(), 10_000)) {
            // Replays only reset rows: the claim timeout is never used here.
            AdminApi api = new AdminApi(inbox, new DeliveryLedger(store, Clock.systemUTC(), Duration.ofMinutes(1), inbox));
            Map<String, Object> result = event == null ? api.replayDead(sink, since)
                    : sink == null ? api.replayEvent(event) : api.replayDelivery(event, sink);
            System.out.println(result);
            return 0;
        } catch (RequestRejectedException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("cannot open the store database (" + e.getMessage() + ")."
                    + (url.startsWith("jdbc:h2:") ? " The embedded H2 database is locked by a running pack: stop it, or use the"
                    + " admin API (admin.token) instead." : ""));
            return 1;
        }
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static String setting(String key) {
        return Settings.get(key, "");
    }
}
