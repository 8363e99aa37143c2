package org.kidsafe.consent.verification;

import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Engine;
import org.kidsafe.consent.preference.Language;

import java.util.Map;
import java.util.UUID;

/** The real {@link ParentMail} that runs a test's step just before mailing a leaving parent's receipts (QuarkusMock). */
public class ParentMailWithHook extends ParentMail {

    private final Runnable beforeReceipts;

    public ParentMailWithHook(Mailer mailer, Engine engine, Runnable beforeReceipts) {
        super(mailer, engine);
        this.beforeReceipts = beforeReceipts;
    }

    @Override
    public void sendLeavingReceipts(String email, Language language, Map<UUID, String> receiptsByErasure) {
        beforeReceipts.run();
        super.sendLeavingReceipts(email, language, receiptsByErasure);
    }
}
