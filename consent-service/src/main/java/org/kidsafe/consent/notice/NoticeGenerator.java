package org.kidsafe.consent.notice;

import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.events.DataCategory;
import org.kidsafe.commons.retention.RetentionPolicy;
import jakarta.inject.Inject;
import org.kidsafe.crypto.kek.KekSettings;
import org.kidsafe.consent.preference.Language;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the direct notice (16 CFR 312.4) from the same retention settings the services purge by,
 * so the published policy cannot drift from what is enforced. It also states when deleted data becomes unreadable in
 * backups (issue 18 item 1): within the KEK rotation period ({@code kidsafe.kek.rotation-period}), the T2 each erasure
 * receipt states, with its consequences for key copies and old backups (docs/retention-policy.md, section 3.4). It ends
 * with the parent's rights and how to revoke (312.4(c)(1)(iv)), also given apart for the mail that delivers the notice
 * (issue 19 item 2). It writes the same notice in English and in Spanish (issue 19 item 10); the English text is the
 * version's reference text, whose hash identifies the version.
 */
@ApplicationScoped
public class NoticeGenerator {

    /** The notice's wording in one language: the same facts, sentence for sentence (issue 19 item 10). */
    private record Wording(Map<DataCategory, String> purposes, String rights, String howToRevoke, String title, String operator,
                           String contact, String intro, String purpose, String thirdParties, String noThirdParties,
                           String profileRetention, String itemRetention, String email,
                           String backupsBefore, String backupsAfter, String rightsTitle, String howToRevokeTitle,
                           String day, String days) {
    }

    private static final Wording ENGLISH = new Wording(Map.of(
            DataCategory.PROFILE, "A nickname and an age band (never a full name, address or birth date), so the toy can greet your child"
                    + " and adapt to their age; device identifiers of paired toys, only to deliver the toy's features.",
            DataCategory.PHOTOS, "Photos your child takes with the toy, to show them back to your child and to you.",
            DataCategory.VOICE, "Voice recordings your child makes with the toy, to play them back to your child and to you.",
            DataCategory.CHAT, "Messages between your child's toy and you, to deliver them; phone numbers, emails, addresses and links your child types are masked.",
            DataCategory.THIRD_PARTY_DISCLOSURE, "Disclosure of your child's data to the third parties listed here. Off unless you"
                    + " consent to it separately; you can consent to everything else without it."),
            "At any time you can review the information kept about your child and export it, refuse"
                    + " further collection, revoke any consent, and have your child's information deleted.",
            "In the parent app's privacy center, revoke a category's consent or delete your"
                    + " child. Revoking stops collection in that category and deletes what was collected under it, and you receive a"
                    + " deletion receipt. You can also write to ",
            "Direct notice to parents", "Operator: ", " (contact: ",
            "We collect your child's information only for the categories you consent to, each separately;"
                    + " your rights and how to revoke are at the end.\n",
            "  Purpose: ", "  Third parties: ", "none; nothing is disclosed",
            "  Retention: deleted after %s without activity, or when you ask\n",
            "  Retention: each item is deleted %s after it is collected, or when you ask\n",
            "\nYour email address, if you give it to verify that you are the parent, is used only for that and for notices"
                    + " about your consent; it is deleted after %s if verification is not completed.\n",
            "\nWhen your child's information is deleted, the key that encrypts it is destroyed at once, so it can no longer be"
                    + " read. Our backups and database logs may still hold copies for a while; they become unreadable within ",
            ", when the key that protected them is retired. We then destroy every copy of that key, including our key"
                    + " backups, and a backup older than that can no longer be restored. Your deletion receipt states both moments.\n",
            "Your rights", "How to revoke", " day", " days");

    private static final Wording SPANISH = new Wording(Map.of(
            DataCategory.PROFILE, "Un apodo y una franja de edad (nunca un nombre completo, una dirección ni una fecha de nacimiento), para que"
                    + " el juguete salude a tu hijo o hija y se adapte a su edad; identificadores de los juguetes vinculados, solo para"
                    + " ofrecer las funciones del juguete.",
            DataCategory.PHOTOS, "Fotos que tu hijo o hija toma con el juguete, para mostrárselas a tu hijo o hija y a ti.",
            DataCategory.VOICE, "Grabaciones de voz que tu hijo o hija hace con el juguete, para reproducírselas a tu hijo o hija y a ti.",
            DataCategory.CHAT, "Mensajes entre el juguete de tu hijo o hija y tú, para entregarlos; los números de teléfono, correos,"
                    + " direcciones y enlaces que escribe tu hijo o hija se ocultan.",
            DataCategory.THIRD_PARTY_DISCLOSURE, "Divulgación de los datos de tu hijo o hija a los terceros indicados aquí. Desactivada"
                    + " salvo que des tu consentimiento por separado; puedes consentir todo lo demás sin ella."),
            "En cualquier momento puedes revisar la información que guardamos sobre tu hijo o hija y exportarla, negarte a que"
                    + " se siga recopilando, revocar cualquier consentimiento y hacer que se elimine la información de tu hijo o hija.",
            "En el centro de privacidad de la aplicación para madres, padres y tutores, revoca el consentimiento de una categoría o"
                    + " elimina a tu hijo o hija. Revocar detiene la recopilación en esa categoría y elimina lo recopilado con ella, y"
                    + " recibes un comprobante de eliminación. También puedes escribir a ",
            "Aviso directo a madres, padres y tutores", "Operador: ", " (contacto: ",
            "Recopilamos información de tu hijo o hija solo en las categorías que consientas, cada una por separado;"
                    + " tus derechos y cómo revocar están al final.\n",
            "  Finalidad: ", "  Terceros: ", "ninguno; no se divulga nada",
            "  Conservación: se elimina tras %s sin actividad, o cuando lo pidas\n",
            "  Conservación: cada elemento se elimina %s después de recopilarse, o cuando lo pidas\n",
            "\nTu dirección de correo, si la das para verificar que eres madre, padre o tutor, se usa solo para eso y para avisos"
                    + " sobre tu consentimiento; se elimina tras %s si la verificación no se completa.\n",
            "\nCuando se elimina la información de tu hijo o hija, la clave que la cifra se destruye de inmediato, así que ya no"
                    + " puede leerse. Nuestras copias de seguridad y registros de base de datos pueden conservar copias durante un"
                    + " tiempo; se vuelven ilegibles en un plazo de ",
            ", cuando se retira la clave que las protegía. Después destruimos todas las copias de esa clave, incluidas nuestras"
                    + " copias de seguridad de claves, y una copia de seguridad más antigua ya no puede restaurarse. Tu comprobante"
                    + " de eliminación indica ambos momentos.\n",
            "Tus derechos", "Cómo revocar", " día", " días");

    private final RetentionPolicy retention;
    private final NoticeSettings settings;
    private final Duration kekRotationPeriod;

    @Inject
    NoticeGenerator(RetentionPolicy retention, NoticeSettings settings, KekSettings kek) {
        this(retention, settings, kek.rotationPeriod());
    }

    NoticeGenerator(RetentionPolicy retention, NoticeSettings settings, Duration kekRotationPeriod) {
        this.retention = retention;
        this.settings = settings;
        this.kekRotationPeriod = kekRotationPeriod;
    }

    /** The notice in English, the version's reference text. */
    public NoticeContent generate() {
        return generate(Language.EN);
    }

    /** The notice in {@code language}: the same facts from the same settings as every other language. */
    public NoticeContent generate(Language language) {
        Wording wording = language == Language.ES ? SPANISH : ENGLISH;
        List<NoticeContent.CategoryNotice> categories = new ArrayList<>();
        for (DataCategory category : DataCategory.values()) {
            List<String> thirdParties = category == DataCategory.THIRD_PARTY_DISCLOSURE
                    ? settings.thirdParties().orElse(List.of())
                    : List.of();
            categories.add(new NoticeContent.CategoryNotice(category, wording.purposes().get(category), retentionOf(category), thirdParties));
        }
        String howToRevoke = wording.howToRevoke() + settings.operatorContact() + ".";
        return new NoticeContent(text(wording, categories, howToRevoke), List.copyOf(categories), wording.rights(), howToRevoke);
    }

    private Duration retentionOf(DataCategory category) {
        return switch (category) {
            case PROFILE -> retention.profileInactivity();
            case PHOTOS -> retention.photos();
            case VOICE -> retention.voice();
            case CHAT -> retention.chat();
            case THIRD_PARTY_DISCLOSURE -> null;
        };
    }

    private String text(Wording wording, List<NoticeContent.CategoryNotice> categories, String howToRevoke) {
        StringBuilder text = new StringBuilder();
        text.append(wording.title()).append("\n\n")
                .append(wording.operator()).append(settings.operatorName()).append(wording.contact()).append(settings.operatorContact()).append(")\n\n")
                .append(wording.intro());
        for (NoticeContent.CategoryNotice category : categories) {
            text.append("\n").append(category.category()).append("\n").append(wording.purpose()).append(category.purpose()).append("\n");
            if (category.category() == DataCategory.THIRD_PARTY_DISCLOSURE) {
                text.append(wording.thirdParties())
                        .append(category.thirdParties().isEmpty() ? wording.noThirdParties() : String.join("; ", category.thirdParties()))
                        .append("\n");
            } else if (category.category() == DataCategory.PROFILE) {
                text.append(wording.profileRetention().formatted(days(wording, category.retention())));
            } else {
                text.append(wording.itemRetention().formatted(days(wording, category.retention())));
            }
        }
        text.append(wording.email().formatted(days(wording, retention.abandonedSignUp())));
        text.append(wording.backupsBefore()).append(days(wording, kekRotationPeriod)).append(wording.backupsAfter());
        text.append("\n").append(wording.rightsTitle()).append("\n  ").append(wording.rights()).append("\n");
        text.append("\n").append(wording.howToRevokeTitle()).append("\n  ").append(howToRevoke).append("\n");
        return text.toString();
    }

    private static String days(Wording wording, Duration duration) {
        long days = duration.toDays();
        return days >= 1 && duration.equals(Duration.ofDays(days)) ? days + (days == 1 ? wording.day() : wording.days()) : duration.toString();
    }
}
