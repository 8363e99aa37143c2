package org.kidsafe.profile.displayname;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tricky names: what a child or parent might type, and what the policy must say about it. */
class DisplayNamePolicyTest {

    private final DisplayNamePolicy policy = new DisplayNamePolicy();

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            BraveOtter7                  | OK              | generator style with a small number
            Captain Pancake              | OK              | a plain nickname
            Zippy the Zebra              | OK              | words that are neither first nor last names
            Emma                         | OK              | a first name alone identifies no one
            Smith                        | OK              | a surname alone identifies no one
            Sir Fluffy-Pants             | OK              | hyphen allowed
            Mr. Wiggles                  | OK              | a dot that is not a domain
            Agent 007                    | OK              | three digits are fine
            Élodie la Licorne            | OK              | letters of other languages
            Rocket_Raccoon               | OK              | underscore allowed
            Cat at Sea                   | OK              | at without a domain is no email
            Jo                           | TOO_SHORT       | two letters
            The Amazing Super Duper Dinosaur | TOO_LONG    | over 24 characters
            Star★Power                   | CHARACTERS      | symbols are not allowed
            emma.j@gmail.com             | EMAIL           | a plain email address
            emma at gmail dot com        | EMAIL           | spelled-out email
            kid (at) mail (dot) org      | EMAIL           | bracketed spelled-out email
            www.coolkid.com              | URL             | a web address
            coolkid.net                  | URL             | a bare domain
            https://x.y                  | URL             | a link
            coolkid dot com              | URL             | spelled-out domain
            @coolkid                     | SOCIAL_HANDLE   | a social handle
            Follow me @kiddo             | SOCIAL_HANDLE   | a handle inside a name
            ig: kiddo                    | SOCIAL_HANDLE   | an Instagram handle by prefix
            my tiktok is kiddo           | SOCIAL_HANDLE   | a platform named outright
            555-123-4567                 | PHONE_NUMBER    | a US phone number
            (555) 123 4567               | PHONE_NUMBER    | phone with brackets and spaces
            +1 555 123 4567              | PHONE_NUMBER    | international format
            5 5 5 1 2 3 4                | PHONE_NUMBER    | spaced digits
            555 dash 123 dash 4567       | PHONE_NUMBER    | spelled-out separators
            five five five one two three four | PHONE_NUMBER | spelled-out digits
            12 Elm Street                | STREET_ADDRESS  | number and street word
            42 Oak Ave                   | STREET_ADDRESS  | abbreviated street word
            7 Maple Grove Rd             | STREET_ADDRESS  | several words before the street word
            apt 4                        | STREET_ADDRESS  | an apartment number
            Kid 2015                     | TOO_MANY_DIGITS | a birth year
            Ninja12345                   | TOO_MANY_DIGITS | a long number
            Emma Johnson                 | REAL_NAME       | first and last name
            EmmaJohnson                  | REAL_NAME       | camel case full name
            emmajohnson                  | REAL_NAME       | run-together full name
            Johnson Emma                 | REAL_NAME       | last name first
            liam_garcia_09               | REAL_NAME       | full name with separators and a number
            Olivia Rose Martinez         | REAL_NAME       | with a middle name
            José García                  | REAL_NAME       | Spanish name with accents
            Ximena Villanueva            | REAL_NAME       | Spanish given name and surname
            XimenaVillanueva             | REAL_NAME       | Spanish full name in camel case
            jimenasanchez                | REAL_NAME       | Spanish full name run together without accents
            Sánchez Benjamín             | REAL_NAME       | Spanish surname first
            Calle Luna 12                | STREET_ADDRESS  | Mexican street, type before name
            Av. Juárez 45                | STREET_ADDRESS  | abbreviated avenida
            Col. Roma 3                  | STREET_ADDRESS  | colonia with a number
            CP 06700                     | STREET_ADDRESS  | Mexican postcode
            Tigre Valiente               | OK              | a Spanish nickname
            Luna                         | OK              | a Spanish surname alone identifies no one
            """)
    void decides(String name, String expected, String why) {
        String verdict = policy.check(name).map(Enum::name).orElse("OK");
        assertEquals(expected, verdict, why);
    }
}
