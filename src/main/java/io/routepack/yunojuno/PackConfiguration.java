package io.routepack.yunojuno;

import com.zaxxer.hikari.HikariDataSource;
import io.routepack.yunojuno.admin.AdminApi;
import io.routepack.yunojuno.db.Dialect;
import io.routepack.yunojuno.db.LazilyMigratedDataSource;
import io.routepack.yunojuno.db.MigratedDataSource;
import io.routepack.yunojuno.delivery.DeliveryLanes;
import io.routepack.yunojuno.delivery.DeliveryLedger;
import io.routepack.yunojuno.delivery.DeliverySteps;
import io.routepack.yunojuno.delivery.RetryPolicy;
import io.routepack.yunojuno.delivery.SinkFailure;
import io.routepack.yunojuno.dispatch.DispatchTable;
import io.routepack.yunojuno.dispatch.SinkRoutes;
import io.routepack.yunojuno.sink.hris.ContractRecordWriter;
import io.routepack.yunojuno.sink.hris.ContractorOnboardingWriter;
import io.routepack.yunojuno.sink.hris.HrisTransactions;
import io.routepack.yunojuno.inbox.InboxRepository;
import io.routepack.yunojuno.inbox.InboxSteps;
import io.routepack.yunojuno.ingress.HttpServerGuard;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.routepack.yunojuno.ops.ConfigurationCheck;
import io.routepack.yunojuno.ops.InboxDatabaseHealthCheck;
import io.routepack.yunojuno.ops.OpsWatch;
import io.routepack.yunojuno.ops.LogValue;
import io.routepack.yunojuno.ops.PackMetrics;
import io.routepack.yunojuno.ops.WebhookServerHealthCheck;
import io.routepack.yunojuno.sink.mail.MailTemplates;
import io.routepack.yunojuno.sink.DropFields;
import io.routepack.yunojuno.sink.Outbox;
import io.routepack.yunojuno.sink.hris.HrisPersonalData;
import io.routepack.yunojuno.privacy.Erasure;
import io.routepack.yunojuno.privacy.PersonalDataExport;
import io.routepack.yunojuno.privacy.Retention;
import io.routepack.yunojuno.sink.SentRecord;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.freemarker.FreemarkerComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The pack's infrastructure beans: the store database (inbox and delivery ledger) and the HR database
 * (hris sink), each with its pool and migrations, and the repositories and writers the routes call. Everything else is wired in {@code routes/}.
 * Bound here, in order, before any route is loaded.
 */
public class PackConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent props = context.getPropertiesComponent();
        // First, before any database is opened: a mistake in the mapping stops start-up at once.
        DispatchTable dispatchTable = DispatchTable.parse(props.resolveProperty(DispatchTable.KEY).orElse(""));
        context.getRegistry().bind("dispatchTable", dispatchTable);
        try {
            context.addStartupListener(new ConfigurationCheck(dispatchTable, SinkRoutes.watch(context)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Clock clock = Clock.systemUTC();
        context.getRegistry().bind("clock", clock);

        String url = required(props, "store.jdbc.url");
        InboxRepository.checkJdbcUrl(url);
        HikariDataSource store = MigratedDataSource.open("inbox", url,
                props.resolveProperty("store.jdbc.username").orElse(""),
                props.resolveProperty("store.jdbc.password").orElse(""),
                Integer.parseInt(props.resolveProperty("store.jdbc.pool-size").orElse("10")));
        closeOnStop(context, store);
        context.getRegistry().bind("storeDataSource", store);
        long commitTimeout = Long.parseLong(props.resolveProperty("store.group-commit.timeout-ms").orElse("10000"));
        InboxRepository inbox = new InboxRepository(store, Dialect.of(url), clock, commitTimeout);
        closeOnStop(context, inbox);
        context.getRegistry().bind("inboxRepository", inbox);
        context.getRegistry().bind("inbox", new InboxSteps(inbox, clock));
        long claimTimeout = Long.parseLong(props.resolveProperty("delivery.claim-timeout-seconds").orElse("60"));
        DeliveryLedger ledger = new DeliveryLedger(store, clock, Duration.ofSeconds(claimTimeout), inbox);
        closeOnStop(context, ledger); // before the pool: commits what is queued first
        if (Dialect.of(url) == Dialect.H2) {
            // An embedded file database belongs to this one process: claims left by a previous run are stale.
            ledger.releaseAllClaims();
        }
        context.getRegistry().bind("deliveryLedger", ledger);
        context.getRegistry().bind("ledger", new DeliverySteps(ledger, new SinkFailure(sink -> retryPolicy(props, sink), clock)));
        checkLaneKnobs(props);
        context.getRegistry().bind("lanes", new DeliveryLanes(context, ledger,
                sink -> laneKnob(props, sink, "concurrency", "4"), sink -> laneKnob(props, sink, "queue-size", "1000")));
        closeOnStop(context, ledger::releaseOwnClaims); // after the routes stop, before the pool closes
        Outbox outbox = new Outbox(props.resolveProperty("outbox.dir").orElse("./data/outbox"));
        context.getRegistry().bind("outbox", outbox);
        context.getRegistry().bind("dropFields", new DropFields(props.loadProperties(k -> k.startsWith("sink.") && DropFields.isKey(k))));
        context.getRegistry().bind("retention", new Retention(inbox, ledger, outbox, clock,
                intKey(props, "retention.days", "30"), intKey(props, "retention.tombstone-days", "400")));
        context.getRegistry().bind("adminApi", new AdminApi(inbox, ledger));
        context.getRegistry().bind("metrics", new PackMetrics(inbox, ledger, clock));
        // Refusals, silence and the sinks' backlog against YunoJuno's retry clock (ops.*; table in its own migration set).
        OpsWatch opsWatch = OpsWatch.create(props, store, url, ledger, inbox, clock);
        context.getRegistry().bind("opsWatch", opsWatch);
        closeOnStop(context, opsWatch::flush); // the last round's refusals, before the pool closes
        context.getRegistry().bind("inboxDatabaseHealthCheck", new InboxDatabaseHealthCheck(inbox));
        context.getRegistry().bind("webhookServerHealthCheck", new WebhookServerHealthCheck());
        // ${function(logValue,...)}: request-derived values in log lines, quoted and escaped.
        LogValue.register(context);
        // The webhook server's connection limits; Camel's Vert.x HTTP servers take this Vert.x from the registry.
        HttpServerGuard guard = HttpServerGuard.fromProperties(props);
        closeOnStop(context, guard); // added before the HTTP servers, so stopped after them
        context.getRegistry().bind("vertx", guard.vertx(() -> {
            VertxOptions options = CamelContextHelper.findSingleByType(context, VertxOptions.class);
            return Vertx.vertx(options != null ? options : new VertxOptions());
        }));
        // Sinks' record of side effects already sent (mails, finance documents): its own migration set.
        MigratedDataSource.migrate("sinks", Dialect.of(url), store);
        context.getRegistry().bind("sentRecord", new SentRecord(store, clock));
        // Email body templates: paths under the working directory, parsed once (used with contentCache=true).
        context.getComponent("freemarker", FreemarkerComponent.class).setConfiguration(MailTemplates.under(new File(".")));

        // The HR database: may be the same server (or database) as the store, or another one. Opened lazily:
        // while it is down the pack still acknowledges webhooks and the hris deliveries wait in the ledger.
        // Its connect and socket timeouts are short, so an attempt while it is unreachable fails in seconds
        // and is retried on the ledger's back-off.
        LazilyMigratedDataSource hris = MigratedDataSource.openLazily("hris", required(props, "hris.jdbc.url"),
                props.resolveProperty("hris.jdbc.username").orElse(""),
                props.resolveProperty("hris.jdbc.password").orElse(""),
                Integer.parseInt(props.resolveProperty("hris.jdbc.pool-size").orElse("5")),
                positive(props, "hris.jdbc.connect-timeout-ms", "2000"),
                positive(props, "hris.jdbc.socket-timeout-ms", "15000"));
        closeOnStop(context, hris);
        context.getRegistry().bind("hrisDataSource", hris);
        HrisTransactions hrisTransactions = new HrisTransactions(hris);
        context.getRegistry().bind("hrisContractorOnboarding", new ContractorOnboardingWriter(hrisTransactions, clock));
        context.getRegistry().bind("hrisContracts", new ContractRecordWriter(hrisTransactions, clock));
        // Erasure of one person (docs/privacy.md); its audit table in its own migration set on the store.
        MigratedDataSource.migrate("privacy", Dialect.of(url), store);
        boolean eraseHris = Boolean.parseBoolean(props.resolveProperty("privacy.erase.hris").orElse("false").strip());
        HrisPersonalData hrisPersonalData = new HrisPersonalData(hris, eraseHris);
        context.getRegistry().bind("erasure", new Erasure(inbox, ledger, outbox, hrisPersonalData, store, clock));
        context.getRegistry().bind("personalDataExport", new PersonalDataExport(inbox, ledger, outbox, hrisPersonalData));
    }

    /** A sink's policy: {@code delivery.<sink>.<knob>} when set, else {@code delivery.default.<knob>}. */
    static RetryPolicy retryPolicy(PropertiesComponent props, String sink) {
        return new RetryPolicy(
                Integer.parseInt(knob(props, sink, "max-attempts", "10")),
                Duration.ofMillis(Long.parseLong(knob(props, sink, "initial-delay-ms", "1000"))),
                Double.parseDouble(knob(props, sink, "multiplier", "2.0")),
                Duration.ofMillis(Long.parseLong(knob(props, sink, "max-delay-ms", "3600000"))));
    }

    private static String knob(PropertiesComponent props, String sink, String name, String fallback) {
        return props.resolveProperty("delivery." + sink + "." + name)
                .or(() -> props.resolveProperty("delivery.default." + name))
                .orElse(fallback);
    }

    /** A lane knob of a sink: {@code delivery.<sink>.<knob>} when set, else {@code delivery.<knob>}. */
    static int laneKnob(PropertiesComponent props, String sink, String name, String fallback) {
        String key = "delivery." + sink + "." + name;
        return (int) positive(props, props.resolveProperty(key).isPresent() ? key : "delivery." + name, fallback);
    }

    /** Lanes are added while running: their knobs, for every sink, are checked at start-up. */
    private static void checkLaneKnobs(PropertiesComponent props) {
        for (String key : props.loadProperties(k -> k.matches("delivery\\.([^.]+\\.)?(concurrency|queue-size)")).stringPropertyNames()) {
            positive(props, key, "1");
        }
    }

    private static long positive(PropertiesComponent props, String key, String fallback) {
        String value = props.resolveProperty(key).orElse(fallback).strip();
        try {
            long n = Long.parseLong(value);
            if (n > 0 && n <= Integer.MAX_VALUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(key + " must be a whole number above 0, not " + value);
    }

    /** A whole-number setting; a value that is not one stops start-up naming the key. */
    static int intKey(PropertiesComponent props, String key, String fallback) {
        String value = props.resolveProperty(key).filter(v -> !v.isBlank()).orElse(fallback).strip();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
        }
    }

    static String required(PropertiesComponent props, String key) {
        return props.resolveProperty(key).filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                key + " is not set: set it in application.properties, with -D" + key + "=... or with the environment variable "
                        + key.toUpperCase().replace('.', '_').replace('-', '_')));
    }

    /** Closes a pool when Camel stops, after the routes that use it. */
    static void closeOnStop(CamelContext context, AutoCloseable resource) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
