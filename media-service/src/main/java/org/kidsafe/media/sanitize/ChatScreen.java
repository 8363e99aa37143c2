package org.kidsafe.media.sanitize;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.kidsafe.media.config.MediaSettings;
import org.kidsafe.media.sanitize.MaskedKind;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks contact details in what a child types before it is stored or delivered (16 CFR 312.2:
 * online contact information and street addresses are personal information). Which kinds are
 * masked is configuration ({@code kidsafe.media.chat.mask-*}). Emails go first so their domain is
 * not read as a link, links before phone numbers so digits in a link are not read as one.
 */
@ApplicationScoped
public class ChatScreen {

    /** Digits spelled out in English and in Spanish (issue 19 item 10). */
    private static final String NUMBER_WORD = "(?:zero|oh|one|two|three|four|five|six|seven|eight|nine"
            + "|cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)";
    private static final String STREET = "(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|terrace|crescent|place)";
    /**
     * Mexican street types, written before the name ("Calle Reforma 25", "Av. Insurgentes Sur 1602"), so they need the
     * house number after the name: "la calle" alone is ordinary chat.
     */
    private static final String CALLE = "(?:calle|c/|avenida|av\\.?|avda\\.?|calzada|calz\\.?|bulevar|boulevard|blvd\\.?|privada|priv\\.?"
            + "|andador|circuito|cerrada|callej[oó]n|prolongaci[oó]n|prol\\.?)";
    private static final Map<MaskedKind, Pattern> PATTERNS = new LinkedHashMap<>();

    static {
        PATTERNS.put(MaskedKind.EMAIL, Pattern.compile(
                "[\\p{L}0-9._%+-]+\\s*(?:@|\\(at\\)|\\[at\\]|\\{at\\})\\s*[\\p{L}0-9-]+"
                        + "(?:(?:\\.|\\s*(?:\\(dot\\)|\\[dot\\]|\\{dot\\})\\s*)[\\p{L}0-9-]+)+",
                Pattern.CASE_INSENSITIVE));
        PATTERNS.put(MaskedKind.URL, Pattern.compile(
                "(?:https?://|www\\.)\\S+|\\b[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:com|net|org|io|co|uk|de|fr|app|me|tv|gg|ly|info|biz|xyz|us|ca|link)\\b(?:/\\S*)?",
                Pattern.CASE_INSENSITIVE));
        PATTERNS.put(MaskedKind.STREET_ADDRESS, Pattern.compile(
                "\\b\\d{1,6}[a-z]?\\s+(?:[\\p{L}0-9.'-]+\\s+){1,2}" + STREET + "\\b\\.?"
                        + "|\\b(?:live|living|house|home)\\s+(?:is\\s+)?(?:on|at|in)\\s+(?:[\\p{L}'-]+\\s+){1,3}" + STREET + "\\b"
                        // US unit and ZIP: "apt 4B", "suite 200", ", CA 90210"
                        + "|\\b(?:apt|apartment|suite)\\.?\\s*#?\\s*\\d+[a-z]?\\b"
                        + "|,\\s*(?-i:[A-Z]{2})\\s+\\d{5}(?:-\\d{4})?\\b"
                        // Mexico: "Calle Reforma 25", "Av. Juárez #45 int. 3", "Col. Roma Norte", "C.P. 06700"
                        + "|(?<![\\p{L}])" + CALLE + "\\s+(?:[\\p{L}.'-]+\\s+){1,4}(?:#\\s*|n[oú]m(?:ero|\\.)?\\s*)?\\d{1,5}[a-z]?\\b"
                        + "(?:\\s*,?\\s*(?:int(?:erior|\\.)?|depto\\.?|departamento)\\s*#?\\s*\\w+)?"
                        + "|(?<![\\p{L}])(?:col\\.|colonia)\\s+(?:(?:del|de|la|las|los|el)\\s+)*[\\p{L}'-]+(?:\\s+(?:norte|sur|oriente|poniente|centro)\\b)?"
                        + "|\\bc\\.?\\s?p\\.?\\s*\\d{5}\\b|\\bc[oó]digo\\s+postal\\s*:?\\s*\\d{5}\\b"
                        + "|\\b(?:vivo|viven|vivimos|mi\\s+casa\\s+(?:est[aá]|queda))\\s+en\\s+(?:la\\s+|el\\s+)?" + CALLE + "\\s+(?:[\\p{L}'-]+)(?:\\s+[\\p{L}'-]+){0,2}",
                Pattern.CASE_INSENSITIVE));
        PATTERNS.put(MaskedKind.PHONE_NUMBER, Pattern.compile(
                "(?<![\\p{L}0-9])\\+?\\(?\\d(?:[\\s().\\-]{0,3}\\d){6,14}(?![\\p{L}0-9])"
                        + "|\\b" + NUMBER_WORD + "(?:[\\s,-]+" + NUMBER_WORD + "){6,}\\b",
                Pattern.CASE_INSENSITIVE));
    }

    private final Set<MaskedKind> enabled;

    @Inject
    ChatScreen(MediaSettings settings) {
        this(enabledKinds(settings.chat()));
    }

    public ChatScreen(Set<MaskedKind> enabled) {
        this.enabled = enabled.isEmpty() ? EnumSet.noneOf(MaskedKind.class) : EnumSet.copyOf(enabled);
    }

    /** The text with every enabled kind of contact detail replaced by a placeholder, and which kinds were found. */
    public Screened screen(String text) {
        String screened = text;
        Set<MaskedKind> found = EnumSet.noneOf(MaskedKind.class);
        for (Map.Entry<MaskedKind, Pattern> entry : PATTERNS.entrySet()) {
            if (!enabled.contains(entry.getKey())) {
                continue;
            }
            Matcher matcher = entry.getValue().matcher(screened);
            if (matcher.find()) {
                found.add(entry.getKey());
                screened = matcher.replaceAll(Matcher.quoteReplacement(placeholder(entry.getKey())));
            }
        }
        return new Screened(screened, found);
    }

    private static String placeholder(MaskedKind kind) {
        return "[" + kind.name().toLowerCase().replace('_', ' ') + " hidden]";
    }

    private static Set<MaskedKind> enabledKinds(MediaSettings.Chat chat) {
        Set<MaskedKind> kinds = EnumSet.noneOf(MaskedKind.class);
        if (chat.maskPhoneNumbers()) {
            kinds.add(MaskedKind.PHONE_NUMBER);
        }
        if (chat.maskEmails()) {
            kinds.add(MaskedKind.EMAIL);
        }
        if (chat.maskStreetAddresses()) {
            kinds.add(MaskedKind.STREET_ADDRESS);
        }
        if (chat.maskUrls()) {
            kinds.add(MaskedKind.URL);
        }
        return kinds;
    }

    /** @param text the text to store and deliver; @param masked the kinds that were replaced */
    public record Screened(String text, Set<MaskedKind> masked) {
    }
}
