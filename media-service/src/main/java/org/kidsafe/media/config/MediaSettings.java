package org.kidsafe.media.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** media-service's own settings; retention periods come from the shared RetentionPolicy. */
@ConfigMapping(prefix = "kidsafe.media")
public interface MediaSettings {

    Store store();

    /** Largest photo accepted, in bytes (413 beyond). */
    @WithDefault("10485760")
    long photoMaxBytes();

    /** Largest voice clip accepted, in bytes (413 beyond). */
    @WithDefault("5242880")
    long voiceMaxBytes();

    /** Decompression-bomb guard: an image declaring more pixels than this is refused (422). */
    @WithDefault("40000000")
    long maxImagePixels();

    Chat chat();

    interface Store {
        /** Root folder of the filesystem blob store; one sub-folder per child. */
        Path directory();
    }

    /** Screening of chat written by a child: which kinds of contact details are masked before storage. */
    interface Chat {
        @WithDefault("500")
        int maxLength();

        @WithDefault("true")
        boolean maskPhoneNumbers();

        @WithDefault("true")
        boolean maskEmails();

        @WithDefault("true")
        boolean maskStreetAddresses();

        @WithDefault("true")
        boolean maskUrls();
    }
}
