package io.routepack.yunojuno.sink.mail;

import freemarker.core.ParseException;
import freemarker.template.Configuration;
import freemarker.template.TemplateNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.freemarker.FreemarkerEndpoint;
import org.apache.camel.support.ResourceHelper;

/**
 * Checks that every mail template a route renders exists and parses, so a typo in a template path or
 * a broken template stops start-up instead of failing every mail.
 */
public final class MailTemplateCheck {

    private MailTemplateCheck() {
    }

    /** One line per problem, naming the file; empty when every template of a running route is fine. */
    public static List<String> problems(CamelContext context) {
        List<String> problems = new ArrayList<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof FreemarkerEndpoint freemarker) {
                String problem = check(context, freemarker.getResourceUri(), freemarker.getConfiguration());
                if (problem != null && !problems.contains(problem)) {
                    problems.add(problem);
                }
            }
        }
        return problems;
    }

    /**
     * A template name under the working directory is loaded through {@code templates} (parsed); a
     * {@code file:} or {@code classpath:} URI is only checked to exist. Returns the problem, or null.
     */
    public static String check(CamelContext context, String name, Configuration templates) {
        if (name.contains(":")) {
            try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, name)) {
                return null;
            } catch (IOException e) {
                return name + ": template file does not exist";
            }
        }
        return parse(name, templates);
    }

    /** Loads and parses a template through {@code templates}; returns the problem, or null. */
    public static String parse(String name, Configuration templates) {
        try {
            templates.getTemplate(name);
            return null;
        } catch (TemplateNotFoundException e) {
            return name + ": template file does not exist";
        } catch (ParseException e) {
            return name + ": line " + e.getLineNumber() + ": " + e.getEditorMessage();
        } catch (IOException e) {
            return name + ": cannot be read (" + e.getMessage() + ")";
        }
    }
}
