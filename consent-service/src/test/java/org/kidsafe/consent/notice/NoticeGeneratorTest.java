package org.kidsafe.consent.notice;

import org.junit.jupiter.api.Test;
import org.kidsafe.consent.hashing.Hashing;
import org.kidsafe.consent.preference.Language;
import org.kidsafe.events.DataCategory;
import org.kidsafe.commons.retention.RetentionPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notice text follows the retention settings and the third parties, so changing either changes its hash. */
class NoticeGeneratorTest {

    @Test
    void theRetentionPeriodsInTheNoticeAreTheConfiguredOnes() {
        NoticeContent notice = new NoticeGenerator(retention(Duration.ofDays(100)), settings(List.of()), Duration.ofDays(30)).generate();

        assertTrue(notice.text().contains("100 days after it is collected"), notice.text());
        assertEquals(Duration.ofDays(100), category(notice, DataCategory.PHOTOS).retention());
        assertTrue(notice.text().contains("deleted after 14 days if verification is not completed"));
    }

    /** Issue 18 item 1: the notice says when deleted data becomes unreadable in backups (T2) and what that implies. */
    @Test
    void theNoticeStatesWhenBackupsBecomeUnreadableFromTheKekRotationPeriod() {
        String text = new NoticeGenerator(retention(Duration.ofDays(365)), settings(List.of()), Duration.ofDays(21)).generate().text();

        assertTrue(text.contains("they become unreadable within 21 days, when the key that protected them is retired"), text);
        assertTrue(text.contains("destroy every copy of that key, including our key backups"), text);
        assertTrue(text.contains("a backup older than that can no longer be restored"), text);
        assertNotEquals(Hashing.sha256(text), Hashing.sha256(new NoticeGenerator(retention(Duration.ofDays(365)), settings(List.of()),
                Duration.ofDays(30)).generate().text()), "another rotation period is another notice version");
    }

    @Test
    void anyChangeInSettingsChangesTheTextAndSoTheVersion() {
        String base = new NoticeGenerator(retention(Duration.ofDays(365)), settings(List.of()), Duration.ofDays(30)).generate().text();
        String shorter = new NoticeGenerator(retention(Duration.ofDays(180)), settings(List.of()), Duration.ofDays(30)).generate().text();
        NoticeContent disclosing = new NoticeGenerator(retention(Duration.ofDays(365)), settings(List.of("Acme Analytics: usage statistics")),
                Duration.ofDays(30)).generate();

        assertNotEquals(Hashing.sha256(base), Hashing.sha256(shorter));
        assertNotEquals(Hashing.sha256(base), Hashing.sha256(disclosing.text()));
        assertEquals(List.of("Acme Analytics: usage statistics"), category(disclosing, DataCategory.THIRD_PARTY_DISCLOSURE).thirdParties());
        assertEquals(Hashing.sha256(base), Hashing.sha256(new NoticeGenerator(retention(Duration.ofDays(365)), settings(List.of()), Duration.ofDays(30)).generate().text()),
                "the same settings give the same text");
    }

    /** Issue 19 item 10: the Spanish notice states the same facts from the same settings, with its own text and hash. */
    @Test
    void theSpanishNoticeStatesTheSameSettingsInSpanish() {
        NoticeGenerator generator = new NoticeGenerator(retention(Duration.ofDays(100)), settings(List.of("Acme Analytics: usage statistics")),
                Duration.ofDays(21));
        NoticeContent english = generator.generate(Language.EN);
        NoticeContent spanish = generator.generate(Language.ES);

        assertTrue(spanish.text().startsWith("Aviso directo a madres, padres y tutores\n"), spanish.text());
        assertTrue(spanish.text().contains("cada elemento se elimina 100 días después de recopilarse"), spanish.text());
        assertTrue(spanish.text().contains("se elimina tras 14 días si la verificación no se completa"), spanish.text());
        assertTrue(spanish.text().contains("se vuelven ilegibles en un plazo de 21 días"), spanish.text());
        assertTrue(spanish.text().contains("Terceros: Acme Analytics: usage statistics"), spanish.text());
        assertTrue(spanish.text().contains("Tus derechos\n  " + spanish.rights()), spanish.text());
        assertTrue(spanish.howToRevoke().contains("centro de privacidad"), spanish.howToRevoke());
        assertEquals(english.categories(), spanish.categories().stream().map(category -> new NoticeContent.CategoryNotice(category.category(),
                category(english, category.category()).purpose(), category.retention(), category.thirdParties())).toList(),
                "the same categories, retention and third parties");
        assertNotEquals(english.text(), spanish.text());
        assertEquals(english.text(), generator.generate().text(), "English stays the reference text");
    }

    private static NoticeContent.CategoryNotice category(NoticeContent notice, DataCategory category) {
        return notice.categories().stream().filter(entry -> entry.category() == category).findFirst().orElseThrow();
    }

    private static RetentionPolicy retention(Duration photos) {
        return new RetentionPolicy() {
            public Duration profileInactivity() {
                return Duration.ofDays(548);
            }

            public Duration photos() {
                return photos;
            }

            public Duration voice() {
                return Duration.ofDays(30);
            }

            public Duration chat() {
                return Duration.ofDays(90);
            }

            public Duration abandonedSignUp() {
                return Duration.ofDays(14);
            }
        };
    }

    private static NoticeSettings settings(List<String> thirdParties) {
        return new NoticeSettings() {
            public String operatorName() {
                return "Toy Co";
            }

            public String operatorContact() {
                return "privacy@toy.example";
            }

            public Optional<List<String>> thirdParties() {
                return thirdParties.isEmpty() ? Optional.empty() : Optional.of(thirdParties);
            }
        };
    }
}
