package org.kidsafe.sanitising;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.kidsafe.commons.problem.ProblemException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Cleans a PDF with Apache PDFBox, or refuses it (422), so that a signed consent form keeps only what a reviewer needs to
 * read it (issue 18 item 2): the document information dictionary (author, creator, dates) goes, and everywhere in the
 * document every XMP metadata stream, embedded file and file attachment, JavaScript, open and additional action, action of
 * an annotation or outline, and multimedia annotation. A filled-in form is flattened into its pages first, so its fields'
 * scripts go too. Photos inside the PDF (DCT-encoded images, a phone scan's usual content) are cleaned by
 * {@link JpegSanitizer}, so their Exif GPS goes as in a JPEG upload. The document is written anew: earlier revisions,
 * unreferenced objects and bytes after the end are not copied. An encrypted document that does not open without a
 * password, or one PDFBox cannot read, is refused.
 * <p>
 * Unlike the other filters this one reads the whole file (a PDF is read by its cross-reference table at the end): the
 * caller bounds the size first.
 */
public final class PdfSanitizer implements ContentFilter {

    /** Keys whose value is metadata, an attachment or something that runs, wherever they occur. */
    private static final List<COSName> REMOVED_KEYS = List.of(
            COSName.METADATA, COSName.PIECE_INFO, COSName.JS, COSName.JAVA_SCRIPT, COSName.OPEN_ACTION, COSName.AA,
            COSName.A, COSName.EMBEDDED_FILES, COSName.EMBEDDED_FILE, COSName.EF, COSName.URI, COSName.XFA,
            COSName.getPDFName("RichMediaContent"), COSName.getPDFName("Collection"));
    /** Annotations that carry a file, a sound, a movie or other active content: removed from every page. */
    private static final Set<COSName> REMOVED_ANNOTATIONS = Set.of(COSName.getPDFName("FileAttachment"), COSName.getPDFName("Sound"),
            COSName.getPDFName("Movie"), COSName.getPDFName("Screen"), COSName.getPDFName("RichMedia"), COSName.getPDFName("3D"));

    private final long maxImagePixels;

    /** @param maxImagePixels the pixel limit of each photo inside the PDF, as for an image upload */
    public PdfSanitizer(long maxImagePixels) {
        this.maxImagePixels = maxImagePixels;
    }

    @Override
    public void copy(InputStream in, OutputStream out) throws IOException {
        out.write(clean(in.readAllBytes()));
    }

    /** The cleaned document; refuses with a 422 problem what it cannot clean. */
    public byte[] clean(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            if (document.getNumberOfPages() == 0) {
                throw SanitisingProblems.corrupt("The PDF has no pages.");
            }
            document.setAllSecurityToBeRemoved(true);
            flattenForm(document);
            document.getDocument().getTrailer().removeItem(COSName.INFO);
            strip(document.getDocument().getTrailer());
            ByteArrayOutputStream cleaned = new ByteArrayOutputStream(pdf.length);
            document.save(cleaned);
            return cleaned.toByteArray();
        } catch (InvalidPasswordException e) {
            throw SanitisingProblems.corrupt("The PDF is protected by a password; upload it without one.");
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw SanitisingProblems.corrupt("The PDF cannot be read.");
        }
    }

    /** Fields become page content, so no field (nor its scripts or XFA) is left to run. */
    private static void flattenForm(PDDocument document) throws IOException {
        PDAcroForm form = document.getDocumentCatalog().getAcroForm();
        if (form != null) {
            form.flatten();
            document.getDocumentCatalog().getCOSObject().removeItem(COSName.ACRO_FORM);
        }
    }

    /** Walks every object reachable from the trailer once, removing what {@link #REMOVED_KEYS} names and cleaning photos. */
    private void strip(COSDictionary trailer) throws IOException {
        Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSBase> todo = new ArrayDeque<>();
        todo.push(trailer);
        while (!todo.isEmpty()) {
            COSBase item = resolve(todo.pop());
            if (item == null || !seen.add(item)) {
                continue;
            }
            if (item instanceof COSDictionary dictionary) {
                REMOVED_KEYS.forEach(dictionary::removeItem);
                if (dictionary instanceof COSStream stream && isJpegImage(stream)) {
                    cleanJpeg(stream);
                }
                for (COSName key : List.copyOf(dictionary.keySet())) {
                    todo.push(dictionary.getItem(key));
                }
            } else if (item instanceof COSArray array) {
                for (int i = array.size() - 1; i >= 0; i--) {
                    if (resolve(array.get(i)) instanceof COSDictionary element && isRemovedAnnotation(element)) {
                        array.remove(i);
                    } else {
                        todo.push(array.get(i));
                    }
                }
            }
        }
    }

    private static boolean isRemovedAnnotation(COSDictionary dictionary) {
        COSName subtype = dictionary.getCOSName(COSName.SUBTYPE);
        return subtype != null && REMOVED_ANNOTATIONS.contains(subtype);
    }

    private static COSBase resolve(COSBase item) {
        return item instanceof COSObject reference ? reference.getObject() : item;
    }

    private static boolean isJpegImage(COSStream stream) {
        if (!COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))) {
            return false;
        }
        COSBase filter = resolve(stream.getItem(COSName.FILTER));
        return COSName.DCT_DECODE.equals(filter)
                || filter instanceof COSArray filters && filters.size() == 1 && COSName.DCT_DECODE.equals(resolve(filters.get(0)));
    }

    /** The image's JPEG bytes, rewritten without Exif, XMP, comments and the rest, as an uploaded photo is. */
    private void cleanJpeg(COSStream stream) throws IOException {
        byte[] jpeg;
        try (InputStream raw = stream.createRawInputStream()) {
            jpeg = raw.readAllBytes();
        }
        ByteArrayOutputStream cleaned = new ByteArrayOutputStream(jpeg.length);
        new JpegSanitizer(maxImagePixels).copy(new ByteArrayInputStream(jpeg), cleaned);
        try (OutputStream raw = stream.createRawOutputStream()) {
            raw.write(cleaned.toByteArray());
        }
    }
}
