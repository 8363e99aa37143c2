package org.kidsafe.consent.notice;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import org.kidsafe.consent.preference.Language;

import java.time.Duration;

/**
 * Changes the generated notice for one test (QuarkusMock: until the test ends), as an operator changing the settings
 * would: the real notice with a paragraph added before "Your rights" (and before "Tus derechos" in Spanish). A new version is published the next time the
 * current notice is read.
 */
public final class AmendedNotice {

    private AmendedNotice() {
    }

    /** @param generator the injected generator (its proxy); the amended one wraps the real instance behind it */
    public static void install(NoticeGenerator generator, String paragraph) {
        NoticeGenerator real = ClientProxy.unwrap(generator);
        QuarkusMock.installMockForType(new NoticeGenerator(null, null, Duration.ZERO) {
            @Override
            public NoticeContent generate(Language language) {
                NoticeContent content = real.generate(language);
                String rights = language == Language.ES ? "\nTus derechos\n" : "\nYour rights\n";
                return new NoticeContent(content.text().replace(rights, "\n" + paragraph + "\n" + rights),
                        content.categories(), content.rights(), content.howToRevoke());
            }
        }, NoticeGenerator.class);
    }
}
