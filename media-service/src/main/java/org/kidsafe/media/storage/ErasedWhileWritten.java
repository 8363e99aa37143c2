package org.kidsafe.media.storage;

import java.io.IOException;

/**
 * A blob could not be put in place because an erasure deleted its prefix (the partial file included) while it was being
 * written. The caller answers as it answers an erasure that overtook an upload, never with a 500 (principle 5).
 */
public class ErasedWhileWritten extends IOException {

    public ErasedWhileWritten(String key, Throwable cause) {
        super("The blob " + key + " was erased while it was being written", cause);
    }
}
