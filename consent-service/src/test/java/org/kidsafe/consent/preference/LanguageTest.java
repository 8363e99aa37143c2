package org.kidsafe.consent.preference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 19 item 10: which supported language a browser's Accept-Language asks for, by the quality it gives each. */
class LanguageTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            es                              | es
            es-MX,es;q=0.9,en;q=0.8         | es
            en-US,en;q=0.9,es;q=0.8         | en
            fr-FR,fr;q=0.9,es;q=0.5         | es
            fr-FR,de;q=0.9                  | NONE
            en;q=0.1,es;q=0.9               | es
            ES-us                           | es
            *                               | NONE
            not a header;;;                 | NONE
            NONE                            | NONE
            """)
    void theFirstSupportedLanguageByQuality(String header, String expected) {
        assertEquals(expected, Language.ofAcceptLanguage(header).map(Language::code).orElse(null));
    }
}
