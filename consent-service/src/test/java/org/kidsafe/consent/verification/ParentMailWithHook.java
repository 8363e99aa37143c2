package org.kidsafe.consent.verification;

import io.quarkus.mailer.Mailer;

import java.util.Map;
import java.util.UUID;

/** The real {@link ParentMail} that runs a test's step just before mailing a leaving parent's receipts (QuarkusMock). */
public class ParentMailWithHook extends ParentMail {

    private final Runnable beforeReceipts;

    public ParentMailWithHook(Mailer mailer, Runnable beforeReceipts) {
        super(mailer);
        this.beforeReceipts = beforeReceipts;
    }

    @Override
    public void sendLeavingReceipts(String email, Map<UUID, String> receiptsByErasure) {
        beforeReceipts.run();
        super.sendLeavingReceipts(email, receiptsByErasure);
    }
}
