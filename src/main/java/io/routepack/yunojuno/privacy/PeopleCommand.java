package io.routepack.yunojuno.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.RequestRejectedException;
import io.routepack.yunojuno.Settings;
import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.db.MigratedDataSource;
import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.inbox.InboxRepository;
import io.routepack.yunojuno.sink.Outbox;
import io.routepack.yunojuno.sink.hris.HrisPersonalData;
import java.time.Clock;
import java.time.Duration;

/**
 * The admin API's personal-data requests from the command line, straight against the store and HR databases:
 * <pre>
 * java -jar yunojuno-camel-pack.jar people erase fp_...
 * java -jar yunojuno-camel-pack.jar people export fp_... | clct_... | someone@example.com
 * </pre>
 */
public final class PeopleCommand {

    private PeopleCommand() {
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args) {
        if (args.length != 3 || !(args[1].equals("erase") || args[1].equals("export"))) {
            System.err.println("usage: people erase FREELANCER_ID | people export FREELANCER_ID|CLIENT_CONTACT_ID|EMAIL");
            return 2;
        }
        String url = Settings.get("store.jdbc.url", "");
        String hrisUrl = Settings.get("hris.jdbc.url", "");
        try (HikariDataSource store = MigratedDataSource.open("inbox", url, Settings.get("store.jdbc.username", ""),
                Settings.get("store.jdbc.password", ""), 2);
             HikariDataSource hris = hrisUrl.equals(url) ? null : MigratedDataSource.open("hris", hrisUrl,
                     Settings.get("hris.jdbc.username", ""), Settings.get("hris.jdbc.password", ""), 2);
             InboxRepository inbox = new InboxRepository(store, Dialect.of(url), Clock.systemUTC(), 10_000)) {
            MigratedDataSource.migrate("privacy", Dialect.of(url), store);
            if (hris == null) {
                MigratedDataSource.migrate("hris", Dialect.of(url), store);
            }
            DeliveryLedger ledger = new DeliveryLedger(store, Clock.systemUTC(), Duration.ofMinutes(1), inbox);
            Outbox outbox = new Outbox(Settings.get("outbox.dir", "./data/outbox"));
            HrisPersonalData hrisData = new HrisPersonalData(hris == null ? store : hris,
                    Boolean.parseBoolean(Settings.get("privacy.erase.hris", "false").strip()));
            Object result = args[1].equals("export") ? new PersonalDataExport(inbox, ledger, outbox, hrisData).export(args[2])
                    : new Erasure(inbox, ledger, outbox, hrisData, store, Clock.systemUTC())
                            .erase(args[2], "command-line:" + System.getProperty("user.name", "unknown"));
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            return 0;
        } catch (RequestRejectedException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("cannot open the store or HR database (" + e.getMessage() + ")."
                    + (url.startsWith("jdbc:h2:") ? " The embedded H2 database is locked by a running pack: stop it, or use the"
                    + " admin API (admin.token) instead." : ""));
            return 1;
        }
    }
}
