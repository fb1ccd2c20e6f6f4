package io.routepack.yunojuno.sink;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The outbox folder ({@code outbox.dir}) where sinks write files when no server is configured: {@code .eml}
 * mails under {@code mail/}, finance documents under {@code finance/}. Answers retention (delete what is old)
 * and the personal-data requests (which files mention someone); it never writes a file itself.
 */
public final class Outbox {

    private final Path dir;

    public Outbox(String dir) {
        this.dir = Path.of(dir == null || dir.isBlank() ? "./data/outbox" : dir);
    }

    public Path dir() {
        return dir;
    }

    /** Every file in the outbox, in name order (none when the folder does not exist yet). */
    public List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the outbox " + dir, e);
        }
    }

    /** Deletes the files last written before {@code cutoff}. Returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        int deleted = 0;
        for (Path file : files()) {
            try {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            } catch (NoSuchFileException e) {
                // taken by another instance's run
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + file, e);
            }
        }
        return deleted;
    }

    /**
     * The files whose name holds one of {@code names} (svix-ids, which name the files) or whose text holds one of
     * {@code terms}, compared without regard to case. A mail's text is read decoded (headers, every text part), so
     * an encoded name or address is found too.
     */
    public List<Path> mentioning(Collection<String> names, Collection<String> terms) {
        List<Path> out = new ArrayList<>();
        for (Path file : files()) {
            String fileName = file.getFileName().toString();
            if (names.stream().anyMatch(n -> n != null && !n.isBlank() && fileName.contains(n))) {
                out.add(file);
                continue;
            }
            String text = text(file).toLowerCase(Locale.ROOT);
            if (terms.stream().anyMatch(t -> t != null && !t.isBlank() && text.contains(t.toLowerCase(Locale.ROOT)))) {
                out.add(file);
            }
        }
        return out;
    }

    /** Deletes one file of the outbox; false when it was already gone. */
    public boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** A file's text: raw for JSON and other files; for a mail, its raw form followed by its decoded headers and parts. */
    public String text(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String raw = new String(bytes, StandardCharsets.UTF_8);
            if (!file.getFileName().toString().endsWith(".eml")) {
                return raw;
            }
            StringBuilder text = new StringBuilder(raw).append('\n');
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), in);
                Enumeration<jakarta.mail.Header> headers = mail.getAllHeaders();
                while (headers.hasMoreElements()) {
                    jakarta.mail.Header h = headers.nextElement();
                    text.append(h.getName()).append(": ").append(MimeUtility.decodeText(h.getValue())).append('\n');
                }
                appendParts(mail, text);
            } catch (MessagingException e) {
                // not a readable mail: the raw text is all there is
            }
            return text.toString();
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void appendParts(Part part, StringBuilder text) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                appendParts(child, text);
            }
        } else if (content instanceof String s) {
            text.append(s).append('\n');
        }
    }
}
