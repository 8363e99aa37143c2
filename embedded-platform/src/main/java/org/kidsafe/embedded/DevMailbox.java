package org.kidsafe.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) that keeps development mail, and a read-only JSON view of it at
 * {@code GET /messages?to=address}, so a developer, the demo and end-to-end tests can read the
 * confirmation codes consent-service sends. Never for production.
 */
public final class DevMailbox implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GreenMail smtp;
    private final HttpServer web;
    private final int smtpPort;

    private DevMailbox(GreenMail smtp, HttpServer web, int smtpPort) {
        this.smtp = smtp;
        this.web = web;
        this.smtpPort = smtpPort;
    }

    public static DevMailbox start(int smtpPort, int webPort) {
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        try {
            HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", webPort), 0);
            DevMailbox mailbox = new DevMailbox(smtp, web, smtpPort);
            web.createContext("/messages", exchange -> {
                String query = exchange.getRequestURI().getQuery();
                String recipient = query != null && query.startsWith("to=") ? java.net.URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8) : null;
                byte[] body = JSON.writeValueAsBytes(mailbox.messages(recipient));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            web.start();
            return mailbox;
        } catch (IOException e) {
            smtp.stop();
            throw new UncheckedIOException(e);
        }
    }

    public int smtpPort() {
        return smtpPort;
    }

    public String webUrl() {
        return "http://127.0.0.1:" + web.getAddress().getPort() + "/messages";
    }

    /** Messages received so far, oldest first, optionally only those to one recipient. */
    public List<Map<String, Object>> messages(String recipient) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                List<String> to = Arrays.stream(message.getAllRecipients()).map(Address::toString).toList();
                if (recipient != null && to.stream().noneMatch(address -> address.equalsIgnoreCase(recipient))) {
                    continue;
                }
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("to", to);
                summary.put("subject", message.getSubject());
                summary.put("body", GreenMailUtil.getBody(message));
                messages.add(summary);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return messages;
    }

    @Override
    public void close() {
        web.stop(0);
        smtp.stop();
    }
}
