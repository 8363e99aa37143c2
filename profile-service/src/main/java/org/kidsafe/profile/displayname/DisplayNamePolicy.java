package org.kidsafe.profile.displayname;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides whether a display name is safe to show: a nickname, not personal information that could
 * identify or contact a child (16 CFR 312.2 "personal information"). Errs on the side of refusing.
 */
@ApplicationScoped
public class DisplayNamePolicy {

    static final int MIN_LENGTH = 3;
    static final int MAX_LENGTH = 24;
    static final int MAX_DIGITS = 3;

    private static final String SPELLED_DOT = "(?:\\.|\\s*[(\\[{]\\s*dot\\s*[)\\]}]\\s*|\\s+dot\\s+)";
    private static final Pattern EMAIL = Pattern.compile(
            "[\\p{L}\\p{N}._%+-]+\\s*(?:@|[(\\[{]\\s*at\\s*[)\\]}]|\\s+at\\s+)\\s*[\\p{L}\\p{N}-]+(?:" + SPELLED_DOT + "[\\p{L}\\p{N}-]+)+");
    private static final Pattern URL = Pattern.compile(
            "(?:https?\\s*:|www" + SPELLED_DOT + "|\\b[\\p{L}\\p{N}-]+" + SPELLED_DOT
                    + "(?:com|net|org|io|co|uk|us|ca|de|fr|app|me|tv|gg|info|biz|xyz|edu|gov|ly|be|to|link|site|online|club|live)\\b)");
    private static final Pattern SOCIAL_HANDLE = Pattern.compile(
            "(?:(?:^|[\\s_.-])@[\\p{L}\\p{N}_.]{2,}"
                    + "|\\b(?:ig|sc|yt|tt|insta|snap|tiktok|discord|twitter|x)\\s*[:@]"
                    + "|\\b(?:instagram|snapchat|tiktok|discord|youtube|twitter|facebook|whatsapp|telegram|twitch)\\b)");
    private static final Pattern NUMBER_WORD = Pattern.compile("\\b(zero|oh|one|two|three|four|five|six|seven|eight|nine)\\b");
    private static final List<String> DIGIT_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    private static final Pattern SEPARATOR_WORD = Pattern.compile("\\b(dash|hyphen|dot|point|space|slash|minus|plus)\\b");
    /** Seven or more digits separated only by what people put between the groups of a phone number. */
    private static final Pattern PHONE = Pattern.compile("\\d(?:[\\s().\\-/_+]*\\d){6,}");
    private static final Pattern STREET_ADDRESS = Pattern.compile(
            "(?:\\b\\d{1,6}(?:st|nd|rd|th)?\\s*[a-z]?\\s+(?:[\\p{L}]+\\s+){0,3}"
                    + "(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|terrace|circle|cir"
                    + "|highway|hwy|parkway|pkwy|trail|square|sq|alley|crescent|close)\\b"
                    + "|\\b(?:apt|apartment|suite|unit|po\\s*box|p\\.o\\.\\s*box)\\s*#?\\s*\\d+"
                    // Mexico (issue 19 item 10): the street type comes first ("Calle Luna 12", "Av. Juárez 45"), postcodes "C.P. 06700"
                    + "|(?<!\\p{L})(?:calle|c/|avenida|av\\.?|avda\\.?|calzada|calz\\.?|privada|priv\\.?|andador|circuito|cerrada"
                    + "|callej[oó]n|prolongaci[oó]n|col\\.|colonia|depto\\.?|int\\.)\\s*(?:[\\p{L}]+\\s+){0,3}#?\\s*\\d+"
                    + "|\\bc\\.?\\s?p\\.?\\s*\\d{5})");
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{M}\\p{Nd} '\\-_.]+");
    private static final Pattern WORD_BREAK = Pattern.compile("[\\s_.\\-'\\p{Nd}]+|(?<=\\p{Ll})(?=\\p{Lu})");
    private static final int MIN_JOINED_NAME = 5;
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

    private final Set<String> firstNames;
    private final Set<String> lastNames;

    public DisplayNamePolicy() {
        this.firstNames = names("display-names/first-names.txt", "display-names/first-names-es.txt");
        this.lastNames = names("display-names/last-names.txt", "display-names/last-names-es.txt");
    }

    /** The name as it is stored and shown: Unicode-normalised, trimmed, single spaces. */
    public static String tidy(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ");
    }

    /** The form two names are compared in for uniqueness: letters and digits only, lower case. */
    public static String comparable(String name) {
        return tidy(name).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{Nd}]", "");
    }

    /** Why the name must be refused, or empty when it is a safe nickname. */
    public Optional<DisplayNameRefusal> check(String name) {
        String tidy = tidy(name);
        if (tidy.codePointCount(0, tidy.length()) < MIN_LENGTH) {
            return Optional.of(DisplayNameRefusal.TOO_SHORT);
        }
        String lower = tidy.toLowerCase(Locale.ROOT);
        if (EMAIL.matcher(lower).find()) {
            return Optional.of(DisplayNameRefusal.EMAIL);
        }
        if (URL.matcher(lower).find()) {
            return Optional.of(DisplayNameRefusal.URL);
        }
        if (SOCIAL_HANDLE.matcher(lower).find()) {
            return Optional.of(DisplayNameRefusal.SOCIAL_HANDLE);
        }
        String digitsSpelledOut = spelledOutAsDigits(lower);
        if (PHONE.matcher(digitsSpelledOut).find()) {
            return Optional.of(DisplayNameRefusal.PHONE_NUMBER);
        }
        if (STREET_ADDRESS.matcher(digitsSpelledOut).find()) {
            return Optional.of(DisplayNameRefusal.STREET_ADDRESS);
        }
        if (tidy.codePoints().filter(Character::isDigit).count() > MAX_DIGITS) {
            return Optional.of(DisplayNameRefusal.TOO_MANY_DIGITS);
        }
        if (looksLikeFullName(tidy)) {
            return Optional.of(DisplayNameRefusal.REAL_NAME);
        }
        if (tidy.codePointCount(0, tidy.length()) > MAX_LENGTH) {
            return Optional.of(DisplayNameRefusal.TOO_LONG);
        }
        if (!ALLOWED.matcher(tidy).matches()) {
            return Optional.of(DisplayNameRefusal.CHARACTERS);
        }
        return Optional.empty();
    }

    /** "five five five dash one two..." reads as "5 5 5 - 1 2..." so spelled-out numbers are caught too. */
    private static String spelledOutAsDigits(String lower) {
        Matcher digits = NUMBER_WORD.matcher(lower);
        StringBuilder converted = new StringBuilder();
        while (digits.find()) {
            String word = digits.group(1);
            digits.appendReplacement(converted, String.valueOf("oh".equals(word) ? 0 : DIGIT_WORDS.indexOf(word)));
        }
        digits.appendTail(converted);
        return SEPARATOR_WORD.matcher(converted).replaceAll("-");
    }

    /** A first name followed by a surname (or the reverse), as words, in camel case or run together. */
    private boolean looksLikeFullName(String tidy) {
        List<String> words = WORD_BREAK.splitAsStream(tidy)
                .filter(word -> !word.isEmpty())
                .map(word -> withoutAccents(word.toLowerCase(Locale.ROOT)))
                .toList();
        for (int i = 0; i + 1 < words.size(); i++) {
            String one = words.get(i);
            String next = words.get(i + 1);
            if (firstNames.contains(one) && lastNames.contains(next) || lastNames.contains(one) && firstNames.contains(next)) {
                return true;
            }
        }
        return words.stream().anyMatch(this::isJoinedFullName);
    }

    private boolean isJoinedFullName(String word) {
        for (int split = 2; split <= word.length() - 2 && word.length() >= MIN_JOINED_NAME; split++) {
            if (firstNames.contains(word.substring(0, split)) && lastNames.contains(word.substring(split))) {
                return true;
            }
        }
        return false;
    }

    /** English and Spanish lists as one set, accents folded: "Jose Garcia" is refused like "José García" (issue 19 item 10). */
    private static Set<String> names(String... resources) {
        return Stream.of(resources).flatMap(resource -> wordList(resource).stream())
                .map(DisplayNamePolicy::withoutAccents).collect(Collectors.toUnmodifiableSet());
    }

    private static String withoutAccents(String word) {
        return COMBINING_MARKS.matcher(Normalizer.normalize(word, Normalizer.Form.NFD)).replaceAll("");
    }

    static List<String> wordList(String resource) {
        InputStream stream = DisplayNamePolicy.class.getClassLoader().getResourceAsStream(resource);
        if (stream == null) {
            throw new IllegalStateException("Missing word list " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
