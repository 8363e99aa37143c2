package org.kidsafe.media.sanitize;

import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.media.config.MediaSettings;
import org.kidsafe.sanitising.ContentFilter;
import org.kidsafe.sanitising.JpegSanitizer;
import org.kidsafe.sanitising.OggOpusSanitizer;
import org.kidsafe.sanitising.PngSanitizer;
import org.kidsafe.sanitising.WavSanitizer;

/** The filter for each accepted format, configured from the settings. */
@ApplicationScoped
public class MediaFilters {

    private final MediaSettings settings;

    MediaFilters(MediaSettings settings) {
        this.settings = settings;
    }

    public ContentFilter forFormat(MediaFormat format) {
        return switch (format) {
            case JPEG -> new JpegSanitizer(settings.maxImagePixels());
            case PNG -> new PngSanitizer(settings.maxImagePixels());
            case WAV -> new WavSanitizer();
            case OGG_OPUS -> new OggOpusSanitizer();
        };
    }

    /** Largest upload accepted for a format, in bytes. */
    public long maxBytes(MediaFormat format) {
        return format.kind() == MediaKind.PHOTO ? settings.photoMaxBytes() : settings.voiceMaxBytes();
    }
}
