package org.kidsafe.media.storage;

import java.io.IOException;

/**
 * A blob could not be written because an erasure deleted its prefix meanwhile: the partial file being written, or its
 * folder again and again. The caller answers as it answers an erasure that overtook an upload, never with a 500
 * (principle 5).
 */
public class ErasedWhileWritten extends IOException {

    public ErasedWhileWritten(String key, Throwable cause) {
        super("The blob " + key + " was erased while it was being written", cause);
    }
}
