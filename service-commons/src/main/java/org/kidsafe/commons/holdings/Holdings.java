package org.kidsafe.commons.holdings;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The holdings contract shared by every service (16 CFR 312.6 parent review): each service answers
 * {@code GET /v1/children/{childId}/holdings} with this, and the gateway reads it back as this to
 * combine the services' answers.
 *
 * @param service  the answering service, e.g. {@code media-service}
 * @param holdings one entry per kind of data held, kinds with nothing held included where a service lists them
 */
@Schema(name = "Holdings", description = "What one service holds about a child, per kind of data.")
public record Holdings(String service, List<Holding> holdings) {
}
