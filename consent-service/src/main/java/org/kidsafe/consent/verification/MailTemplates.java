package org.kidsafe.consent.verification;

import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateInstance;
import org.kidsafe.consent.preference.Language;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a parent's mail is worded: {@code templates/mail/<language>/<mail>-subject.txt}, {@code <mail>.txt} and, for
 * mails with an HTML part, {@code <mail>.html} (issue 19 items 2, 8 and 10). One rule for the notice mails, the
 * notifications and the plain mails, so a language or a mail is added as templates, never code.
 */
public final class MailTemplates {

    private MailTemplates() {
    }

    /** The subject (trimmed), the plain text and the HTML of {@code mail}; the text and the HTML also see the subject. */
    public static NoticeMail.Rendered render(Engine engine, Language language, String mail, Map<String, ?> data) {
        String subject = text(engine, language, mail + "-subject.txt", data).strip();
        Map<String, Object> withSubject = new HashMap<>(data);
        withSubject.put("subject", subject);
        return new NoticeMail.Rendered(subject, text(engine, language, mail + ".txt", withSubject),
                text(engine, language, mail + ".html", withSubject));
    }

    /** One template of the language's folder, e.g. {@code idle-reminder.txt}. */
    public static String text(Engine engine, Language language, String name, Map<String, ?> data) {
        TemplateInstance template = engine.getTemplate("mail/" + language.code() + "/" + name).instance();
        data.forEach(template::data);
        return template.render();
    }
}
