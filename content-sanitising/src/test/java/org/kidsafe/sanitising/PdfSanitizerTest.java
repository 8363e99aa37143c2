package org.kidsafe.sanitising;

import org.junit.jupiter.api.Test;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.testsupport.HostileImages;
import org.kidsafe.testsupport.HostilePdfs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 18 item 2: a signed form's PDF keeps its page and loses its metadata, attachments, scripts and photo GPS, or is refused. */
class PdfSanitizerTest {

    private final PdfSanitizer sanitizer = new PdfSanitizer(40_000_000);

    @Test
    void metadataAttachmentsScriptsAndPhotoGpsAreRemovedAndThePageStays() {
        byte[] hostile = HostilePdfs.withMetadataAttachmentsAndScripts();
        assertTrue(HostilePdfs.everything(hostile).contains(HostileImages.SECRET), "control: the hostile PDF carries the secret");
        assertEquals(List.of("A", "EF", "EmbeddedFiles", "Info", "JS", "Metadata", "OpenAction"),
                List.copyOf(HostilePdfs.activeOrMetadataKeys(hostile)), "control: every kind is planted");

        byte[] cleaned = sanitizer.clean(hostile);

        String everything = HostilePdfs.everything(cleaned);
        assertFalse(everything.contains(HostileImages.SECRET), "no metadata, attachment or script text is left");
        assertTrue(HostilePdfs.activeOrMetadataKeys(cleaned).isEmpty(), () -> "left: " + HostilePdfs.activeOrMetadataKeys(cleaned));
        assertFalse(everything.contains("FileAttachment"), "the attachment annotation is gone");
        assertTrue(everything.contains(HostilePdfs.FORM_TEXT), "the form's own text stays");
        List<byte[]> images = HostilePdfs.rawImages(cleaned);
        assertEquals(1, images.size(), "the photo stays");
        assertFalse(HostileImages.contains(images.get(0), HostileImages.GPS_LATITUDE), "without its Exif GPS");
        assertFalse(HostileImages.contains(images.get(0), "Exif".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aPlainFormStaysReadable() {
        byte[] cleaned = sanitizer.clean(HostilePdfs.plain());
        assertTrue(HostilePdfs.everything(cleaned).contains(HostilePdfs.FORM_TEXT));
    }

    @Test
    void whatCannotBeReadIsRefusedAsAProblem() {
        byte[] truncated = Arrays.copyOf(HostilePdfs.plain(), 40);
        byte[] onlyAScript = "%PDF-1.7\n1 0 obj << /JS (app.alert(1)) >>".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : List.of(truncated, "%PDF-1.7\nnothing else".getBytes(StandardCharsets.US_ASCII), onlyAScript)) {
            ProblemException refused = assertThrows(ProblemException.class, () -> sanitizer.clean(bad));
            assertEquals(422, refused.status());
        }
    }
}
