package io.routepack.yunojuno.sink.mail;

import freemarker.cache.FileTemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.TemplateExceptionHandler;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The FreeMarker configuration camel-freemarker renders the email bodies with: a template name such as
 * {@code templates/finance-spend-approved.html.ftlh} is a file under the working directory, parsed once and
 * parsed again only when the file changes. camel-freemarker's own configuration re-reads and re-parses a
 * {@code file:} template on every mail.
 */
public final class MailTemplates {

    private MailTemplates() {
    }

    /** Templates under {@code baseDir}, their modification time checked on every mail: an edit applies to the next one. */
    public static Configuration under(File baseDir) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        try {
            // true: a templates/ folder that is a symbolic link to elsewhere still works
            cfg.setTemplateLoader(new FileTemplateLoader(baseDir, true));
        } catch (IOException e) {
            throw new UncheckedIOException("mail templates folder " + baseDir + " cannot be read", e);
        }
        cfg.setTemplateUpdateDelayMilliseconds(0); // a stat per mail, no parse: edits need no restart
        cfg.setLocalizedLookup(false); // no name_en_GB.ftlh probing
        cfg.setDefaultEncoding("UTF-8");
        // A template error fails the delivery, which records it and retries; FreeMarker need not log it too.
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        return cfg;
    }
}
