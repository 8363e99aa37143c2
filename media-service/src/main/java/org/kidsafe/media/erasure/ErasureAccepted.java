package org.kidsafe.media.erasure;

import java.util.UUID;

/**
 * Fired when an erasure job is stored (step 1 of {@link ErasureService}); observed after its transaction committed,
 * so {@link ErasureWorker} starts step 2 at once on this replica (issue 22 item 3) instead of at the next tick of
 * {@link ErasureRetryJob}.
 */
record ErasureAccepted(UUID erasureId) {
}
