package org.kidsafe.profile.rest;

import org.kidsafe.profile.service.Holding;

import java.util.List;

/** What this service holds about a child, by kind; the gateway combines the services' answers. */
public record HoldingsView(String service, List<Holding> holdings) {
}
