package org.kidsafe.bench;

import org.junit.jupiter.api.Test;
import org.kidsafe.sanitising.JpegSanitizer;
import org.kidsafe.sanitising.WavSanitizer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The uploads benchmark's media are what the issue names and what media-service's filters accept. */
class SampleMediaTest {

    @Test
    void theUploadedPhotoIsAbout500KibAndPassesTheJpegFilterLosingItsExif() throws IOException {
        byte[] photo = SampleMedia.photo(UploadBenchmark.PHOTO_WIDTH, UploadBenchmark.PHOTO_HEIGHT);
        assertTrue(photo.length > 450 * 1024 && photo.length < 550 * 1024, "issue 22 item 4: a 500 KiB photo, not " + photo.length + " B");
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        new JpegSanitizer(40_000_000).copy(new ByteArrayInputStream(photo), kept);
        assertTrue(photo.length - kept.size() > 19_000, "the Exif block is dropped");
        assertArrayEquals(photo, SampleMedia.photo(UploadBenchmark.PHOTO_WIDTH, UploadBenchmark.PHOTO_HEIGHT), "deterministic");
    }

    @Test
    void theVoiceClipIsAWavTheFilterKeepsWhole() throws IOException {
        byte[] clip = SampleMedia.voiceClip(250);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        new WavSanitizer().copy(new ByteArrayInputStream(clip), kept);
        assertEquals(44 + 2 * 2_000, kept.size(), "RIFF, fmt and data headers and 2,000 16-bit samples");
        assertArrayEquals(Arrays.copyOfRange(clip, clip.length - 4_000, clip.length), Arrays.copyOfRange(kept.toByteArray(), 44, kept.size()));
    }
}
