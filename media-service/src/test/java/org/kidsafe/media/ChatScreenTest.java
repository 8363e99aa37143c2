package org.kidsafe.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kidsafe.media.sanitize.MaskedKind;
import org.kidsafe.media.sanitize.ChatScreen;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Contact details typed by a child are masked; ordinary chat is left alone. */
class ChatScreenTest {

    private final ChatScreen everything = new ChatScreen(EnumSet.allOf(MaskedKind.class));

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "call me on 555-123-4567                        | PHONE_NUMBER                | 555-123-4567",
            "my number is +44 20 7946 0958                  | PHONE_NUMBER                | 7946",
            "(555) 123 4567 is mums phone                   | PHONE_NUMBER                | 123 4567",
            "ring 555.123.4567 later                        | PHONE_NUMBER                | 555.123.4567",
            "07700900123                                    | PHONE_NUMBER                | 07700900123",
            "five five five one two three four              | PHONE_NUMBER                | five five five",
            "email me at kid@example.com                    | EMAIL                       | kid@example.com",
            "JANE.DOE@MAIL.CO.UK is my mum                  | EMAIL                       | JANE.DOE",
            "tom(at)gmail(dot)com                           | EMAIL                       | gmail",
            "write to sam @ school.org                      | EMAIL                       | school.org",
            "go to https://example.com/secret?id=4          | URL                         | example.com",
            "visit www.coolgames.net now                    | URL                         | coolgames",
            "play on roblox.com with me                     | URL                         | roblox.com",
            "bit.ly/abc123                                  | URL                         | bit.ly",
            "http://192.168.0.1/admin                       | URL                         | 192.168",
            "I live at 42 Maple Street                      | STREET_ADDRESS              | 42 Maple",
            "123 main st. is my house                       | STREET_ADDRESS              | 123 main st",
            "my house is on Baker Street                    | STREET_ADDRESS              | Baker",
            "we live in elm road                            | STREET_ADDRESS              | elm road",
            "10 Downing Street, London                      | STREET_ADDRESS              | Downing",
            "I live at 7 Oak Avenue, call 555 123 4567      | STREET_ADDRESS,PHONE_NUMBER | Oak Avenue",
            "mail bob@example.com or see bob.example.com    | EMAIL,URL                   | example",
            "call 555 - 123 - 4567 now                      | PHONE_NUMBER                | 4567",
            "mi número es +52 55 1234 5678                  | PHONE_NUMBER                | 1234",
            "llámame al (55) 1234 5678                      | PHONE_NUMBER                | 1234 5678",
            "mi cel es 55 - 1234 - 5678                     | PHONE_NUMBER                | 5678",
            "cinco cinco uno dos tres cuatro cinco          | PHONE_NUMBER                | cuatro",
            "marca al cero cuarenta y cuatro                |                             | ",
            "we are in apt 4B                               | STREET_ADDRESS              | 4B",
            "Springfield, IL 62704                          | STREET_ADDRESS              | 62704",
            "vivo en Calle Reforma 25                       | STREET_ADDRESS              | Reforma 25",
            "Av. Insurgentes Sur 1602 int. 3                | STREET_ADDRESS              | Insurgentes",
            "mi casa es avenida Juárez #45                  | STREET_ADDRESS              | Juárez",
            "estamos en la Col. Roma Norte                  | STREET_ADDRESS              | Roma",
            "colonia del Valle, ya sabes                    | STREET_ADDRESS              | Valle",
            "C.P. 06700, Ciudad de México                  | STREET_ADDRESS              | 06700",
            "código postal 44100                            | STREET_ADDRESS              | 44100",
            "vivo en la calle Hidalgo                       | STREET_ADDRESS              | Hidalgo",
            "jugamos en la calle                            |                             | ",
            "tengo 3 gatos y 2 perros                       |                             | ",
            "I did unit 3 in math                           |                             | ",
            "I have 3 cats and 2 dogs                       |                             | ",
            "see you at 5 o'clock                           |                             | ",
            "my score is 12000 points                       |                             | ",
            "I got 2 points in first place                  |                             | ",
            "born on 12/05/2016                             |                             | ",
            "meet @ the park. Then lunch                    |                             | ",
            "the answer is 42                               |                             | ",
            "I love minecraft                               |                             | ",
    })
    void masksContactDetails(String text, String expectedKinds, String mustDisappear) {
        // A blank column means none: no kind masked, nothing that must disappear.
        ChatScreen.Screened screened = everything.screen(text);

        assertEquals(kinds(expectedKinds), screened.masked());
        if (mustDisappear == null) {
            assertEquals(text, screened.text(), "ordinary chat must not be changed");
        } else {
            assertFalse(screened.text().contains(mustDisappear), () -> "still visible in: " + screened.text());
            assertTrue(screened.text().contains("hidden]"), "a placeholder shows where something was masked");
        }
    }

    @Test
    void onlyTheConfiguredKindsAreMasked() {
        ChatScreen emailsOnly = new ChatScreen(EnumSet.of(MaskedKind.EMAIL));

        ChatScreen.Screened screened = emailsOnly.screen("kid@example.com or 555-123-4567");

        assertEquals(EnumSet.of(MaskedKind.EMAIL), screened.masked());
        assertTrue(screened.text().contains("555-123-4567"));
        assertFalse(screened.text().contains("kid@example.com"));
    }

    private static Set<MaskedKind> kinds(String names) {
        return names == null ? EnumSet.noneOf(MaskedKind.class)
                : Arrays.stream(names.split(",")).map(MaskedKind::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(MaskedKind.class)));
    }
}
